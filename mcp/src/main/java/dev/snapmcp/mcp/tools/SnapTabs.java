package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.control.Health;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.mcp.BridgeLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The Snap! tabs this server reaches through the bridge. Picks the session a call concerns, serialises the calls for
 * one tab (the SDK runs tool calls concurrently; calls for different tabs still run side by side), and turns
 * control-API failures into {@link ToolError}s that say what to do next. The undo history is not kept here: it lives
 * in the tab (its relay), shared by every client of the tab.
 */
public final class SnapTabs implements AutoCloseable {

  static final String PAIR_FIRST =
      "No Snap! tab is connected. Call snap_pair and ask the user to paste the pairing code into the snap-mcp "
          + "extension's popup while their Snap! tab is open (or to open the link it gives).";

  private final BridgeLink link;
  private final Supplier<SessionStore> store;
  private final Duration commandTimeout;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newCachedThreadPool(new ThreadFactory() {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "snap-mcp-tool-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  });

  /**
   * @param link the way to the bridge
   * @param store opens the session store (lazily: only pairing needs it)
   * @param commandTimeout how long a browser op may take (snap_run brings its own)
   */
  public SnapTabs(BridgeLink link, Supplier<SessionStore> store, Duration commandTimeout) {
    this.link = Objects.requireNonNull(link, "link");
    this.store = Objects.requireNonNull(store, "store");
    this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
  }

  BridgeLink link() {
    return link;
  }

  SessionStore store() {
    return store.get();
  }

  /** Runs long browser calls while the tool's thread reports progress. */
  Executor background() {
    return background;
  }

  Duration commandTimeout() {
    return commandTimeout;
  }

  /** The bridge's sessions ({@code GET /api/v1/sessions}). */
  List<SessionView> sessions() {
    return bridge(ControlClient::sessions, ConnectionState.NONE);
  }

  /** The bridge's health. */
  Health health() {
    return bridge(ControlClient::health, ConnectionState.NONE);
  }

  /** The connected tab a browser tool acts on: the one named, or the only one connected. */
  Target target(String requested) {
    List<SessionView> connected = new ArrayList<>();
    SessionView named = null;
    for (SessionView session : sessions()) {
      if (session.connected()) {
        connected.add(session);
      }
      if (requested != null && requested.equals(session.id())) {
        named = session;
      }
    }
    SessionView chosen;
    if (requested != null) {
      if (named == null) {
        throw new ToolError(ToolErrorCode.UNKNOWN_SESSION, "There is no session '" + requested + "'. "
            + (connected.isEmpty() ? PAIR_FIRST : "Connected sessions: " + describe(connected) + "."),
            new ConnectionState(requested, false, false, null, null));
      }
      chosen = named;
    } else if (connected.size() == 1) {
      chosen = connected.get(0);
    } else if (connected.isEmpty()) {
      throw new ToolError(ToolErrorCode.NOT_CONNECTED, PAIR_FIRST, ConnectionState.NONE);
    } else {
      throw new ToolError(ToolErrorCode.SEVERAL_TABS, connected.size() + " Snap! tabs are connected: " + describe(connected)
          + ". Call the tool again with 'session' set to the one you mean.", ConnectionState.NONE);
    }
    ConnectionState state = ConnectionState.of(chosen);
    if (!state.connected()) {
      throw new ToolError(ToolErrorCode.NOT_CONNECTED, "Session " + state.session() + " has no connected Snap! tab (last seen "
          + (chosen.lastSeenAt() == null ? "never" : chosen.lastSeenAt()) + "). Ask the user to open Snap! and paste the pairing code "
          + "into the snap-mcp extension's popup again, or call snap_pair for a new code.", state);
    }
    if (!state.ready()) {
      String reason = chosen.readyReason() == null ? "" : chosen.readyReason();
      throw new ToolError(ToolErrorCode.NOT_READY, "The Snap! tab of session " + state.session() + " is connected but not ready"
          + (reason.isBlank() ? "" : " (" + reason + ")") + ". Ask the user to wait until Snap! has finished loading "
          + "(or to reload the tab), then call snap_status.", state);
    }
    return new Target(state.session(), state);
  }

  /** Runs {@code op} in the target's tab, serialised with the tab's other calls. */
  Answer run(Target target, String op, Map<String, Object> args, Duration timeout) {
    return locked(target, () -> command(target, op, args, timeout));
  }

  /**
   * Runs {@code op} in the target's tab without waiting for the tab's other calls: for the stop sign, which must not
   * queue behind the {@code snap_run} it is meant to end.
   */
  Answer interrupt(Target target, String op, Map<String, Object> args) {
    return command(target, op, args, commandTimeout);
  }

  /**
   * Runs {@code work} holding the tab, so no other call of this process comes between its ops (a narrated script's
   * steps); inside it, {@link #commandHeld} runs each op.
   */
  <T> T exclusive(Target target, Supplier<T> work) {
    return locked(target, work);
  }

  /** One op in the tab, for code already holding it through {@link #exclusive}. */
  Answer commandHeld(Target target, String op, Map<String, Object> args) {
    return command(target, op, args, commandTimeout);
  }

  private Answer command(Target target, String op, Map<String, Object> args, Duration timeout) {
    JsonNode value = bridge(client -> client.command(target.session(), op, args, timeout), target.state());
    return new Answer(value, target.state().with(value.get("state")));
  }

  private <T> T locked(Target target, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(target.session(), id -> new ReentrantLock(true));
    boolean held;
    try {
      held = lock.tryLock(commandTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolError(ToolErrorCode.BUSY, "Interrupted while waiting for the tab's previous call.", target.state());
    }
    if (!held) {
      throw new ToolError(ToolErrorCode.BUSY, "The Snap! tab of session " + target.session() + " is still busy with an earlier "
          + "call. Wait for it (or call snap_stop), then try again.", target.state());
    }
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private <T> T bridge(java.util.function.Function<ControlClient, T> call, ConnectionState state) {
    try {
      return link.call(call);
    } catch (ControlException e) {
      throw Failures.explain(e, state);
    }
  }

  private static String describe(List<SessionView> sessions) {
    List<String> parts = new ArrayList<>();
    for (SessionView session : sessions) {
      String project = session.project();
      String title = session.tab() == null ? null : session.tab().title();
      parts.add((session.id() == null ? "?" : session.id()) + (project != null ? " (project \"" + project + "\")"
          : title != null ? " (" + title + ")" : ""));
    }
    return String.join(", ", parts);
  }

  @Override
  public void close() {
    background.shutdownNow();
  }

  /** The tab a call acts on and what is known of its connection. */
  record Target(String session, ConnectionState state) {}

  /** A browser's answer and the connection state after it. */
  record Answer(JsonNode value, ConnectionState state) {}
}
