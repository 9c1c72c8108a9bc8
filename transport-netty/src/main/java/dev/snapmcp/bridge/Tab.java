package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.SessionState;
import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.bridge.control.SessionStatus.Drop;
import dev.snapmcp.bridge.protocol.ControlErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One session's tab as the bridge holds it: the commands every client sent it, the connection they go to, and, while
 * that connection is away, how long the tab is waited for.
 *
 * <ul>
 *   <li>Commands run one at a time, in the order they arrived, whoever sent them; a {@code stop} overtakes (it is sent
 *       at once, beside the running command, which it is usually meant to end).
 *   <li>A command's timeout bounds its whole stay: waiting in the queue, waiting for the tab to come back, running.
 *   <li>When the connection drops, nothing fails: the running command is sent again, under the same id, to the
 *       connection that comes back (the tab answers an id once), and the queue waits. Only the grace running out
 *       ({@code not_connected}), the page saying it was closing ({@code tab_closed}) or a command's own timeout
 *       ({@code reconnecting}) fail them.
 *   <li>A command whose id is already here (a client retrying the same call) gets the first one's answer.
 * </ul>
 *
 * <p>Thread-safe: every method holds the tab's lock, and answers are completed after it is released.
 */
final class Tab {

  /** The op that overtakes the queue. */
  static final String STOP = "stop";

  /** The welcomed connection commands go to. */
  interface Link {
    String id();

    /** Writes the frame; must not call back into the tab before returning. */
    void send(Frame.Command command);
  }

  private final String session;
  private final Clock clock;
  private final Timers timers;
  private final Duration grace;
  private final int limit;

  private Link link;
  private Drop drop;
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private Job running;
  private final List<Job> stops = new ArrayList<>();
  private Timers.Cancellable graceTimer;
  private Instant graceEnds;

  private static final class Job {
    final Frame.Command command;
    final Duration timeout;
    final Instant deadline;
    final CompletableFuture<Frame.Result> answer = new CompletableFuture<>();
    Timers.Cancellable timer;
    Link sentOn;

    Job(Frame.Command command, Duration timeout, Instant deadline) {
      this.command = command;
      this.timeout = timeout;
      this.deadline = deadline;
    }
  }

  private record Failed(List<Job> jobs, CommandFailure why) {
    static final Failed NONE = new Failed(List.of(), null);

    void fail() {
      for (Job job : jobs) {
        job.answer.completeExceptionally(why);
      }
    }
  }

  Tab(String session, Clock clock, Timers timers, Duration grace, int limit) {
    this.session = session;
    this.clock = clock;
    this.timers = timers;
    this.grace = grace;
    this.limit = limit;
  }

  /**
   * Queues {@code command}, or joins the command already here under its id. The answer completes with the tab's result,
   * or exceptionally with a {@link CommandFailure}.
   */
  CompletableFuture<Frame.Result> submit(Frame.Command command, Duration timeout) {
    synchronized (this) {
      Job same = find(command.id());
      if (same != null) {
        return same.answer;
      }
      CommandFailure refused = refusal();
      if (refused == null && size() >= limit) {
        refused = new CommandFailure(ControlErrorCode.BUSY, "the Snap! tab of session " + session + " already has "
            + limit + " commands queued or running; wait for some to finish");
      }
      if (refused != null) {
        return CompletableFuture.failedFuture(refused);
      }
      Job job = new Job(command, timeout, clock.instant().plus(timeout));
      job.timer = timers.after(timeout, () -> expire(job));
      if (STOP.equals(command.op())) {
        stops.add(job);
      } else {
        waiting.add(job);
      }
      pump();
      return job.answer;
    }
  }

  /** The tab's result arrived: the command waiting for it completes, and the next one goes. False if none waits. */
  boolean complete(Frame.Result result) {
    Job job;
    synchronized (this) {
      job = take(result.id());
      if (job == null) {
        return false;
      }
      job.timer.cancel();
      pump();
    }
    job.answer.complete(result);
    return true;
  }

