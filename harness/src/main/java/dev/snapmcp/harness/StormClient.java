package dev.snapmcp.harness;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One storm client's cycles, each a connect / hello / welcome / close on one session: plain, a race of two sockets
 * (one in ten with {@code replaceStorms}) or an abrupt drop (one in ten with {@code abrupt}), each checked against the
 * store as it happens. A cycle a bridge kill cuts short is retried.
 */
final class StormClient {

  /** How long the store may take to record what a cycle did. */
  static final Duration SETTLE_WAIT = Duration.ofSeconds(10);

  /** The cycle was cut short by a bridge kill: retried. */
  private static final class CutByKill extends RuntimeException {
    CutByKill() {
      super("cut short by a bridge kill", null, false, false);
    }
  }

  private final ConnectionsRig rig;
  private final StormTally tally;
  /** Session id -> the connection its client left open at the end; the storm checks the store against it. */
  private final Map<String, String> live;

  StormClient(ConnectionsRig rig, StormTally tally, Map<String, String> live) {
    this.rig = rig;
    this.tally = tally;
    this.live = live;
  }

  /** One client's cycles on {@code s}, then a socket kept open (returned) or not, at random. */
  FakeBrowser run(NewSession s, Random random) throws InterruptedException {
    ConnectionsScenario.Settings settings = rig.settings();
    BridgeUnderTest bridge = rig.bridge();
    String id = s.session().id();
    int done = 0;
    while (done < settings.cyclesPerClient()) {
      long gen = bridge.generation();
      if ((gen & 1) == 1) {
        TimeUnit.MILLISECONDS.sleep(50); // back-off while the bridge restarts
        continue;
      }
      int roll = random.nextInt(20);
      try {
        if (settings.replaceStorms() && roll < 2) {
          raceCycle(s, gen);
          tally.replacements.incrementAndGet();
        } else if (settings.abrupt() && roll >= 2 && roll < 4) {
          abruptCycle(s, gen);
          tally.abruptDrops.incrementAndGet();
        } else {
          bridge.connect(s).browser().close();
        }
        done++;
        tally.cycles.incrementAndGet();
      } catch (RuntimeException | AssertionError e) {
        if (bridge.generation() != gen) {
          tally.cutByKill.incrementAndGet();
          TimeUnit.MILLISECONDS.sleep(50); // back-off while the bridge restarts
          continue;
        }
        tally.clientFailures.incrementAndGet();
        rig.violation("client of " + id + " failed in cycle " + (done + 1) + ": " + e);
        return null; // one failure per client: what follows would only repeat it
      }
    }
    if (!random.nextBoolean()) {
      return null;
    }
    long deadline = System.nanoTime() + ConnectionsScenario.WAIT.toNanos();
    while (true) {
      long gen = bridge.generation();
      try {
        BridgeUnderTest.Connected kept = bridge.connect(s);
        live.put(id, kept.connection());
        return kept.browser();
      } catch (RuntimeException | AssertionError e) {
        if (bridge.generation() == gen || System.nanoTime() > deadline) {
          tally.clientFailures.incrementAndGet();
          rig.violation("client of " + id + " could not open its last socket: " + e);
          return null;
        }
        TimeUnit.MILLISECONDS.sleep(50); // back-off while the bridge restarts
      }
    }
  }

  /**
   * Two sockets say hello for one session at once. The bridge attaches them in some order and closes the first
   * ("replaced"), which may or may not have had its welcome. Once the store holds that late close, the winner must
   * still be the session's connected connection: a late close must not mark it disconnected.
   */
  private void raceCycle(NewSession s, long gen) {
    String id = s.session().id();
    int port = rig.bridge().port();
    FakeBrowser a = FakeBrowser.to(port).origin(Protocol.EXTENSION_ORIGIN).connect();
    FakeBrowser b = null;
    try {
      b = FakeBrowser.to(port).origin(Protocol.EXTENSION_ORIGIN).connect();
      a.hello(id, s.token());
      b.hello(id, s.token());
      String ca = welcomedConnection(a);
      String cb = welcomedConnection(b);
      if (ca == null && cb == null) {
        throw new IllegalStateException("neither socket of a race was welcomed: " + a.frames() + " / " + b.frames());
      }
      Set<String> welcomed = new LinkedHashSet<>();
      if (ca != null) {
        welcomed.add(ca);
      }
      if (cb != null) {
        welcomed.add(cb);
      }
      Session settled = awaitStore(id, x -> ConnectionsScenario.raceWinner(x, welcomed) != null, gen,
          "the race's late close was not recorded");
      String winner = ConnectionsScenario.raceWinner(settled, welcomed);
      if (!settled.connected() || !winner.equals(settled.connectionId())) {
        tally.lateCloseFlips.incrementAndGet();
        rig.violation(id + ": the late close of the replaced socket left the session connected=" + settled.connected()
            + " with " + settled.connectionId() + " although " + winner + " won the race and is open; history "
            + settled.history());
      }
      FakeBrowser winnerSocket = winner.equals(ca) ? a : b;
      if (winnerSocket.isClosed()) {
        throw new IllegalStateException("the bridge closed the race's winner " + winner + ": " + winnerSocket.frames());
      }
    } finally {
      a.close();
      if (b != null) {
        b.close();
      }
    }
  }

  /** The welcome's connection id, or null when the bridge closed the socket without one (it lost a race). */
  private static String welcomedConnection(FakeBrowser b) {
    try {
      return b.awaitFrame("welcome", BridgeUnderTest.WELCOME_WAIT).get("connection").asString();
    } catch (AssertionError e) {
      if (b.isClosed()) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Connects, then drops the TCP connection without a close frame (a crashed tab); the bridge must notice and the store
   * record the disconnect, leaving the session disconnected.
   */
  private void abruptCycle(NewSession s, long gen) {
    String id = s.session().id();
    BridgeUnderTest.Connected c = rig.bridge().connect(s);
    c.browser().abort();
    Session after = awaitStore(id, x -> ended(x, c.connection()), gen,
        "the abrupt drop of " + c.connection() + " was not recorded");
    if (after.connected() && c.connection().equals(after.connectionId())) {
      tally.stateMismatches.incrementAndGet();
      rig.violation(id + ": the drop of " + c.connection() + " is in the history but the session still says"
          + " connected; history " + after.history());
    }
  }

  /** Whether the session's history holds the end of {@code connection} (disconnected or replaced). */
  static boolean ended(Session s, String connection) {
    return s.history().stream().anyMatch(e -> connection.equals(e.connectionId())
        && (SessionEvent.DISCONNECTED.equals(e.type()) || SessionEvent.REPLACED.equals(e.type())));
  }

  /**
   * Waits until the store shows {@code condition} for the session. A bridge kill meanwhile cuts the cycle short; a
   * timeout otherwise is a state mismatch (the store never recorded what the bridge saw) and fails the client.
   */
  private Session awaitStore(String id, Predicate<Session> condition, long gen, String what) {
    BridgeUnderTest bridge = rig.bridge();
    Session s;
    try {
      s = rig.observer().await(id, x -> condition.test(x) || bridge.generation() != gen, SETTLE_WAIT);
    } catch (TimeoutException e) {
      if (bridge.generation() != gen) {
        throw new CutByKill();
      }
      tally.stateMismatches.incrementAndGet();
      throw new IllegalStateException(what + " within " + SETTLE_WAIT.toSeconds() + " s: "
          + rig.store().get(id).map(Session::history).orElse(List.of()));
    }
    if (bridge.generation() != gen) {
      throw new CutByKill();
    }
    return s;
  }
}
