package dev.snapmcp.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.TeachFile;
import dev.snapmcp.core.TeachMode;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.mcp.cli.Main;
import dev.snapmcp.mcp.tools.ScriptedTab;
import dev.snapmcp.testkit.ChildJvm;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The teacher's mode against {@code serve} as a child process with a scripted tab, in both protocol eras: set from
 * the command line while the client is connected, the client is told, its list shrinks, a write call (the client's
 * cached list still has it) is refused with {@code not_allowed_in_mode} and never reaches the tab.
 */
class TeachModeServeTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void legacyClientIsNotifiedAndRefused() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      List<List<String>> announced = new CopyOnWriteArrayList<>();
      ServerParameters serve = ServerParameters.builder(ChildJvm.javaExecutable())
          .args(ServeProcessTest.serveCommand(state, ServeProcessTest.freePort())).build();
      StdioClientTransport transport = new StdioClientTransport(serve, new JacksonMcpJsonMapper(Json.mapper()));
      transport.setStdErrorHandler(line -> { });
      McpSyncClient client = McpClient.sync(transport)
          .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60))
          .clientInfo(new McpSchema.Implementation("teach-test", "1"))
          .toolsChangeConsumer(tools -> announced.add(tools.stream().map(McpSchema.Tool::name).toList()))
          .build();
      McpSchema.InitializeResult init = client.initialize();
      assertTrue(init.capabilities().tools().listChanged(), "the server says its list can change");
      try (ScriptedTab tab = pairedTab(client)) {
        List<String> all = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertTrue(all.contains("snap_add_script"));

        assertEquals(0, cli(state, "teach", "mode", "guide").exit);
        await().atMost(WAIT).until(() -> !announced.isEmpty());
        List<String> guide = announced.get(announced.size() - 1);
        assertFalse(guide.contains("snap_add_script"), guide.toString());
        assertTrue(guide.contains("snap_run") && guide.contains("snap_get_project"), guide.toString());
        assertEquals(guide, client.listTools().tools().stream().map(McpSchema.Tool::name).toList());

        McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("snap_add_script",
            Map.of("code", "(forward 10)")));
        assertEquals(Boolean.TRUE, refused.isError());
        JsonNode error = Json.mapper().valueToTree(refused.structuredContent()).path("error");
        assertEquals("not_allowed_in_mode", error.path("code").asString());
        assertTrue(error.path("message").asString().contains("snap_explain"), error.toString());
        assertFalse(tab.ops().contains("add_script"), "the tab never saw it: " + tab.ops());
        JsonNode status = Json.mapper().valueToTree(client.callTool(
            new McpSchema.CallToolRequest("snap_status", Map.of())).structuredContent());
        assertEquals("guide", status.path("mode").asString());

        assertEquals(0, cli(state, "teach", "mode", "build").exit);
        await().atMost(WAIT).until(() -> announced.get(announced.size() - 1).contains("snap_add_script"));

        // the teacher's log has every call on the tab, with the client, the mode and the refusal
        await().atMost(WAIT).until(() -> cli(state, "log", "--json").out.contains("not_allowed_in_mode"));
        List<JsonNode> log = cli(state, "log", "--json").out.lines().map(l -> Json.mapper().readTree(l)).toList();
        JsonNode refusal = log.stream().filter(r -> r.path("tool").asString().equals("snap_add_script"))
            .findFirst().orElseThrow();
        assertEquals("teach-test 1", refusal.path("client").asString(), refusal.toString());
        assertEquals("guide", refusal.path("mode").asString());
        assertFalse(refusal.path("ok").asBoolean());
        assertEquals("(forward 10)", refusal.at("/arguments/code").asString());
        assertTrue(log.stream().noneMatch(r -> r.path("tool").asString().equals("snap_status")), "status is not logged");
      } finally {
        client.closeGracefully();
      }
    }
  }

  @Test
  void modernClientHearsItOnItsSubscription() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      ServerParameters serve = ServerParameters.builder(ChildJvm.javaExecutable())
          .args(ServeProcessTest.serveCommand(state, ServeProcessTest.freePort())).build();
      StdioMcpClientTransport transport = StdioMcpClientTransport.builder(serve)
          .jsonMapper(new JacksonMcpJsonMapper(Json.mapper())).stderrConsumer(line -> { }).start();
      var client = io.modelcontextprotocol.modern.client.McpClient.sync(transport)
          .jsonMapper(new JacksonMcpJsonMapper(Json.mapper()))
          .clientInfo(io.modelcontextprotocol.modern.McpSchema.Implementation.builder("teach-test", "1").build())
          .roundTimeout(Duration.ofSeconds(60)).build();
      try {
        List<SubscriptionEvent> events = new CopyOnWriteArrayList<>();
        var listening = client.listen().toolsChanged().open(events::add);
        int before = client.listTools().list().tools().size();
        assertEquals(0, cli(state, "teach", "mode", "observe").exit);
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e instanceof SubscriptionEvent.ToolsListChanged));
        List<String> now = client.listTools().list().tools().stream()
            .map(io.modelcontextprotocol.modern.McpSchema.Tool::name).toList();
        assertTrue(now.size() < before, now.toString());
        assertFalse(now.contains("snap_run"), "observe: no run");
        var refused = client.tool("snap_set_variable").arguments(Map.of("name", "x", "value", 1)).call();
        assertEquals(Boolean.TRUE, refused.isError());
        assertEquals("not_allowed_in_mode", Json.mapper().valueToTree(refused.structuredContent())
            .path("error").path("code").asString());
        listening.close();
      } finally {
        transport.close();
      }
    }
  }

  @Test
  void aLockedModeNeedsThePassphrase() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      assertEquals(0, withInput(state, "Quiet owls 7\n", "teach", "lock").exit);
      Cli wrong = withInput(state, "quiet owls 7\n", "teach", "mode", "build", "--session", "sess_a");
      assertEquals(1, wrong.exit);
      assertTrue(wrong.err.contains("wrong passphrase"), wrong.err);
      Cli none = withInput(state, "", "teach", "mode", "guide");
      assertEquals(1, none.exit);
      assertEquals(TeachMode.BUILD, TeachFile.read(state.path()).mode());
      assertTrue(TeachFile.read(state.path()).sessions().isEmpty());

      assertEquals(0, withInput(state, "Quiet owls 7\n", "teach", "mode", "guide").exit);
      assertEquals(TeachMode.GUIDE, TeachFile.read(state.path()).mode());
      Cli status = withInput(state, "", "teach", "status", "--json");
      JsonNode json = Json.mapper().readTree(status.out);
      assertEquals("guide", json.path("mode").asString());
      assertTrue(json.path("locked").asBoolean());
      assertFalse(status.out.contains("hash"), "the status never shows the hash");
      assertEquals(1, withInput(state, "nope nope\n", "teach", "unlock").exit);
      assertEquals(0, withInput(state, "Quiet owls 7\n", "teach", "unlock").exit);
      assertFalse(TeachFile.read(state.path()).locked());
      assertEquals(1, withInput(state, "short\n", "teach", "lock").exit, "too short");
    }
  }

  private static ScriptedTab pairedTab(McpSyncClient client) {
    JsonNode pair = Json.mapper().valueToTree(client.callTool(new McpSchema.CallToolRequest("snap_pair", Map.of()))
        .structuredContent());
    ScriptedTab tab = ScriptedTab.pair(pair.path("code").asString());
    await().atMost(WAIT).until(() -> !Boolean.TRUE.equals(
        client.callTool(new McpSchema.CallToolRequest("snap_get_project", Map.of())).isError()));
    return tab;
  }

  record Cli(int exit, String out, String err) {}

  static Cli cli(TempStateDir state, String... args) {
    return withInput(state, "", args);
  }

  static synchronized Cli withInput(TempStateDir state, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--state-dir=" + state.path())).toArray(String[]::new);
    java.io.InputStream saved = System.in;
    System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try {
      int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all);
      return new Cli(exit, out.toString(), err.toString());
    } finally {
      System.setIn(saved);
    }
  }
}
