package dev.snapmcp.store.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Cluster;
import dev.snapmcp.core.Cluster.Outcome;
import dev.snapmcp.core.Cluster.Relayed;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.SharedKeys;
import dev.snapmcp.core.testing.TempStateDir;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's tables on a real server, one call at a time: the directory, the holders, and the rules that make a
 * relayed command run at most once (claim before the tab, lost when the claimant dies, returned when an unclaimed
 * command's target dies, re-routed when its tab moves).
 */
class ClusterTablesTest {

  private static final Duration LONG = Duration.ofMinutes(5);

  private final TestSchema schema = TestSchema.create();
  private final TempStateDir state = TempStateDir.create();
  private final SessionStore store = SessionStores.open(schema.url(), state.path(), Clock.systemUTC());
  private final Cluster cluster = store.cluster().orElseThrow();

  @AfterEach
  void close() {
    store.close();
    schema.close();
    state.close();
  }

  private static Cluster.Node node(String id, Duration staleAfter) {
    return new Cluster.Node(id, "wss://snap.example/ws", "127.0.0.1", 7627, 1, "0.1.0", null, null, staleAfter);
  }

  private static Relayed command(String id, String target) {
    return new Relayed("sess_1", id, "node_b", target, "{\"id\":\"" + id + "\",\"op\":\"get_project\"}",
        Duration.ofSeconds(30));
  }

  @Test
  void aCommandIsClaimedOnceAnsweredByItsClaimantOnlyAndASecondSendJoinsIt() {
    cluster.join(node("node_a", LONG));
    cluster.join(node("node_b", LONG));
    assertEquals(List.of("node_a", "node_b"), cluster.nodes().stream().map(Cluster.Node::id).sorted().toList());
    cluster.hold("sess_1", "node_a", "conn_1");
    assertEquals(Optional.of("node_a"), cluster.holder("sess_1"));

    cluster.send(command("c1", "node_a"));
    cluster.send(command("c1", "node_a")); // the same id again: joins, nothing new to run
    assertEquals(1, cluster.queuedFor("node_a").size());
    assertFalse(cluster.claim("sess_1", "c1", "node_b"), "only its target claims it");
    assertTrue(cluster.claim("sess_1", "c1", "node_a"));
    assertFalse(cluster.claim("sess_1", "c1", "node_a"), "claimed once");
    assertEquals(List.of(), cluster.queuedFor("node_a"));
    assertFalse(cluster.answer("sess_1", "c1", "node_b", Outcome.answered("{\"ok\":true}")), "not its claim");
    assertTrue(cluster.answer("sess_1", "c1", "node_a", Outcome.answered("{\"ok\":true}")));
    assertEquals(Optional.of(Outcome.answered("{\"ok\":true}")), cluster.outcome("sess_1", "c1"));
    cluster.send(command("c1", "node_a"));
    assertEquals(List.of(), cluster.queuedFor("node_a"), "an answered command is not sent again");
  }

  @Test
  void aDeadClaimantsCommandIsLostAnUnclaimedOneReturnsAndItsTabsAreReleased() {
    cluster.join(node("node_a", Duration.ofMillis(1)));
    cluster.join(node("node_b", LONG));
    cluster.hold("sess_1", "node_a", "conn_1");
    cluster.send(command("claimed", "node_a"));
    cluster.send(command("unclaimed", "node_a"));
    assertTrue(cluster.claim("sess_1", "claimed", "node_a"));

    List<Cluster.Held> released = new java.util.ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> released.addAll(cluster.reapDead()));
    assertEquals(List.of(new Cluster.Held("sess_1", "node_a", "conn_1")), released);
    assertEquals(Outcome.LOST_IN_TRANSIT, cluster.outcome("sess_1", "claimed").orElseThrow().code());
    assertTrue(cluster.outcome("sess_1", "unclaimed").orElseThrow().returned());
    assertEquals(Optional.empty(), cluster.holder("sess_1"));
    assertFalse(cluster.answer("sess_1", "claimed", "node_a", Outcome.answered("{}")), "too late: it stays lost");

    // A returned command may be sent again (routed anew); a lost one never.
    cluster.send(command("unclaimed", "node_b"));
    cluster.send(command("claimed", "node_b"));
    assertEquals(List.of("unclaimed"), cluster.queuedFor("node_b").stream().map(Relayed::id).toList());
  }

  @Test
  void anUnclaimedCommandFollowsItsTabAndACallerCanWithdrawOnlyWhatNobodyTook() {
    cluster.join(node("node_a", LONG));
    cluster.join(node("node_c", LONG));
    ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
    try (AutoCloseable ear = cluster.listen("node_c", new Cluster.Listener() {
      @Override
      public void commandsWaiting() {
        heard.add("commands");
      }

      @Override
      public void outcomeReady(String session, String id) {
        heard.add("outcome " + id);
      }

      @Override
      public void tabMoved(String session, String node) {
        heard.add("moved " + session + " " + node);
      }

      @Override
      public void resync() {
        heard.add("resync");
      }
    })) {
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("resync"));
      cluster.hold("sess_1", "node_a", "conn_1");
      cluster.send(command("moving", "node_a"));
      cluster.hold("sess_1", "node_c", "conn_2"); // the tab reconnected to C before A took the command
      assertEquals(List.of("moving"), cluster.queuedFor("node_c").stream().map(Relayed::id).toList());
      assertEquals(List.of(), cluster.queuedFor("node_a"));
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("moved sess_1 node_c")
          && heard.contains("commands"));

      assertEquals(Optional.empty(), cluster.withdraw("sess_1", "moving"), "unclaimed: withdrawn, never run");
      assertEquals(List.of(), cluster.queuedFor("node_c"));
      cluster.send(command("taken", "node_c"));
      assertTrue(cluster.claim("sess_1", "taken", "node_c"));
      assertEquals(Outcome.LOST_IN_TRANSIT, cluster.withdraw("sess_1", "taken").orElseThrow().code(),
          "claimed and unanswered: the caller is told it is lost, and a late answer is dropped");
      assertFalse(cluster.answer("sess_1", "taken", "node_c", Outcome.answered("{}")));
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("outcome taken"));

      // A claimed command handed over when its tab moves goes back to the queue of the tab's new node.
      cluster.send(command("handed", "node_c"));
      assertTrue(cluster.claim("sess_1", "handed", "node_c"));
      assertTrue(cluster.handOver("sess_1", "handed", "node_c", "node_a"));
      assertEquals(List.of("handed"), cluster.queuedFor("node_a").stream().map(Relayed::id).toList());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theHttpKeysAreSharedThroughTheStore() {
    SharedKeys keys = store.httpKeys().orElseThrow();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    keys.add(new SharedKeys.StoredKey("key_abcdefgh", "lab", "sha256:" + "0".repeat(64), now));
    try (SessionStore other = SessionStores.open(schema.url(), state.path(), Clock.systemUTC())) {
      assertEquals(List.of(new SharedKeys.StoredKey("key_abcdefgh", "lab", "sha256:" + "0".repeat(64), now)),
          other.httpKeys().orElseThrow().keys());
      assertTrue(other.httpKeys().orElseThrow().remove("key_abcdefgh"));
    }
    assertEquals(List.of(), keys.keys());
    assertFalse(keys.remove("key_abcdefgh"));
  }
}
