package dev.snapmcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code snap-mcp serve} as a real child process, driven by the MCP Java SDK's own client over stdio, with no browser
 * anywhere: the handshake, the tool list, and every tool's answer when no Snap! tab is connected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeProcessTest {

  static final Set<String> TOOLS = Set.of("snap_status", "snap_pair", "snap_get_project", "snap_add_script",
      "snap_replace_script", "snap_delete_script", "snap_define_block", "snap_get_variables", "snap_set_variable",
      "snap_run", "snap_stop", "snap_screenshot", "snap_find_blocks", "snap_new_project", "snap_load_project",
      "snap_save_project", "snap_undo", "snap_explain");

  private TempStateDir state;
  private McpSyncClient client;
  private McpSchema.InitializeResult initialized;

  /** {@code serve}'s arguments. */
  static List<String> serveArgs(TempStateDir state, int port) {
    return List.of("serve", "--state-dir", state.path().toString(), "--port", Integer.toString(port));
  }

  /** The java arguments that start {@code serve} from the test classpath, as the ChildJvm fixture does. */
  static List<String> serveCommand(TempStateDir state, int port) {
    List<String> command = new ArrayList<>(ChildJvm.FAST_START);
    command.addAll(List.of("-cp", ChildJvm.testClasspath(), "dev.snapmcp.mcp.cli.Main"));
    command.addAll(serveArgs(state, port));
    return command;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * The SDK's client on {@code serve} started as a child process (not yet initialised): the one way the tests of this
   * module talk MCP to a real server process.
   */
  static McpSyncClient client(TempStateDir state, int port, Consumer<McpSchema.ProgressNotification> progress) {
    ServerParameters serve = ServerParameters.builder(ChildJvm.javaExecutable())
        .args(serveCommand(state, port))
        .build();
    StdioClientTransport transport = new StdioClientTransport(serve, new JacksonMcpJsonMapper(Json.mapper()));
    transport.setStdErrorHandler(line -> { }); // serve's log; stdout must stay pure protocol
    return McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60))
        .clientInfo(new McpSchema.Implementation("snap-mcp-test", "1"))
        .progressConsumer(progress)
        .build();
  }

  @BeforeAll
  void startServe() throws IOException {
    state = TempStateDir.create();
    client = client(state, freePort(), progress -> { });
    initialized = client.initialize();
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    state.close();
  }

  @Test
  void initializeNamesTheServerAndOffersTools() {
    assertEquals("snap-mcp", initialized.serverInfo().name());
    assertEquals("2025-11-25", initialized.protocolVersion());
    assertNotNull(initialized.capabilities().tools(), "tools capability");
    assertTrue(initialized.instructions().contains("snap_pair"), initialized.instructions());
  }

  @Test
  void toolsListShowsEveryToolFullyDescribed() {
    List<McpSchema.Tool> tools = client.listTools().tools();
    assertEquals(TOOLS, tools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet()));
    for (McpSchema.Tool tool : tools) {
      assertTrue(tool.name().matches("[A-Za-z0-9_]+"), tool.name());
      assertNotNull(tool.title(), tool.name() + " title");
      assertTrue(tool.description().length() > 40, tool.name() + " description");
      assertEquals(Boolean.FALSE, tool.annotations().openWorldHint(), tool.name() + " openWorldHint");
      assertEquals("object", tool.inputSchema().get("type"), tool.name());
      assertEquals(Boolean.FALSE, tool.inputSchema().get("additionalProperties"), tool.name());
      if (tool.outputSchema() != null) {
        assertTrue(((Map<?, ?>) tool.outputSchema().get("properties")).containsKey("state"), tool.name());
      }
    }
    // hints are listed only where they differ from the spec's defaults (not read-only, destructive, not idempotent)
    McpSchema.Tool getProject = tools.stream().filter(t -> t.name().equals("snap_get_project")).findFirst().get();
    assertEquals(Boolean.TRUE, getProject.annotations().readOnlyHint());
    McpSchema.Tool delete = tools.stream().filter(t -> t.name().equals("snap_delete_script")).findFirst().get();
    assertEquals(null, delete.annotations().readOnlyHint());
    assertEquals(null, delete.annotations().destructiveHint(), "destructive, the default");
    McpSchema.Tool add = tools.stream().filter(t -> t.name().equals("snap_add_script")).findFirst().get();
    assertEquals(Boolean.FALSE, add.annotations().destructiveHint());
    McpSchema.Tool run = tools.stream().filter(t -> t.name().equals("snap_run")).findFirst().get();
    assertNotNull(run.outputSchema(), "snap_run keeps its output schema (see SnapToolCatalog.OUTPUT_SCHEMAS)");
  }

  /**
   * Each browser tool with arguments that pass its input schema (not snap_find_blocks: without a tab it answers from
   * the shipped catalogue, see ResourcesAndPromptsTest).
   */
  static Stream<Map.Entry<String, Map<String, Object>>> browserTools() {
    return Map.<String, Map<String, Object>>ofEntries(
        Map.entry("snap_get_project", Map.of()),
        Map.entry("snap_add_script", Map.of("code", "(forward 10)")),
        Map.entry("snap_replace_script", Map.of("sprite", "Sprite", "id", "Sprite#1", "code", "(forward 10)")),
        Map.entry("snap_delete_script", Map.of("sprite", "Sprite", "id", "Sprite#1")),
        Map.entry("snap_define_block", Map.of("label", "jump %h", "code", "(changeYPosition (get h))")),
        Map.entry("snap_get_variables", Map.of()),
        Map.entry("snap_set_variable", Map.of("name", "score", "value", 3)),
        Map.entry("snap_run", Map.of("mode", "green_flag", "timeoutSeconds", 1)),
        Map.entry("snap_stop", Map.of()),
        Map.entry("snap_screenshot", Map.of()),
        Map.entry("snap_new_project", Map.of()),
        Map.entry("snap_load_project", Map.of("xml", "<project name=\"x\"></project>")),
        Map.entry("snap_save_project", Map.of("path", "snap-mcp-never-written.xml")),
        Map.entry("snap_undo", Map.of())).entrySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("browserTools")
  void withoutABrowserEveryToolIsAnErrorThatSaysTheNextStep(Map.Entry<String, Map<String, Object>> tool) {
    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool.getKey(), tool.getValue()));
    assertEquals(Boolean.TRUE, result.isError(), tool.getKey());
    JsonNode structured = Json.mapper().valueToTree(result.structuredContent());
    assertEquals(structured, Json.mapper().readTree(((McpSchema.TextContent) result.content().get(0)).text()),
        "the text content is the structured content's JSON");
    assertFalse(structured.path("state").path("connected").asBoolean(true), structured.toString());
    String message = structured.path("error").path("message").asString();
    assertEquals("not_connected", structured.path("error").path("code").asString(), message);
    assertTrue(message.startsWith("No Snap! tab is connected. Call snap_pair"), message);
    assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
  }

  @Test
  void statusWithoutABrowserIsNotAnErrorAndSaysToPair() {
    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("snap_status", Map.of()));
    JsonNode status = Json.mapper().valueToTree(result.structuredContent());
    assertFalse(Boolean.TRUE.equals(result.isError()), status.toString());
    assertTrue(status.path("bridge").path("hostedHere").asBoolean(), "serve started the bridge itself");
    assertEquals(0, status.path("sessions").size());
    assertTrue(status.path("next").asString().contains("snap_pair"));
  }

  @Test
  void unknownArgumentsAreRefusedAsAnErrorResult() {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest("snap_stop", Map.of("force", true)));
    assertEquals(Boolean.TRUE, result.isError());
    assertTrue(((McpSchema.TextContent) result.content().get(0)).text().contains("force"));
  }

  @Test
  void theServerStillAnswersAfterErrors() {
    assertEquals(TOOLS.size(), client.listTools().tools().size());
    assertNotNull(client.ping());
  }
}
