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
 * coming back (and how long ago it dropped), through the call's {@link ToolCall#stillWaiting}, or Snap! still working.
 * The command runs on a background thread so the wait also ends when the client cancels the call.
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

  /**
   * The answer {@code command} brings.
   *
   * @throws ToolError {@code cancelled} when the client cancelled the call or the thread was interrupted (then with
   *     its interrupt flag set again), or what the command threw
   */
  JsonNode await(SnapTabs.Target target, String op, Supplier<JsonNode> command) {
    Caller caller = target.caller();
    CompletableFuture<JsonNode> pending = CompletableFuture.supplyAsync(command, background);
    // A command sent once the call was cancelled is its clean-up (snap_run's stop): that one is waited for.
    CompletableFuture<Void> cancelled =
        caller.cancellation().isDone() ? new CompletableFuture<>() : caller.cancellation();
    long started = System.nanoTime();
    SessionState where = target.where();
    Instant droppedAt = target.droppedAt();
    while (true) {
      try {
        CompletableFuture.anyOf(pending, cancelled).get(EVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (!pending.isDone()) {
          pending.cancel(true);
          throw cancelled(target, op);
        }
        return pending.get();
      } catch (TimeoutException e) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        if (where != SessionState.CONNECTED) {
          SessionView now = view(target.session());
          if (now != null) {
            where = now.sessionState().orElse(where);
            droppedAt = now.droppedAt() != null ? now.droppedAt() : droppedAt;
          }
        }
        if (where == SessionState.RECONNECTING) {
          caller.stillWaiting("Waiting for the Snap! tab of session " + target.session() + " to come back (it dropped "
              + (droppedAt == null ? "moments" : SessionStatus.ago(droppedAt, clock.instant())) + " ago)");
        } else {
          String working = caller.workingMessage(seconds);
          caller.working(seconds, working != null ? working : "Waiting for Snap! to finish " + op + " (" + seconds
              + " s)");
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw cancelled(target, op);
      }
    }
  }

  private static ToolError cancelled(SnapTabs.Target target, String op) {
    return new ToolError(ToolErrorCode.CANCELLED, "The call was cancelled while " + op + " was under way; Snap! may"
        + " still carry it out (snap_stop ends running scripts).", target.state());
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
