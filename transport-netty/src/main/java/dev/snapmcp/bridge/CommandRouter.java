package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a command goes: to the tab's queue here when this bridge holds the tab (or no other does), else, in a
 * cluster, through the store to the node that holds it ({@link ClusterNode}). Every answer completes with the tab's
 * result or exceptionally with a {@link CommandFailure} whose code the control API answers with.
 */
final class CommandRouter {

  private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

  private final SessionStore store;
  private final SessionRegistry registry;
  private final Executor storeExecutor;
  private volatile ClusterNode cluster;

  CommandRouter(SessionStore store, SessionRegistry registry, Executor storeExecutor) {
    this.store = store;
    this.registry = registry;
    this.storeExecutor = storeExecutor;
  }

  /** From now on, commands for tabs other nodes hold are carried there. */
  void routeThrough(ClusterNode node) {
    this.cluster = node;
  }

  /** The sessions whose tabs other live nodes hold (none outside a cluster); blocks on the store. */
  java.util.Set<String> heldElsewhere() {
    ClusterNode node = cluster;
    return node == null ? java.util.Set.of() : node.heldElsewhere();
  }

  /** Runs {@code frame} on the tab of {@code session}, wherever it is. */
  CompletableFuture<Frame.Result> dispatch(String session, Frame.Command frame, Duration timeout) {
    Tabs tabs = registry.tabs();
    if (registry.connection(session).isPresent()) {
      return tabs.tab(session).submit(frame, timeout);
    }
    ClusterNode node = cluster;
    return CompletableFuture.supplyAsync(() -> {
      if (node != null) {
        Optional<String> holder = node.holderElsewhere(session);
        if (holder.isPresent()) {
          return node.relay(session, holder.get(), frame, timeout);
        }
      }
      return local(session, frame, timeout);
    }, storeExecutor).thenCompose(answer -> answer);
  }

  /**
   * Runs {@code frame} on this bridge's own queue of the tab: at once when it is connected here, else as the store's
   * state of the session allows (waiting within the reconnect grace). Blocks on the store: never on an event loop.
   */
  CompletableFuture<Frame.Result> local(String session, Frame.Command frame, Duration timeout) {
    Tabs tabs = registry.tabs();
    if (registry.connection(session).isPresent()) {
      return tabs.tab(session).submit(frame, timeout);
    }
    Optional<Session> stored;
    try {
      stored = store.get(session);
    } catch (RuntimeException e) {
      log.warn("control API: the store failed: {}", e.toString());
      return CompletableFuture.failedFuture(new CommandFailure(ControlErrorCode.UNAVAILABLE,
          "the bridge could not read its session store: " + e.getMessage()));
    }
    if (stored.isEmpty()) {
      return CompletableFuture.failedFuture(
          new CommandFailure(ControlErrorCode.UNKNOWN_SESSION, "no session " + session));
    }
    boolean live = registry.connection(session).isPresent();
    SessionStatus status = tabs.status(stored.get(), live);
    if (!status.state().usable()) {
      return CompletableFuture.failedFuture(
          Tab.failure(session, status, tabs.clock().instant(), tabs.grace()));
    }
    Tab tab = tabs.tab(session);
    tab.learn(SessionStatus.Drop.of(stored.get()));
    return tab.submit(frame, timeout);
  }
}
