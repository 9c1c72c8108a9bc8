package dev.snapmcp.mcp.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.bridge.control.CommandRequest;
import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.bridge.tab.FakePage;
import dev.snapmcp.core.Cluster;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import dev.snapmcp.testkit.PostgresServer;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bridge nodes sharing one real PostgreSQL store (docs/cluster.md), over real sockets: node A is a {@code snap-mcp
 * bridge --store …} process (so it can die by kill -9), node B runs in this JVM. A fake browser speaking the real
 * handshake is paired to A; control API calls go to B.
 */
class ClusterBridgeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration BEAT = Duration.ofMillis(200);
  private static final Pattern LISTENING = Pattern.compile("snap-mcp bridge: listening on 127\\.0\\.0\\.1:(\\d+) ");

  private final List<AutoCloseable> cleanUp = new ArrayList<>();
  private final String url = PostgresServer.shared().url("cl_" + random());
  private final TempStateDir stateA = keep(TempStateDir.create());
  private final TempStateDir stateB = keep(TempStateDir.create());
  private final TempStateDir stateT = keep(TempStateDir.create());
  private final SessionStore store = keep(SessionStores.open(url, stateT.path(), Clock.systemUTC()));
  private final Cluster cluster = store.cluster().orElseThrow();
  private final NewSession session = store.create(Duration.ofHours(1));
  private final String id = session.session().id();
  private final FakePage page = new FakePage();
  /** Every command frame any socket of the tab received, by id: the tab saw each how often. */
  private final Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();

  @AfterEach
  void close() throws Exception {
    for (int i = cleanUp.size() - 1; i >= 0; i--) {
      try {
        cleanUp.get(i).close();
      } catch (Exception e) {
        // best effort
      }
    }
    // (the schema stays, as StoreOptionTest's: the server is the tests' own and goes with them)
  }

  @Test
  void aCommandSentToNodeBRunsOnceInTheTabPairedToNodeAAndIsAnsweredThroughB() throws Exception {
    ChildJvm nodeA = startNode(stateA);
    int portA = portOf(nodeA);
    BridgeServer nodeB = startInProcess();
    FakeBrowser tab = keep(browser(portA));
    await().atMost(WAIT).until(() -> cluster.holder(id).isPresent());
    String holder = cluster.holder(id).orElseThrow();

    ControlClient b = client(nodeB);
    JsonNode answer = b.command(id, command("get_project", "cmd_cross"));
    assertEquals("get_project", answer.path("op").asString(), answer.toString());
    assertEquals(List.of("cmd_cross"), page.ran());
    assertEquals(1, seenOnceArrived("cmd_cross"), "the tab saw the command once");
    assertEquals(2, cluster.nodes().size(), cluster.nodes().toString());
    Cluster.Node a = cluster.nodes().stream().filter(n -> n.id().equals(holder)).findFirst().orElseThrow();
    assertEquals("wss://node-a.example/ws", a.address(), "node A recorded itself with its advertised address");
    assertEquals(portA, a.port());
    java.io.StringWriter out = new java.io.StringWriter();
    Main.commandLine(new java.io.PrintWriter(out, true), new java.io.PrintWriter(new java.io.StringWriter(), true))
        .execute("status", "--store", url, "--state-dir", stateT.path().toString());
    assertTrue(out.toString().contains("Bridge nodes: 2 live.") && out.toString().contains("wss://node-a.example/ws"),
        out.toString());
    java.io.StringWriter json = new java.io.StringWriter();
    Main.commandLine(new java.io.PrintWriter(json, true), new java.io.PrintWriter(new java.io.StringWriter(), true))
        .execute("status", "--json", "--store", url, "--state-dir", stateT.path().toString());
    assertEquals(2, Json.mapper().readTree(json.toString()).path("nodes").size(), json.toString());

    // The same call again (a retry with its id) gets the same answer: it is not run again.
    JsonNode again = b.command(id, command("get_project", "cmd_cross"));
    assertEquals(answer, again);
    assertEquals(1, seenOnceArrived("cmd_cross"));

    // Node B's session list shows the tab connected, though its socket is on A.
    SessionView view = b.sessions().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    assertEquals("connected", view.state());
    tab.close();
  }

  @Test
  void aHolderKilledAfterClaimingGivesLostInTransitAndTheTabMovesToB() throws Exception {
    ChildJvm nodeA = startNode(stateA);
    int portA = portOf(nodeA);
    BridgeServer nodeB = startInProcess();
    keep(browser(portA));
    await().atMost(WAIT).until(() -> cluster.holder(id).isPresent());
    ControlClient b = client(nodeB);

    CompletableFuture<JsonNode> lost = CompletableFuture.supplyAsync(() -> b.command(id, command("hang", "cmd_lost")));
    await().atMost(WAIT).until(() -> seen.containsKey("cmd_lost")); // A claimed it, then sent it to the tab
    nodeA.kill(); // kill -9 before the tab answers

    ExecutionExceptionCheck.assertCode("lost_in_transit", lost);

    // The tab comes back through B (the load balancer's next pick); later calls reach it there.
    keep(browser(nodeB.port()));
    await().atMost(WAIT).until(() -> cluster.holder(id).map(n -> cluster.nodes().size() == 1).orElse(false));
    JsonNode after = b.command(id, command("get_project", "cmd_after"));
    assertEquals("get_project", after.path("op").asString());
    assertEquals(1, seenOnceArrived("cmd_lost"), "the lost command reached the tab once and was never sent again");
    assertEquals(1, seenOnceArrived("cmd_after"));

    // A node that joins later reaches the tab on B through the store as well.
    TempStateDir stateC = keep(TempStateDir.create());
    BridgeServer nodeC = startInProcess(stateC);
    JsonNode viaC = client(nodeC).command(id, command("get_project", "cmd_via_c"));
    assertEquals("get_project", viaC.path("op").asString());
    assertEquals(1, seenOnceArrived("cmd_via_c"));
    assertEquals(1, seenOnceArrived("cmd_lost"));
  }

  @Test
  void aCallerWhoseHolderDiedUnnoticedIsToldLostInTransitAMomentAfterTheTimeout() throws Exception {
    // A beats every 5 s (dead after 15 s): the command's own 2 s timeout ends the wait first.
    ChildJvm nodeA = keep(ChildJvm.builder(Main.class)
        .args("bridge", "--port", "0", "--store", url, "--state-dir", stateA.path().toString()).start());
    int portA = portOf(nodeA);
    BridgeServer nodeB = startInProcess();
    keep(browser(portA));
    await().atMost(WAIT).until(() -> cluster.holder(id).isPresent());
    ControlClient b = client(nodeB);
    CommandRequest hang = new CommandRequest("hang", Json.mapper().createObjectNode(), 2_000L, "cmd_unnoticed", null,
        null);
    CompletableFuture<JsonNode> lost = CompletableFuture.supplyAsync(() -> b.command(id, hang));
    await().atMost(WAIT).until(() -> seen.containsKey("cmd_unnoticed"));
    nodeA.kill();
    long killedAt = System.nanoTime();
    ExecutionExceptionCheck.assertCode("lost_in_transit", lost);
    assertTrue(System.nanoTime() - killedAt < Duration.ofSeconds(10).toNanos(), "before A's 15 s staleness");
    assertEquals(1, seenOnceArrived("cmd_unnoticed"));
  }

  @Test
  void aNodeDeclaredDeadWhileAliveJoinsAgainAndLetsItsTabsReconnect() {
    BridgeServer nodeA = startInProcess(stateA);
    FakeBrowser tab = browser(nodeA.port());
    await().atMost(WAIT).until(() -> cluster.holder(id).isPresent());
    String a = cluster.holder(id).orElseThrow();
    cluster.leave(a); // what another node's reaper does to a node that paused too long
    assertEquals(1001, tab.awaitClose(WAIT).code(), "its tab's connection is closed, to reconnect anywhere");
    await().atMost(WAIT).until(() -> cluster.nodes().stream().anyMatch(n -> n.id().equals(a)));
  }

  /** Waits for a call that must fail with {@code code}. */
  private static final class ExecutionExceptionCheck {
    static void assertCode(String code, CompletableFuture<JsonNode> call) {
      ControlException e = assertThrows(ControlException.class, () -> {
        try {
          call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException x) {
          throw x.getCause();
        }
      });
      assertEquals(code, e.code(), e.getMessage());
      assertEquals(502, e.status(), "lost_in_transit's status");
    }
  }

  @Test
  void aCommandWaitingInItsHoldersGraceFollowsTheTabToTheNodeItReconnectsTo() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(PostgresServer.shared().embedded(), "reads the rows of the tests' own server");
    BridgeServer nodeA = startInProcess(stateA, Duration.ofSeconds(30));
    BridgeServer nodeB = startInProcess(stateB, Duration.ofSeconds(30));
    FakeBrowser first = browser(nodeA.port());
    await().atMost(WAIT).until(() -> cluster.holder(id).isPresent());
    first.abort(); // the tab drops: A holds its grace (and its queue)
    await().atMost(WAIT).until(() -> !store.get(id).orElseThrow().connected());

    ControlClient b = client(nodeB);
    CompletableFuture<JsonNode> queued =
        CompletableFuture.supplyAsync(() -> b.command(id, command("get_project", "cmd_moved")));
    await().atMost(WAIT).until(() -> "claimed".equals(stateOf("cmd_moved"))); // A took it into the tab's queue

    keep(browser(nodeB.port())); // the tab comes back, to B: A's queue follows it
    JsonNode answer = queued.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals("get_project", answer.path("op").asString());
    assertEquals(1, seenOnceArrived("cmd_moved"), "the tab saw it once, on B");
    assertEquals("answered", stateOf("cmd_moved"));
  }

  @Test
  void aCommandForATabInItsHoldersGraceFailsAsTodayWhenTheGraceRunsOut() throws Exception {
    BridgeServer nodeA = startInProcess(stateA, Duration.ofSeconds(1));
    BridgeServer nodeB = startInProcess(stateB, Duration.ofSeconds(30));
    FakeBrowser first = browser(nodeA.port());
    await().atMost(WAIT).until(() -> cluster.holder(id).isPresent());
    first.abort();
    await().atMost(WAIT).until(() -> !store.get(id).orElseThrow().connected());

    ControlException e = assertThrows(ControlException.class,
        () -> client(nodeB).command(id, command("get_project", "cmd_graceless")));
    assertTrue(List.of("not_connected", "reconnecting").contains(e.code()), e.code() + ": " + e.getMessage());
    assertEquals(null, seen.get("cmd_graceless"));
  }

  // ---------------------------------------------------------------- helpers

  /** The state of a command's row, read on a connection of the test's own. */
  private String stateOf(String commandId) throws Exception {
    String schema = url.replaceAll(".*currentSchema=([a-z0-9_]+).*", "$1");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(PostgresServer.shared().jdbcUrl());
        java.sql.PreparedStatement s = c.prepareStatement("SELECT state FROM " + schema + ".commands WHERE id = ?")) {
      s.setString(1, commandId);
      try (java.sql.ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private FakeBrowser browser(int port) {
    FakeBrowser browser = FakeBrowser.to(port).page(page)
        .responder((op, args) -> op.equals("hang") ? FakeBrowser.Reply.none() : FakeBrowser.Reply.value(Map.of("op", op)))
        .connect();
    browser.hello(id, session.token()).awaitFrame("welcome", WAIT);
    Thread counter = new Thread(() -> countCommands(browser), "count-commands");
    counter.setDaemon(true);
    counter.start();
    return browser;
  }

  /**
   * How often the tab saw command {@code id}, once it has seen it: the counting thread reads the frames after the
   * responder answered, so an answer can come back before the count does.
   */
  private Integer seenOnceArrived(String id) {
    await().atMost(WAIT).until(() -> seen.containsKey(id));
    return seen.get(id);
  }

  /** Counts each command frame the socket receives, as it arrives (frames() keeps them all). */
  private void countCommands(FakeBrowser browser) {
    int counted = 0;
    while (!browser.isClosed() || counted < browser.frames().size()) {
      List<JsonNode> frames = browser.frames();
      for (int i = counted; i < frames.size(); i++) {
        JsonNode f = frames.get(i);
        if ("command".equals(f.path("type").asString())) {
          seen.merge(f.path("id").asString(), 1, Integer::sum);
        }
      }
      counted = frames.size();
      try {
        Thread.sleep(5); // a test-side tally of received frames, not a synchronisation of the system under test
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static CommandRequest command(String op, String commandId) {
    return new CommandRequest(op, Json.mapper().createObjectNode(), 20_000L, commandId, null, null);
  }

  private ChildJvm startNode(TempStateDir state) {
    ChildJvm node = keep(ChildJvm.builder(Main.class)
        .args("bridge", "--port", "0", "--store", url, "--heartbeat", BEAT.toMillis() + "ms",
            "--advertise", "wss://node-a.example/ws", "--state-dir", state.path().toString())
        .start());
    return node;
  }

  private static int portOf(ChildJvm node) {
    await().atMost(WAIT).until(() -> LISTENING.matcher(node.stderr()).find() || !node.isAlive());
    Matcher m = LISTENING.matcher(node.stderr());
    assertTrue(m.find(), node.stderr());
    return Integer.parseInt(m.group(1));
  }

  private BridgeServer startInProcess() {
    return startInProcess(stateB);
  }

  private BridgeServer startInProcess(TempStateDir state) {
    return startInProcess(state, BridgeConfig.DEFAULT_RECONNECT_GRACE);
  }

  private BridgeServer startInProcess(TempStateDir state, Duration grace) {
    SessionStore own = keep(SessionStores.open(url, state.path(), Clock.systemUTC()));
    BridgeServer server = keep(new BridgeServer(
        BridgeConfig.builder(own).port(0).heartbeatEvery(BEAT).reconnectGrace(grace).build()));
    server.start();
    return server;
  }

  private ControlClient client(BridgeServer node) throws Exception {
    String token = Files.readString(node.tokenFile()).strip();
    return keep(new ControlClient(URI.create("http://127.0.0.1:" + node.port()), token, ControlClient.CONNECT_TIMEOUT,
        WAIT));
  }

  private <T> T keep(T thing) {
    if (thing instanceof AutoCloseable c) {
      cleanUp.add(c);
    }
    return thing;
  }

  private static String random() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
