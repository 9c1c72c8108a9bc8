package dev.snapmcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.snapmcp.core.Json;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * serve answers {@code initialize} and {@code server/discover} itself, before the SDK's server of that era is built:
 * each answer must be the one the SDK's server gives (for {@code initialize}, whatever version a client asks for).
 */
class InitializeAnswerTest {

  @TempDir Path stateDir;

  @ParameterizedTest(name = "asked for \"{0}\"")
  @ValueSource(strings = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "2026-07-28", "1999-01-01", ""})
  void theQuickAnswerIsTheSdkServersAnswer(String requested) {
    try (SnapMcpFeatures features = new SnapMcpFeatures(stateDir, 1, (store, port) -> {
      throw new IllegalStateException("no bridge in this test");
    })) {
      AtomicReference<McpStatelessServerHandler> handler = new AtomicReference<>();
      features.legacyServer(new McpStatelessServerTransport() {
        @Override
        public void setMcpHandler(McpStatelessServerHandler given) {
          handler.set(given);
        }

        @Override
        public Mono<Void> closeGracefully() {
          return Mono.empty();
        }

        @Override
        public List<String> protocolVersions() {
          return SnapMcpFeatures.LEGACY_VERSIONS;
        }
      });
      McpSchema.JSONRPCResponse sdk = handler.get().handleRequest(McpTransportContext.EMPTY,
          new McpSchema.JSONRPCRequest("2.0", "initialize", 1, Map.of("protocolVersion", requested,
              "capabilities", Map.of(), "clientInfo", Map.of("name", "t", "version", "1")))).block();
      JsonNode expected = Json.mapper().readTree(features.jsonMapper().writeValueAsString(sdk.result()));
      assertEquals(expected, features.initializeResult(requested));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theQuickDiscoverAnswerIsTheSdkServersAnswer() throws Exception {
    try (SnapMcpFeatures features = new SnapMcpFeatures(stateDir, 1, (store, port) -> {
      throw new IllegalStateException("no bridge in this test");
    })) {
      Map<String, Object> meta = Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28",
          "io.modelcontextprotocol/clientCapabilities", Map.of());
      var response = features.modernServer().handle(McpTransportContext.EMPTY,
          new io.modelcontextprotocol.modern.JsonRpc.JSONRPCRequest("server/discover", 1, Map.of("_meta", meta)))
          .block();
      var result = ((io.modelcontextprotocol.modern.server.McpTransportResponse.Result) response).response().result();
      assertEquals(Json.mapper().readTree(features.jsonMapper().writeValueAsString(result)),
          Json.mapper().readTree(features.discoverResult().toString()), "as a client reads them");
    }
  }
}
