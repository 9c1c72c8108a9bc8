package dev.snapmcp.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStore.TokenCheck;
import dev.snapmcp.core.testing.TempStateDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The command line run in-process with captured streams, against a real store in a temporary folder. */
class CliTest {

  private final TempStateDir state = TempStateDir.create();

  @AfterEach
  void cleanUp() {
    state.close();
  }

  record Run(int exit, String out, String err) {
    JsonNode json() {
      return Json.mapper().readTree(out);
    }
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--help") && !all.contains("--no-state-dir")) {
      all.add("--state-dir=" + state.path());
    }
    all.remove("--no-state-dir");
    int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void sessionNewJsonPrintsOneObjectWithAWorkingTokenAndPairingCode() {
    Instant before = Instant.now();
    Run r = run("session", "new", "--ttl", "2h", "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    assertEquals(1, r.out().strip().lines().count(), "one line of JSON");
    JsonNode o = r.json();
    String id = o.get("id").stringValue();
    String token = o.get("token").stringValue();
    Instant expires = Instant.parse(o.get("expiresAt").stringValue());
    assertTrue(id.matches("sess_[A-Za-z0-9_-]{16}"));
    assertTrue(token.matches("[A-Za-z0-9_-]{43}"));
    assertFalse(expires.isBefore(before.plus(Duration.ofHours(2))));
    assertEquals(id + "." + token + ".7627", o.get("pairingCode").stringValue(), "no bridge: default port");
    try (SessionStore store = state.open()) {
      assertEquals(TokenCheck.VALID, store.verifyToken(id, token));
    }
  }

  @Test
  void pairingCodeUsesTheLiveBridgesPort() {
    try (SessionStore store = state.open()) {
      Instant now = Instant.now();
      store.claimBridge(new BridgeRecord(ProcessHandle.current().pid(), "127.0.0.1", 41234, now, now, "test"),
          b -> false);
    }
    Run r = run("session", "new", "--json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.json().get("pairingCode").stringValue().endsWith(".41234"));

    Run status = run("status", "--json");
    assertEquals(0, status.exit(), status.err());
    JsonNode bridge = status.json().get("bridge");
    assertEquals(41234, bridge.get("port").intValue());
    assertTrue(bridge.get("live").booleanValue());
    assertEquals(ProcessHandle.current().pid(), bridge.get("pid").longValue());
    assertEquals("127.0.0.1", bridge.get("host").stringValue());
  }

  @Test
  void sessionNewTextShowsTheCodeOnceAndWhatToDo() {
    Run r = run("session", "new", "--ttl", "30m");
    assertEquals(0, r.exit(), r.err());
    String id;
    try (SessionStore store = state.open()) {
      id = store.list().get(0).id();
    }
    assertTrue(r.out().contains("Created session " + id + ", valid for 30m"), r.out());
    assertTrue(r.out().contains("  " + id + "."), r.out());
    assertTrue(r.out().contains("extension's popup"), r.out());
    assertTrue(r.out().contains("port 7627"), r.out());
  }

  @Test
  void statusShowsTheStatesTheBridgeShows() throws Exception {
    try (SessionStore store = state.open();
        BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start()) {
      NewSession dropped = store.create(Duration.ofHours(1));
      NewSession closed = store.create(Duration.ofHours(1));
      NewSession fresh = store.create(Duration.ofHours(1));
      FakeBrowser.connected(bridge.port(), dropped.session().id(), dropped.token()).abort();
      FakeBrowser.connected(bridge.port(), closed.session().id(), closed.token()).closing()
          .awaitClose(Duration.ofSeconds(10));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          store.get(dropped.session().id()).map(x -> !x.connected()).orElse(false)
              && store.get(closed.session().id()).map(x -> !x.connected()).orElse(false));
      java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
      run("status", "--json").json().path("sessions").forEach(x -> byId.put(x.path("id").asString(), x));
      assertEquals("reconnecting", byId.get(dropped.session().id()).path("state").asString());
      assertTrue(byId.get(dropped.session().id()).path("droppedAt").isString(), byId.toString());
      assertEquals("tab_closed", byId.get(closed.session().id()).path("state").asString());
      assertEquals("not_paired", byId.get(fresh.session().id()).path("state").asString());
      Run table = run("status");
      assertTrue(table.out().contains("reconnecting") && table.out().contains("tab_closed"), table.out());
    }
  }

  @Test
  void listAndStatusNeverShowTokensOrHashes() throws Exception {
    JsonNode created = run("session", "new", "--json").json();
    String token = created.get("token").stringValue();
    Run list = run("session", "list", "--json");
    assertEquals(0, list.exit(), list.err());
    JsonNode array = list.json();
    assertTrue(array.isArray());
    assertEquals(created.get("id").stringValue(), array.get(0).get("id").stringValue());
    assertEquals("not_paired", array.get(0).get("state").stringValue(), "no tab ever connected");
    Run status = run("status", "--json");
    JsonNode s = status.json();
    assertTrue(s.get("bridge").isNull());
    assertEquals(created.get("expiresAt").stringValue(), s.get("sessions").get(0).get("expiresAt").stringValue());
    assertFalse(s.get("sessions").get(0).get("connected").booleanValue());
    for (Run r : List.of(list, status, run("session", "list"), run("status"))) {
      assertFalse(r.out().contains(token), r.out());
      assertFalse(r.out().contains("sha256"), r.out());
      assertFalse(r.out().contains("tokenHash"), r.out());
    }
    String hash;
    try (SessionStore store = state.open()) {
      hash = store.list().get(0).tokenHash();
    }
    assertFalse(status.out().contains(hash.substring(7)));
  }

  @Test
  void revokeAndPurge() {
    String a = run("session", "new", "--json").json().get("id").stringValue();
    String b = run("session", "new", "--json").json().get("id").stringValue();
    Run revoke = run("session", "revoke", a);
    assertEquals(0, revoke.exit(), revoke.err());
    assertEquals("Revoked " + a + ".", revoke.out().strip());
    Run purge = run("session", "purge");
    assertEquals(0, purge.exit(), purge.err());
    assertEquals("Removed 1 expired or revoked session.", purge.out().strip());
    JsonNode left = run("session", "list", "--json").json();
    assertEquals(1, left.size());
    assertEquals(b, left.get(0).get("id").stringValue());

    Run missing = run("session", "revoke", "sess_nosuchsession00");
    assertEquals(1, missing.exit());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().startsWith("snap-mcp: no session sess_nosuchsession00"), missing.err());
  }

