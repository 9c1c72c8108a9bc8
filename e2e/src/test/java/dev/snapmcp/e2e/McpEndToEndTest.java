package dev.snapmcp.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole chain as an assistant uses it: the MCP SDK's own client starts {@code snap-mcp serve} as a child process
 * (which hosts the bridge), pairs a real Snap! tab in Chromium through the extension, and drives it with tools.
 */
class McpEndToEndTest extends SnapBrowserTest {

  private TempStateDir state;
  private SessionStore store;
  private McpSyncClient client;
  private final List<String> serveLog = new ArrayList<>();

  @BeforeAll
  void startServe() throws IOException {
    state = TempStateDir.create();
    List<String> command = new ArrayList<>(ChildJvm.FAST_START);
    command.addAll(List.of("-cp", ChildJvm.testClasspath(), "dev.snapmcp.mcp.cli.Main",
        "serve", "--state-dir", state.path().toString(), "--port", Integer.toString(freePort())));
    StdioClientTransport transport = new StdioClientTransport(
        ServerParameters.builder(ChildJvm.javaExecutable()).args(command).build(), new JacksonMcpJsonMapper(Json.mapper()));
    transport.setStdErrorHandler(line -> {
      synchronized (serveLog) {
        serveLog.add(line);
      }
    });
    client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(90))
        .initializationTimeout(Duration.ofSeconds(60))
        .clientInfo(new McpSchema.Implementation("snap-mcp-e2e", "1"))
        .build();
    client.initialize();
    store = state.open();
  }

  @Test
  void anAssistantPairsWritesRunsLooksAndUndoes() throws IOException {
    JsonNode pair = ok(call("snap_pair", Map.of()));
    String session = pair.path("session").asString();
    String code = pair.path("code").asString();
    assertTrue(pair.path("instructions").asString().contains(code));

    long start = System.nanoTime();
    Page page = openReadySnap("#snapmcp=" + code);
    store.await(session, Session::connected, Duration.ofSeconds(30));
    System.err.printf("figure: Snap! opened with the snap_pair link to connected: %d ms%n", (System.nanoTime() - start) / 1_000_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> !call("snap_get_project", Map.of()).isError());

    JsonNode added = ok(call("snap_add_script", Map.of("code",
        "(receiveGo) (doSetVar score 42) (doSayFor \"Hello from the assistant!\" 0.2)")));
    assertEquals("(receiveGo) (set score 42) (sayFor \"Hello from the assistant!\" 0.2)", added.at("/script/code").asString(), added::toString);
    page.screenshot(new Page.ScreenshotOptions().setPath(artifactsDir().resolve("snap-holding-assistant-script.png")));

    JsonNode run = ok(call("snap_run", Map.of("mode", "green_flag", "timeoutSeconds", 10)));
    assertTrue(run.path("finished").asBoolean(), run::toString);
    assertTrue(run.path("said").valueStream().anyMatch(s -> s.path("text").asString().equals("Hello from the assistant!")
        && s.path("kind").asString().equals("say")), run::toString);
    assertEquals(42, run.at("/variables/changed/score/after").asInt(), run::toString);
    assertEquals(42, ok(call("snap_get_variables", Map.of())).at("/globals/score").asInt());

    McpSchema.CallToolResult shot = call("snap_screenshot", Map.of("target", "stage"));
    assertFalse(shot.isError());
    McpSchema.ImageContent image = shot.content().stream().filter(McpSchema.ImageContent.class::isInstance)
        .map(McpSchema.ImageContent.class::cast).findFirst().orElseThrow();
    assertEquals("image/png", image.mimeType());
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.data())));
    assertEquals(480, png.getWidth());
    assertEquals(360, png.getHeight());
    assertTrue(distinctColours(png) > 1, "the stage picture is blank");
    Files.write(artifactsDir().resolve("stage-from-snap_screenshot.png"), Base64.getDecoder().decode(image.data()));

    long t0 = System.nanoTime();
    int rounds = 10;
    for (int i = 0; i < rounds; i++) {
      ok(call("snap_get_variables", Map.of()));
    }
    System.err.printf("figure: snap_get_variables round trip MCP client -> serve -> bridge -> Snap! and back: %.1f ms%n",
        (System.nanoTime() - t0) / 1e6 / rounds);

    ok(call("snap_undo", Map.of())); // the run
    ok(call("snap_undo", Map.of())); // the script
    JsonNode project = ok(call("snap_get_project", Map.of()));
    assertEquals(0, project.at("/sprites/0/scripts").size(), project::toString);
    assertEquals(0, ((Number) page.evaluate("() => world.children[0].currentSprite.scripts.children"
        + ".filter(m => m instanceof BlockMorph).length")).intValue());
    assertTrue(project.path("globals").path("score").isMissingNode(), project::toString);
  }

  @Test
  void withTwoTabsACallMustNameItsSessionAndThenReachesThatTab() {
    JsonNode a = ok(call("snap_pair", Map.of()));
    JsonNode b = ok(call("snap_pair", Map.of()));
    Page one = openReadySnap("#snapmcp=" + a.path("code").asString());
    Page two = openReadySnap("#snapmcp=" + b.path("code").asString());
    String sa = a.path("session").asString();
    String sb = b.path("session").asString();
    store.await(sa, Session::connected, Duration.ofSeconds(30));
    store.await(sb, Session::connected, Duration.ofSeconds(30));

    await().atMost(Duration.ofSeconds(30)).until(() -> text(call("snap_get_project", Map.of())).contains(sb));
    McpSchema.CallToolResult ambiguous = call("snap_get_project", Map.of());
    assertTrue(ambiguous.isError());
    assertTrue(text(ambiguous).contains(sa) && text(ambiguous).contains(sb), text(ambiguous));

    await().atMost(Duration.ofSeconds(30)).until(() -> !call("snap_get_project", Map.of("session", sb)).isError());
    ok(call("snap_set_variable", Map.of("session", sb, "name", "who", "value", "second tab")));
    assertEquals("second tab", two.evaluate("() => world.children[0].getVar('who')"));
    assertEquals(false, one.evaluate("() => world.children[0].getVarNames().includes('who')"));
    one.close();
    two.close();
  }

  private McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  private static JsonNode ok(McpSchema.CallToolResult result) {
    assertFalse(Boolean.TRUE.equals(result.isError()), () -> text(result));
    return Json.mapper().valueToTree(result.structuredContent());
  }

  private static String text(McpSchema.CallToolResult result) {
    StringBuilder out = new StringBuilder();
    result.content().stream().filter(McpSchema.TextContent.class::isInstance)
        .forEach(c -> out.append(((McpSchema.TextContent) c).text()));
    return out.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  @AfterAll
  void stopServe() {
    if (client != null) {
      client.closeGracefully();
    }
    if (store != null) {
      store.close();
    }
    if (state != null) {
      state.close();
    }
  }
}
