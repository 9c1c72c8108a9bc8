package dev.snapmcp.mcp;

import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.StateFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's way to a bridge: finds the live one (the store's bridge record, confirmed by {@code GET
 * /api/v1/health}), or starts one in-process on the configured port when there is none. When a call finds the bridge
 * gone (its host process exited), the link checks again, takes the bridge over if nobody else did, and retries the call
 * once: every {@code serve} of the machine shares one bridge, and the bridge comes back wherever a client still needs
 * it.
 */
public final class BridgeLink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeLink.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** How long to keep looking for a bridge that another process is starting at the same moment. */
  private static final Duration RACE_WINDOW = Duration.ofSeconds(3);

  private final Path stateDir;
  private final int port;
  private final Supplier<Optional<SessionStore>> store;
  private final EmbeddedBridge embedded;
  private final Duration requestTimeout;
  private final Clock clock;

  /** One HTTP client (and its threads) for every probe and call this link makes; made on first use. */
  private ControlClient.Shared http;

  private ControlClient client;
  private EmbeddedBridge.Hosted hosted;

  /**
   * @param stateDir the state folder ({@code bridge.token} lives there)
   * @param port the port a bridge is started on when there is none (the default 7627)
   * @param store the store, if it can be opened (its bridge record names the live bridge's port)
   * @param embedded starts an in-process bridge; null to never start one (doctor, tests)
   */
  public BridgeLink(Path stateDir, int port, Supplier<Optional<SessionStore>> store, EmbeddedBridge embedded,
      Duration requestTimeout, Clock clock) {
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.port = port;
    this.store = Objects.requireNonNull(store, "store");
    this.embedded = embedded;
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs {@code call} against the bridge. When the bridge is unreachable or no longer knows our token (it was
   * restarted), finds or starts a bridge again and retries once.
   */
  public <T> T call(Function<ControlClient, T> call) {
    ControlClient current = client();
    try {
      return call.apply(current);
    } catch (ControlException e) {
      boolean bridgeGone = e.kind() == ControlException.Kind.UNREACHABLE
          || e.kind() == ControlException.Kind.REFUSED && e.status() == 401;
      if (!bridgeGone) {
        throw e;
      }
      LOG.info("the bridge at {} is gone ({}); looking for another or starting one", current.base(), e.getMessage());
      forget(current);
      return call.apply(client());
    }
  }

  /** Whether this process hosts the bridge. */
  public synchronized boolean hostsBridge() {
    return hosted != null;
  }

  /** The port a bridge is expected on when none is recorded. */
  public int port() {
    return port;
  }

  /** A client of the live bridge, without starting one; empty when there is none. */
  public Optional<ControlClient> probe() {
    for (int candidate : candidatePorts()) {
      Optional<ControlClient> found = probe(candidate);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The live bridge's client: found, or started here. */
  public synchronized ControlClient client() {
    if (client != null) {
      return client;
    }
    Optional<ControlClient> found = probe();
    if (found.isPresent()) {
      client = found.get();
      return client;
    }
    if (embedded == null) {
      throw new ControlException(ControlException.Kind.UNREACHABLE,
          "no snap-mcp bridge is running (expected on 127.0.0.1:" + port + "); start one with `snap-mcp bridge`",
          null);
    }
    client = startOrJoin();
    return client;
  }

  private ControlClient startOrJoin() {
    Exception startFailure;
    try {
      closeHosted();
      SessionStore shared = store.get().orElseThrow(() -> new ControlException(ControlException.Kind.UNREACHABLE,
          "cannot start a bridge: the session store in " + stateDir + " cannot be opened (run `snap-mcp doctor`)",
          null));
      hosted = embedded.start(shared, port);
      int bound = hosted.port();
      LOG.info("started the bridge in this process on 127.0.0.1:{}", bound);
      return probe(bound).orElseThrow(() -> new ControlException(ControlException.Kind.UNREACHABLE,
          "the bridge started in this process on port " + bound + " does not answer its health check", null));
    } catch (ControlException e) {
      throw e;
    } catch (Exception e) {
      startFailure = e;
    }
    // Another process may have won the race for the port a moment ago: give its bridge a moment to answer.
    Instant deadline = clock.instant().plus(RACE_WINDOW);
    while (clock.instant().isBefore(deadline)) {
      Optional<ControlClient> found = probe();
      if (found.isPresent()) {
        return found.get();
      }
      try {
        Thread.sleep(100); // bounded poll of another process's start-up; there is nothing to wait on instead
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new ControlException(ControlException.Kind.UNREACHABLE,
        "could not start the snap-mcp bridge on 127.0.0.1:" + port + " (" + startFailure.getMessage()
            + "); run `snap-mcp doctor` to see what holds the port", startFailure);
  }

  private Optional<ControlClient> probe(int candidate) {
    Optional<String> token = readToken();
    if (token.isEmpty()) {
      return Optional.empty();
    }
    ControlClient probing = http().client(URI.create("http://127.0.0.1:" + candidate), token.get(), requestTimeout);
    try {
      probing.health();
      return Optional.of(probing);
    } catch (ControlException e) {
      LOG.debug("no bridge on port {}: {}", candidate, e.getMessage());
      probing.close();
      return Optional.empty();
    }
  }

  /** The recorded live bridge's port first, then the configured one. */
  private int[] candidatePorts() {
    Optional<BridgeRecord> record = store.get().flatMap(SessionStore::bridge);
    if (record.isPresent() && record.get().port() != port && record.get().isLiveAt(clock.instant())) {
      return new int[] {record.get().port(), port};
    }
    return new int[] {port};
  }

  private Optional<String> readToken() {
    try {
      return StateFiles.readPrivate(StateFiles.bridgeToken(stateDir)).map(String::strip)
          .filter(token -> !token.isEmpty());
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", StateFiles.bridgeToken(stateDir), e.getMessage());
      return Optional.empty();
    }
  }

  private synchronized ControlClient.Shared http() {
    if (http == null) {
      http = ControlClient.shared(PROBE_TIMEOUT);
    }
    return http;
  }

  private synchronized void forget(ControlClient stale) {
    if (client == stale) {
      client = null;
      stale.close();
    }
  }

  private void closeHosted() {
    if (hosted != null) {
      try {
        hosted.close();
      } catch (Exception e) {
        LOG.warn("closing the previous in-process bridge failed: {}", e.getMessage());
      }
      hosted = null;
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    closeHosted();
    if (http != null) {
      http.close();
    }
  }
}
