package dev.snapmcp.mcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The control API failing in every way an HTTP peer can: each time the tool answers with a clear {@code isError}
 * result, within a bound, and the connection state it knew.
 */
class ControlApiFaultsTest {

  private static final String ONE_TAB = """
      {"sessions": [{"id": "sess_one", "connected": true, "ready": true, "project": "Pong", "snap": "10.4"}]}""";
  /** No fault may take longer than this to become an error result. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path stateDir;
  private WireMockServer bridge;
  private ToolHarness tools;

  @BeforeEach
  void start() throws Exception {
    bridge = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    bridge.start();
    Files.writeString(stateDir.resolve("bridge.token"), "test-token");
    bridge.stubFor(get("/api/v1/health").willReturn(okJson("{\"ok\":true,\"pid\":1,\"port\":" + bridge.port() + "}")));
    bridge.stubFor(get("/api/v1/sessions").willReturn(okJson(ONE_TAB)));
    tools = new ToolHarness(stateDir, bridge.port(), () -> {
      throw new AssertionError("no store here");
    }, Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    tools.close();
    bridge.stop();
  }

  private void commandsAnswer(ResponseDefinitionBuilder response) {
    bridge.stubFor(post(urlPathMatching("/api/v1/sessions/.*/commands")).willReturn(response));
  }

  private JsonNode failingCall() {
    McpSchema.CallToolResult result = assertTimeoutPreemptively(BOUND,
        () -> tools.call("snap_get_project", Map.of()));
    assertEquals(Boolean.TRUE, result.isError(), "an error result");
    JsonNode structured = ToolHarness.structured(result);
    assertEquals(structured, ToolHarness.text(result), "the text is the same JSON");
    assertEquals("sess_one", structured.path("state").path("session").asString(), "the state is carried");
    return structured.path("error");
  }

  @Test
  void aBrowserSlowerThanTheTimeoutIsATimeoutResult() {
    commandsAnswer(okJson("{\"ok\":true,\"value\":{}}").withFixedDelay(6_000));
    JsonNode error = failingCall();
    assertEquals("timeout", error.path("code").asString());
    assertTrue(error.path("message").asString().contains("snap_stop"), error.toString());
  }

  @Test
  void aServerErrorWithoutJsonIsReported() {
    commandsAnswer(aResponse().withStatus(500).withBody("Internal Server Error"));
    JsonNode error = failingCall();
    assertEquals("bridge_error", error.path("code").asString());
    assertTrue(error.path("message").asString().contains("500"), error.toString());
  }

  @Test
  void aServerErrorWithTheProtocolsErrorObjectIsReported() {
    commandsAnswer(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error\":{\"code\":\"internal\",\"message\":\"boom\"}}"));
    JsonNode error = failingCall();
    assertEquals("internal", error.path("code").asString());
    assertTrue(error.path("message").asString().contains("boom"), error.toString());
  }

  @Test
  void aConnectionResetIsRetriedOnceThenReported() {
    commandsAnswer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    JsonNode error = failingCall();
    assertEquals("bridge_unreachable", error.path("code").asString());
    assertTrue(error.path("message").asString().contains("snap-mcp doctor"), error.toString());
    bridge.verify(2, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
        urlPathMatching("/api/v1/sessions/.*/commands")));
    // The retry is the same command: the same id (so a tab that got the first answers it once), client and tool.
    var sent = bridge.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
        urlPathMatching("/api/v1/sessions/.*/commands"))).stream()
        .map(r -> dev.snapmcp.core.Json.mapper().readTree(r.getBodyAsString())).toList();
    assertEquals(sent.get(0), sent.get(1));
    assertTrue(sent.get(0).path("id").asString().startsWith("t_"), sent.get(0)::toString);
    assertEquals("snap_get_project", sent.get(0).path("tool").asString());
    assertEquals(ProcessHandle.current().pid(), sent.get(0).at("/client/pid").asLong());
  }

  @Test
  void aTabThatIsComingBackIsNeverSentToPairAgain() {
    commandsAnswer(aResponse().withStatus(409).withHeader("Content-Type", "application/json").withBody(
        "{\"ok\":false,\"error\":{\"code\":\"reconnecting\",\"message\":\"the Snap! tab of session sess_one"
            + " dropped 3.2 s ago and has not come back within get_project's timeout of 1000 ms\"}}"));
    JsonNode structured = failingCallWhole();
    assertEquals("reconnecting", structured.path("error").path("code").asString());
    String message = structured.path("error").path("message").asString();
    assertTrue(message.contains("dropped 3.2 s ago") && message.contains("by itself"), message);
    assertFalse(message.contains("snap_pair"), message);
  }

  @Test
  void aClosedTabSaysToPairAgain() {
    commandsAnswer(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error\":{\"code\":\"tab_closed\",\"message\":\"closed\"}}"));
    JsonNode structured = failingCallWhole();
    assertEquals("tab_closed", structured.path("error").path("code").asString());
    assertTrue(structured.path("error").path("message").asString().contains("snap_pair"), structured::toString);
  }

  @Test
  void anEmptyReplyIsReported() {
    commandsAnswer(aResponse().withFault(Fault.EMPTY_RESPONSE));
    assertEquals("bridge_unreachable", failingCall().path("code").asString());
  }

  @Test
  void malformedJsonIsReported() {
    commandsAnswer(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"ok\":tru"));
    JsonNode error = failingCall();
    assertEquals("bridge_error", error.path("code").asString());
    assertTrue(error.path("message").asString().contains("not a JSON object"), error.toString());
  }

  @Test
  void garbageInsteadOfTheSessionListIsReported() {
    bridge.stubFor(get("/api/v1/sessions").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    McpSchema.CallToolResult result = assertTimeoutPreemptively(BOUND, () -> tools.call("snap_get_project", Map.of()));
    assertEquals(Boolean.TRUE, result.isError());
  }

  @Test
  void aDisconnectedTabSaysToReconnectOrPair() {
    commandsAnswer(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error\":{\"code\":\"not_connected\",\"message\":\"no browser\"}}"));
    JsonNode structured = failingCallWhole();
    assertEquals("not_connected", structured.path("error").path("code").asString());
    assertEquals(false, structured.path("state").path("connected").asBoolean());
    assertTrue(structured.path("error").path("message").asString().contains("snap_pair"));
  }

  @Test
  void anUnknownBlockListsTheSuggestions() {
    commandsAnswer(aResponse().withStatus(502).withHeader("Content-Type", "application/json").withBody("""
        {"ok":false,"error":{"code":"browser_error","message":"the browser refused","browser":{"code":"unknown_block",
         "message":"unknown block forwrd","details":{"unknown":[{"name":"forwrd","suggestions":["forward","turn"]}]}}}}
        """));
    bridge.stubFor(post(urlPathMatching("/api/v1/sessions/.*/commands"))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("get_project_xml"))
        .willReturn(okJson("{\"ok\":true,\"value\":{\"name\":\"Pong\",\"xml\":\"<project/>\"}}")));
    McpSchema.CallToolResult result = assertTimeoutPreemptively(BOUND,
        () -> tools.call("snap_add_script", Map.of("code", "(forwrd 10)")));
    assertEquals(Boolean.TRUE, result.isError());
    String message = ToolHarness.structured(result).path("error").path("message").asString();
    assertTrue(message.contains("'forwrd' (did you mean forward, turn?)"), message);
    assertTrue(message.contains("snap_find_blocks"), message);
  }

  @Test
  void aWrongTokenIsReportedAfterOneRetry() {
    commandsAnswer(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error\":{\"code\":\"unauthorized\",\"message\":\"wrong token\"}}"));
    assertEquals("unauthorized", failingCall().path("code").asString());
  }

  private JsonNode failingCallWhole() {
    McpSchema.CallToolResult result = assertTimeoutPreemptively(BOUND, () -> tools.call("snap_get_project", Map.of()));
    assertEquals(Boolean.TRUE, result.isError());
    return ToolHarness.structured(result);
  }
}
