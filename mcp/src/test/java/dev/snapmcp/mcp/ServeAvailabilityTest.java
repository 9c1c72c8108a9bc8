package dev.snapmcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code serve} stays available whatever a client writes, and goes away (with its embedded bridge closed cleanly) when
 * the client does: stdin closed, or stdout no longer writable.
 */
class ServeAvailabilityTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  static String toolCall(int id, String tool, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + arguments + "}}";
  }

  static void send(OutputStream stdin, String line) throws Exception {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  static ChildJvm serve(TempStateDir state) throws Exception {
    return ChildJvm.builder("dev.snapmcp.mcp.cli.Main")
        .args(ServeProcessTest.serveArgs(state, ServeProcessTest.freePort()))
        .name("serve")
        .start();
  }

  @Test
  void invalidIdsGetInvalidRequestAndTheServerKeepsServing() throws Exception {
    List<String> badIds = List.of("null", "1.5", "true", "[1]", "{\"a\":1}", "123456789012345678901234567890");
    try (TempStateDir state = TempStateDir.create(); ChildJvm serve = serve(state)) {
      for (String id : badIds) {
        send(serve.stdin(), "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
      }
      send(serve.stdin(), INITIALIZE);
      send(serve.stdin(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
      serve.awaitLine(l -> l.contains("\"id\":2"), TIMEOUT);

      List<String> lines = serve.stdoutLines();
      for (int i = 0; i < badIds.size(); i++) {
        JsonNode answer = Json.mapper().readTree(lines.get(i));
        assertEquals(-32600, answer.path("error").path("code").asInt(), badIds.get(i) + ": " + lines.get(i));
        assertTrue(answer.path("id").isNull(), lines.get(i));
      }
      assertEquals(1, Json.mapper().readTree(lines.get(badIds.size())).path("id").asInt(), "initialize answered");

      long closed = System.nanoTime();
      serve.stdin().close();
      assertEquals(0, serve.waitFor(TIMEOUT), serve.stderr());
      System.err.println("serve exited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed)
          + " ms after stdin closed (JVM exit included)");
    }
  }

  @Test
  void closingStdinClosesTheEmbeddedBridgeAndRecordsTheTabDisconnected() throws Exception {
    try (TempStateDir state = TempStateDir.create(); ChildJvm serve = serve(state)) {
      send(serve.stdin(), INITIALIZE);
      send(serve.stdin(), INITIALIZED);
      send(serve.stdin(), toolCall(2, "snap_pair", "{}"));
      JsonNode pair = Json.mapper().readTree(serve.awaitLine(l -> l.contains("\"id\":2"), TIMEOUT))
          .path("result").path("structuredContent");
      String[] code = pair.path("code").asString().split("\\.");
      try (FakeBrowser tab = FakeBrowser.to(Integer.parseInt(code[2])).connect()) {
        tab.hello(code[0], code[1]).awaitFrame("welcome", TIMEOUT);
        serve.stdin().close();
        assertEquals(0, serve.waitFor(TIMEOUT), serve.stderr());
        assertEquals(1001, tab.awaitClose(TIMEOUT).code(), "the bridge closed the tab's socket (going away)");
      }
      try (SessionStore store = state.open()) {
        Session session = store.get(code[0]).orElseThrow();
        assertFalse(session.connected(), "recorded disconnected: " + session);
        assertTrue(store.bridge().isEmpty(), "the bridge record was released: " + store.bridge());
      }
    }
  }

  @Test
  void anUnwritableStdoutStopsServeAndItsBridge() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      List<String> command = new ArrayList<>(ServeProcessTest.serveCommand(state, ServeProcessTest.freePort()));
      command.add(0, ChildJvm.javaExecutable());
      Process serve = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        BufferedReader stdout =
            new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        OutputStream stdin = serve.getOutputStream();
        send(stdin, INITIALIZE);
        send(stdin, INITIALIZED);
        send(stdin, toolCall(2, "snap_status", "{}"));
        String status = CompletableFuture.supplyAsync(() -> readAnswer(stdout, "\"id\":2"))
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(status.contains("\"hostedHere\":true"), status);
        try (SessionStore store = state.open()) {
          assertTrue(store.bridge().isPresent(), "serve hosts the bridge");
        }

        stdout.close(); // the client stops reading: serve's next write fails (EPIPE)
        for (int id = 3; id < 6 && serve.isAlive(); id++) {
          send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
        }
        assertTrue(serve.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "serve exits when it cannot write");
        try (SessionStore store = state.open()) {
          assertTrue(store.bridge().isEmpty(), "the bridge record was released: " + store.bridge());
        }
      } finally {
        serve.destroyForcibly();
      }
    }
  }

  private static String readAnswer(BufferedReader stdout, String marker) {
    try {
      for (String line; (line = stdout.readLine()) != null; ) {
        if (line.contains(marker)) {
          return line;
        }
      }
      throw new AssertionError("stdout ended before " + marker);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
