package dev.snapmcp.mcp;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code serve} child process spoken to in raw JSON-RPC lines, in one protocol era: what a test compares is the
 * wire itself. The legacy era starts with {@code initialize}; the 2026-07-28 era puts its {@code _meta} on every
 * request.
 */
final class RawServe implements AutoCloseable {

  private final Process process;
  private final OutputStream in;
  private final boolean modern;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

  private RawServe(TempStateDir state, boolean modern) throws IOException {
    this.modern = modern;
    List<String> command = new ArrayList<>();
    command.add(ChildJvm.javaExecutable());
    command.addAll(ServeProcessTest.serveCommand(state, ServeProcessTest.freePort()));
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    in = process.getOutputStream();
    Thread reader = new Thread(this::readAll, "raw-serve-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** A serve in the 2025-11-25 era (initialized) or the 2026-07-28 era. */
  static RawServe start(TempStateDir state, boolean modern) throws IOException {
    RawServe serve = new RawServe(state, modern);
    if (!modern) {
      serve.request("initialize", Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of(),
          "clientInfo", Map.of("name", "raw", "version", "1")));
      serve.send(Json.mapper().createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    }
    return serve;
  }

  String era() {
    return modern ? "2026-07-28" : "2025-11-25";
  }

  /** Sends a request and returns its whole answer ({@code result} or {@code error}). */
  JsonNode request(String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    answers.put(id, answer);
    ObjectNode message = Json.mapper().createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    ObjectNode body = Json.mapper().valueToTree(params);
    if (modern) {
      body.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", SnapMcpFeatures.MODERN_VERSION)
          .putObject("io.modelcontextprotocol/clientCapabilities");
    }
    message.set("params", body);
    send(message);
    try {
      return answer.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(era() + ": no answer to " + method, e);
    }
  }

  private synchronized void send(JsonNode message) {
    try {
      in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readAll() {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        JsonNode message = Json.mapper().readTree(line);
        if (message.has("id") && !message.has("method")) {
          CompletableFuture<JsonNode> answer = answers.remove(message.path("id").asInt());
          if (answer != null) {
            answer.complete(message);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      answers.values().forEach(a -> a.completeExceptionally(e));
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      in.close();
    } catch (IOException e) {
      // the child has gone already
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