  @Test
  void importBringsInThePrototypesFile() throws Exception {
    Path file = state.path().getParent().resolve("active_sessions.json");
    Files.writeString(file, "{\"sess_proto1\": {\"token\": \"t1\", \"created_at\": \"2026-01-01T09:00:00\","
        + " \"expires_at\": \"2999-01-01T11:00:00\", \"connected\": true}}");
    Run r = run("session", "import", file.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("Imported 1 session from " + file + ".", r.out().strip());
    try (SessionStore store = state.open()) {
      assertEquals(TokenCheck.VALID, store.verifyToken("sess_proto1", "t1"));
    }
    Files.writeString(file, "not json");
    Run bad = run("session", "import", file.toString());
    assertEquals(1, bad.exit());
    assertTrue(bad.err().startsWith("snap-mcp: cannot import " + file), bad.err());
  }

  @Test
  void incompletePrototypeEntriesAreImportedAndListedSayingWhyTheyCannotPair() throws Exception {
    Path file = state.path().getParent().resolve("active_sessions.json");
    Files.writeString(file, dev.snapmcp.core.testing.StoreContractBase.PROTOTYPE_PARTIAL);
    Run r = run("session", "import", file.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("Imported 5 sessions from " + file + ".", r.out().strip());

    JsonNode list = run("session", "list", "--json").json();
    assertEquals(5, list.size());
    JsonNode onlyConnections = null;
    for (JsonNode s : list) {
      if (s.get("id").stringValue().equals("sess_9b27e3d05a18")) {
        onlyConnections = s;
      }
    }
    assertEquals("unpairable", onlyConnections.get("state").stringValue());
    assertFalse(onlyConnections.has("createdAt") || onlyConnections.has("expiresAt"), "unknown, so not shown");
    assertEquals("kept from an incomplete entry (no token, no creation time, no expiry time): it cannot pair;"
        + " create a new session with 'snap-mcp session new'", onlyConnections.get("note").stringValue());

    String text = run("session", "list").out();
    assertTrue(text.contains("sess_9b27e3d05a18      unpairable"), text);
    assertTrue(text.contains("  kept from an incomplete entry (no token): it cannot pair"), text);
  }

  @Test
  void waitConnectedReturnsAtOnceWhenConnectedAndFailsClearlyAtTheTimeout() {
    String id = run("session", "new", "--json").json().get("id").stringValue();
    Run timeout = run("status", "--wait-connected", id, "--timeout", "200ms");
    assertEquals(1, timeout.exit());
    assertEquals("Waiting up to 200ms for session " + id + " to connect...\n"
        + "snap-mcp: session " + id + " did not connect within 200ms; is the extension paired in an open"
        + " Snap! tab?", timeout.err().strip());
    try (SessionStore store = state.open()) {
      store.markConnected(id, "c1", ClientInfo.UNKNOWN);
    }
    Run connected = run("status", "--wait-connected", id, "--timeout", "5s");
    assertEquals(0, connected.exit(), connected.err());
    assertTrue(connected.out().contains("is connected (connection c1)"), connected.out());
    Run unknown = run("status", "--wait-connected", "sess_nosuchsession00");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("no session sess_nosuchsession00"), unknown.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--ttl=soon", "--ttl=10", "--bogus", "--ttl=0s", "--ttl=400d"})
  void usageErrorsExitTwo(String arg) {
    Run r = run("session", "new", arg);
    assertEquals(2, r.exit(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bridge", "serve"})
  void theReconnectGraceIsADuration(String command) {
    Run bad = run(command, "--reconnect-grace", "soon");
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("soon"), bad.err());
    Run help = run(command, "--help");
    assertTrue(help.out().contains("--reconnect-grace"), help.out());
  }

  @Test
  void timeoutWithoutWaitIsAUsageError() {
    Run r = run("status", "--timeout", "5s");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("--timeout only goes with --wait-connected"), r.err());
  }

  @Test
  void storeErrorsAreOneLineWithExitOne() throws Exception {
    Files.createDirectories(state.path());
    Files.writeString(state.sessionsFile(), "{broken");
    Run r = run("status");
    assertEquals(1, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("snap-mcp: " + state.sessionsFile() + " is damaged"), r.err());
    assertEquals("", r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "session", "session new", "session list", "session revoke", "session purge",
      "session import", "status"})
  void helpEverywhere(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    args.add("--help");
    Run r = run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Usage:"), r.out());
    if (!command.isEmpty() && !command.equals("session")) {
      assertTrue(r.out().contains("--state-dir"), r.out());
    }
  }

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
    assertEquals(Duration.ofSeconds(45), DurationConverter.parse("45s"));
    assertEquals(Duration.ofMinutes(30), DurationConverter.parse("30m"));
    assertEquals(Duration.ofHours(2), DurationConverter.parse("2h"));
    assertEquals(Duration.ofMinutes(90), DurationConverter.parse("1h30m"));
    assertEquals("1h30m", DurationConverter.format(Duration.ofMinutes(90)));
    assertEquals("500ms", DurationConverter.format(Duration.ofMillis(500)));
  }
}
