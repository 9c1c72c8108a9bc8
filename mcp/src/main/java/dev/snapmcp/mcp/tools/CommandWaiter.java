package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.control.SessionState;
import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.bridge.control.SessionView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Waits for one command's answer, and while it waits tells the client about once a second what for: a tab that is
 * coming back (and how long ago it dropped), or Snap! still working. Only when the client asked for progress; otherwise
 * the command runs on the caller's thread.
 */
final class CommandWaiter {

  private static final Logger LOG = LoggerFactory.getLogger(CommandWaiter.class);

  /** How often progress is reported. */
  static final Duration EVERY = Duration.ofSeconds(1);

  private final SnapTabs tabs;
  private final Executor background;
  private final Clock clock = Clock.systemUTC();

  CommandWaiter(SnapTabs tabs, Executor background) {
    this.tabs = tabs;
    this.background = background;
  }

  JsonNode await(SnapTabs.Target target, String op, Supplier<JsonNode> command) {
    Caller caller = target.caller();
    if (!caller.wantsProgress()) {
      return command.get();
    }
    CompletableFuture<JsonNode> pending = CompletableFuture.supplyAsync(command, background);
    long started = System.nanoTime();
    SessionState where = target.where();
    Instant droppedAt = target.droppedAt();
    while (true) {
      try {
        return pending.get(EVERY.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        if (where != SessionState.CONNECTED) {
          SessionView now = view(target.session());
          if (now != null) {
            where = now.sessionState().orElse(where);
            droppedAt = now.droppedAt() != null ? now.droppedAt() : droppedAt;
          }
        }
        caller.progress(seconds, message(target.session(), op, where, droppedAt, caller, seconds));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pending.cancel(true);
        throw new ToolError(ToolErrorCode.CANCELLED, "The call was cancelled while " + op + " was under way; Snap! may"
            + " still carry it out (snap_stop ends running scripts).", target.state());
      }
    }
  }

  private String message(String session, String op, SessionState where, Instant droppedAt, Caller caller,
      long seconds) {
    if (where == SessionState.RECONNECTING) {
      return "Waiting for the Snap! tab of session " + session + " to come back (it dropped "
          + (droppedAt == null ? "moments" : SessionStatus.ago(droppedAt, clock.instant())) + " ago)";
    }
    String working = caller.working(seconds);
    return working != null ? working : "Waiting for Snap! to finish " + op + " (" + seconds + " s)";
  }

  /** The session as the bridge sees it now, or null if that cannot be read (the progress report then says less). */
  private SessionView view(String session) {
    try {
      return tabs.sessions().stream().filter(v -> session.equals(v.id())).findFirst().orElse(null);
    } catch (RuntimeException e) {
      LOG.debug("could not read the session for a progress report: {}", e.getMessage());
      return null;
    }
  }
}