  /** A welcomed connection now carries the tab: the running command is sent (again) and the queue moves. */
  synchronized void attached(Link connection) {
    link = connection;
    cancelGrace();
    pump();
  }

  /**
   * {@code connection} ended (a connection that is no longer the tab's changes nothing). If the page said it was
   * closing, every command fails with {@code tab_closed}; otherwise they wait for the tab, within the grace.
   */
  void dropped(Link connection, Drop ended) {
    Failed failed = Failed.NONE;
    synchronized (this) {
      if (link != connection || connection == null) {
        return;
      }
      link = null;
      drop = Drop.newer(drop, ended);
      if (drop.closing()) {
        failed = new Failed(drain(), refusal());
      } else {
        armGrace();
      }
    }
    failed.fail();
  }

  /**
   * A command leaving this tab's queue unanswered because the tab moved to another bridge node: its answer is still to
   * be given, by whoever carries it on; {@code left} is what remains of its timeout.
   */
  record Moved(Frame.Command command, Duration left, CompletableFuture<Frame.Result> answer) {}

  /**
   * The tab is now held by another node: every command leaves the queue, unfailed, in the order it would have run (the
   * stops first), for the caller to carry to that node. A command already sent goes too: the tab answers an id once.
   */
  List<Moved> handOver() {
    synchronized (this) {
      List<Moved> out = new ArrayList<>();
      Instant now = clock.instant();
      for (Job job : drain()) {
        out.add(new Moved(job.command, Duration.between(now, job.deadline), job.answer));
      }
      return out;
    }
  }

  /** What the store knows of the tab's last drop (a bridge that just started learns it there). */
  synchronized void learn(Drop stored) {
    if (link == null && stored != null) {
      drop = Drop.newer(drop, stored);
      armGrace();
    }
  }

  /** The newest drop this bridge knows of, or null. */
  synchronized Drop lastDrop() {
    return drop;
  }

  /** Whether nothing is queued or running and no connection carries the tab: it may be forgotten. */
  synchronized boolean idle() {
    return link == null && size() == 0;
  }

  /** Commands queued or running. */
  synchronized int size() {
    return waiting.size() + stops.size() + (running == null ? 0 : 1);
  }

  /**
   * The failure of a command for a session in {@code status} (not {@code connected}): the code is the state's, the
   * message says what happened and when.
   */
  static CommandFailure failure(String session, SessionStatus status, Instant now, Duration grace) {
    String tab = "the Snap! tab of session " + session;
    String dropped = status.droppedAt() == null ? "moments ago" : SessionStatus.ago(status.droppedAt(), now) + " ago";
    String message = switch (status.state()) {
      case RECONNECTING -> tab + " dropped " + dropped + " and has not come back yet; it reconnects by itself (the"
          + " bridge waits up to " + grace.toSeconds() + " s after a drop)";
      case NOT_CONNECTED -> tab + " dropped " + dropped + " and did not come back within " + grace.toSeconds()
          + " s: is it still open, with the snap-mcp extension?";
      case TAB_CLOSED -> tab + " was closed " + dropped + " (the page said it was closing)";
      case NOT_PAIRED -> "no Snap! tab has connected to session " + session + " yet: paste its pairing code into the"
          + " snap-mcp extension's popup, or open its pairing link";
      case EXPIRED -> "session " + session + " has expired: make a new one";
      case REVOKED -> "session " + session + " was revoked";
      case CONNECTED -> throw new IllegalArgumentException("a connected session is no failure");
    };
    return new CommandFailure(status.state().failure(), message);
  }

  // ---- under the lock from here on

  /** Why a new command cannot even wait, or null. */
  private CommandFailure refusal() {
    if (link != null || drop == null) {
      return null; // connected, or connecting for the first time right now
    }
    Instant now = clock.instant();
    SessionState state = drop.closing() ? SessionState.TAB_CLOSED
        : Duration.between(drop.at(), now).compareTo(grace) < 0 ? SessionState.RECONNECTING
            : SessionState.NOT_CONNECTED;
    return state.usable() ? null : failure(session, new SessionStatus(state, drop.at()), now, grace);
  }

