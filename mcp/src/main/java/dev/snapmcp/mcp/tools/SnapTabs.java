package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.control.CommandRequest;
import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.control.Health;
import dev.snapmcp.bridge.control.SessionState;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.mcp.BridgeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The Snap! tabs this server reaches through the bridge. Picks the session a call concerns (a tab that is coming back
 * counts: its commands wait for it at the bridge), sends each command under the call's {@link Caller} (id, client,
 * tool), reports progress while a command waits and ends the wait when the client cancels, and turns control-API
 * failures into {@link ToolError}s that say what to do next. It keeps no order of its own (the bridge runs one command
 * at a time per tab for every client) and no undo history (it lives in the tab's relay, shared by every client).
 */
public final class SnapTabs implements AutoCloseable {

  static final String PAIR_FIRST =
      "No Snap! tab is connected. Call snap_pair and ask the user to paste the pairing code into the snap-mcp "
          + "extension's popup while their Snap! tab is open (or to open the link it gives).";

  private final BridgeLink link;
  private final Supplier<SessionStore> store;
  private final Duration commandTimeout;
  private final CommandWaiter waiter;
  private final ProjectFiles projects;
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
    this(link, store, commandTimeout, new ProjectFiles(ProjectFiles.defaultFolder()));
  }

  /** As above, with the one folder project files are loaded from and saved to. */
  public SnapTabs(BridgeLink link, Supplier<SessionStore> store, Duration commandTimeout, ProjectFiles projects) {
    this.link = Objects.requireNonNull(link, "link");
    this.store = Objects.requireNonNull(store, "store");
    this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
    this.waiter = new CommandWaiter(this, background);
    this.projects = Objects.requireNonNull(projects, "projects");
  }

  /** The projects folder's rules, for the load and save tools. */
  ProjectFiles projects() {
    return projects;
  }

  BridgeLink link() {
    return link;
  }

  SessionStore store() {
    return store.get();
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

  /**
   * The tab a browser tool acts on: the one named, else the only one connected, else the only one coming back (its
   * commands wait for it at the bridge). A tab connected now wins over one that dropped: a student who closed a tab
   * and paired a new one within the grace means the new one, and two tabs connected at once are always asked about.
   */
  Target target(ToolCall call) {
    return target(call.session(), Caller.of(call));
  }

  Target target(String requested, Caller caller) {
    List<SessionView> usable = new ArrayList<>();
    List<SessionView> connected = new ArrayList<>();
    SessionView named = null;
    for (SessionView session : sessions()) {
      SessionState where = session.sessionState().orElse(SessionState.NOT_CONNECTED);
      if (where.usable()) {
        usable.add(session);
      }
      if (where == SessionState.CONNECTED) {
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
            + (usable.isEmpty() ? PAIR_FIRST : "Connected sessions: " + describe(usable) + "."),
            new ConnectionState(requested, false, false, null, null));
      }
      chosen = named;
    } else if (connected.size() == 1) {
      chosen = connected.get(0);
    } else if (connected.isEmpty() && usable.size() == 1) {
      chosen = usable.get(0);
    } else if (usable.isEmpty()) {
      throw new ToolError(ToolErrorCode.NOT_CONNECTED, PAIR_FIRST, ConnectionState.NONE);
    } else {
      List<SessionView> asked = connected.isEmpty() ? usable : connected;
      throw new ToolError(ToolErrorCode.SEVERAL_TABS, asked.size() + " Snap! tabs are "
          + (connected.isEmpty() ? "coming back" : "connected") + ": " + describe(asked)
          + ". Call the tool again with 'session' set to the one you mean.", ConnectionState.NONE);
    }
    ConnectionState state = ConnectionState.of(chosen);
    SessionState where = chosen.sessionState().orElse(SessionState.NOT_CONNECTED);
    if (!where.usable()) {
      throw Failures.unusable(where, chosen, state);
    }
    if (where == SessionState.CONNECTED && !state.ready() && chosen.readyReason() != null) {
      // The page said why it is not ready; readiness it has not told yet (a page that just reconnected) is waited for.
      throw new ToolError(ToolErrorCode.NOT_READY, "The Snap! tab of session " + state.session() + " is connected but "
          + "not ready (" + chosen.readyReason() + "). Ask the user to wait until Snap! has finished loading (or to "
          + "reload the tab), then call snap_status.", state);
    }
    return new Target(state.session(), state, caller, where, chosen.droppedAt());
  }

  /** Runs {@code op} in the target's tab (after the tab's earlier commands, from any client: the bridge orders). */
  Answer run(Target target, String op, Map<String, Object> args, Duration timeout) {
    return command(target, op, args, timeout);
  }

  /**
   * Runs {@code op} in the target's tab at once: for the stop sign, which the bridge sends beside the {@code snap_run}
   * it is meant to end rather than after it.
   */
  Answer interrupt(Target target, String op, Map<String, Object> args) {
    return command(target, op, args, commandTimeout);
  }

  private Answer command(Target target, String op, Map<String, Object> args, Duration timeout) {
    // The request (and its id) is made once: BridgeLink's retry after the bridge moved sends the same command again.
    CommandRequest request = target.caller().request(op, args, timeout);
    JsonNode value = waiter.await(target, op,
        () -> bridge(client -> client.command(target.session(), request), target.state()));
    JsonNode capped = PageText.capAll(value); // the page's answer: every text capped, whatever the tab did
    return new Answer(capped, target.state().with(capped.get("state")));
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
      parts.add((session.id() == null ? "?" : session.id()) + (project != null ? " (project " + PageText.quote(project)
          + ")" : title != null ? " (" + PageText.quote(title) + ")" : ""));
    }
    return String.join(", ", parts);
  }

  @Override
  public void close() {
    background.shutdownNow();
  }

  /**
   * The tab a call acts on, what is known of its connection, and the caller its commands come from.
   *
   * @param where the session's state when the call chose it ({@code connected} or {@code reconnecting})
   * @param droppedAt when its tab dropped, if it is coming back
   */
  record Target(String session, ConnectionState state, Caller caller, SessionState where, Instant droppedAt) {

    Target with(ConnectionState newer) {
      return new Target(session, newer, caller, where, droppedAt);
    }

    Target with(Caller other) {
      return new Target(session, state, other, where, droppedAt);
    }
  }

  /** A browser's answer and the connection state after it. */
  record Answer(JsonNode value, ConnectionState state) {}
}
