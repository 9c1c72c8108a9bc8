package dev.snapmcp.harness;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The bridge the connections scenario runs against: a {@link BridgeProcessMain} child process on a free loopback port,
 * reached with {@link FakeBrowser} clients. A kill -9 during the storm replaces the process and its port; {@link
 * #generation()} tells a client whether that happened under it.
 */
final class BridgeUnderTest implements AutoCloseable {

  /** Short enough that a client whose bridge was killed under it soon tries again. */
  static final Duration WELCOME_WAIT = Duration.ofSeconds(10);

  /** A welcomed socket; {@code helloAt} just before the hello was sent, {@code welcomedAt} once the welcome came. */
  record Connected(FakeBrowser browser, String connection, Instant helloAt, Instant welcomedAt) {}

  private final Path stateDir;
  private final int maxPerAddress;
  /** The bridge process now running and its port: a kill -9 during the storm replaces both. */
  private volatile ChildJvm process;
  private volatile int port;
  /** Odd while the bridge is being killed and restarted: a cycle that sees it change was cut short by a kill. */
  private final AtomicLong generation = new AtomicLong();

  /** @param maxPerAddress the per-address limit, raised: every client here comes from 127.0.0.1 */
  BridgeUnderTest(Path stateDir, int maxPerAddress) {
    this.stateDir = stateDir;
    this.maxPerAddress = maxPerAddress;
  }

  /** Starts a bridge process and waits until it listens. */
  void start() {
    ChildJvm started = ChildJvm.builder(BridgeProcessMain.class).name("bridge")
        .jvmArgs("-Xmx512m").args(stateDir.toString(), Integer.toString(maxPerAddress),
            Long.toString(ConnectionsScenario.PING_INTERVAL_MS), Long.toString(ConnectionsScenario.IDLE_TIMEOUT_MS))
        .start();
    process = started;
    port = Integer.parseInt(started.awaitLine(l -> l.startsWith("port "), ConnectionsScenario.WAIT).substring(5));
  }

  /** Kills the bridge with -9 in the middle of whatever it does and starts a new one (on a new port). */
  void killAndRestart() {
    generation.incrementAndGet(); // odd: cycles from now on are cut short
    process.kill();
    start();
    generation.incrementAndGet(); // even again: the new bridge listens
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  long generation() {
    return generation.get();
  }

  /** Asks the bridge to close (its stdin ends) and returns its exit status. */
  int stop() throws java.io.IOException {
    process.stdin().close();
    return process.waitFor(ConnectionsScenario.WAIT);
  }

  /** The bridge's last lines on stderr, for a violation. */
  String stderrTail() {
    List<String> lines = process.stderrLines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  /** A socket that has said hello for {@code s} and been welcomed; closed again if the welcome does not come. */
  Connected connect(NewSession s) {
    FakeBrowser b = FakeBrowser.to(port).origin(Protocol.EXTENSION_ORIGIN).connect();
    try {
      Instant helloAt = Instant.now();
      b.hello(s.session().id(), s.token());
      JsonNode welcome = b.awaitFrame("welcome", WELCOME_WAIT);
      return new Connected(b, welcome.get("connection").asString(), helloAt, Instant.now());
    } catch (RuntimeException | AssertionError e) {
      b.close();
      throw e;
    }
  }

  /** Kills the bridge if it still runs (a run that failed before {@link #stop}). */
  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