  /** Sends what is due to the connection, if there is one: stops, the running command (again), the next one. */
  private void pump() {
    if (link == null) {
      armGrace();
      return;
    }
    for (Job stop : stops) {
      if (stop.sentOn != link) {
        send(stop);
      }
    }
    if (running != null && running.sentOn != link) {
      send(running);
    }
    if (running == null && !waiting.isEmpty()) {
      running = waiting.poll();
      send(running);
    }
  }

  private void send(Job job) {
    job.sentOn = link;
    link.send(job.command);
  }

  private void expire(Job job) {
    Failed failed;
    synchronized (this) {
      boolean wasRunning = running == job;
      if (wasRunning) {
        running = null;
      } else if (!waiting.remove(job) && !stops.remove(job)) {
        return; // answered meanwhile
      }
      String op = job.command.op();
      long ms = job.timeout.toMillis();
      CommandFailure why;
      if (link == null) {
        Instant now = clock.instant();
        why = new CommandFailure(ControlErrorCode.RECONNECTING, "the Snap! tab of session " + session
            + (drop == null ? " has not connected" : " dropped " + SessionStatus.ago(drop.at(), now) + " ago and has"
                + " not come back") + " within " + op + "'s timeout of " + ms + " ms; it reconnects by itself (the"
            + " bridge waits up to " + grace.toSeconds() + " s after a drop)");
      } else if (job.sentOn == link) {
        why = new CommandFailure(ControlErrorCode.TIMEOUT, "the browser did not answer " + op + " within " + ms + " ms");
      } else {
        why = new CommandFailure(ControlErrorCode.TIMEOUT, op + " waited " + ms + " ms in the queue of session "
            + session + " without its turn: the tab is still busy with "
            + (running == null ? "earlier commands" : running.command.op()));
      }
      failed = new Failed(List.of(job), why);
      pump();
    }
    failed.fail();
  }

  private void armGrace() {
    if (link != null || drop == null || drop.closing() || size() == 0) {
      return;
    }
    Instant ends = drop.at().plus(grace);
    if (graceTimer != null && ends.equals(graceEnds)) {
      return;
    }
    cancelGrace();
    graceEnds = ends;
    graceTimer = timers.after(Duration.between(clock.instant(), ends), this::graceOver);
  }

  private void graceOver() {
    Failed failed;
    synchronized (this) {
      graceTimer = null;
      if (link != null || drop == null) {
        return;
      }
      CommandFailure why = refusal();
      if (why == null) {
        armGrace(); // a newer drop moved the end
        return;
      }
      failed = new Failed(drain(), why);
    }
    failed.fail();
  }

  private void cancelGrace() {
    if (graceTimer != null) {
      graceTimer.cancel();
      graceTimer = null;
      graceEnds = null;
    }
  }

  private List<Job> drain() {
    List<Job> all = new ArrayList<>(stops);
    if (running != null) {
      all.add(running);
    }
    all.addAll(waiting);
    stops.clear();
    waiting.clear();
    running = null;
    all.forEach(job -> job.timer.cancel());
    return all;
  }

  private Job find(String id) {
    if (running != null && running.command.id().equals(id)) {
      return running;
    }
    for (Job job : stops) {
      if (job.command.id().equals(id)) {
        return job;
      }
    }
    for (Job job : waiting) {
      if (job.command.id().equals(id)) {
        return job;
      }
    }
    return null;
  }

  /** The sent command answered by {@code id}, removed; null if none. */
  private Job take(String id) {
    if (running != null && running.command.id().equals(id) && running.sentOn != null) {
      Job job = running;
      running = null;
      return job;
    }
    for (int i = 0; i < stops.size(); i++) {
      Job job = stops.get(i);
      if (job.command.id().equals(id) && job.sentOn != null) {
        return stops.remove(i);
      }
    }
    return null;
  }
}
