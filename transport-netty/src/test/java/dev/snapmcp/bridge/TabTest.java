package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.control.SessionStatus.Drop;
import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * One tab's queue and grace, on a clock the test moves: order across clients, stop overtaking, the whole-stay
 * timeout, re-sending after a drop, and the failures that say what happened.
 */
class TabTest {

  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration LONG = Duration.ofMinutes(2);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final ManualTimers timers = new ManualTimers(clock);
  private final Tab tab = new Tab("sess_t", clock, timers, GRACE, 4);

  /** A connection that records what it was sent. */
  private static final class Socket implements Tab.Link {
    final String id;
    final List<Frame.Command> sent = new ArrayList<>();

    Socket(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public void send(Frame.Command command) {
      sent.add(command);
    }

    List<String> ids() {
      return sent.stream().map(Frame.Command::id).toList();
    }
  }

  private static Frame.Command command(String id, String op) {
    return new Frame.Command(id, op, Json.mapper().createObjectNode());
  }

  private static Frame.Result result(String id) {
    return new Frame.Result(id, true, Json.mapper().createObjectNode().put("id", id), null);
  }

  private static CommandFailure failure(CompletableFuture<Frame.Result> answer) {
    assertTrue(answer.isCompletedExceptionally(), "failed: " + answer);
    try {
      answer.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return (CommandFailure) e.getCause();
    }
  }

  private Socket connected() {
    Socket socket = new Socket("conn_1");
    tab.attached(socket);
    return socket;
  }

  @Test
  void commandsRunOneAtATimeInArrivalOrderWhoeverSentThem() {
    Socket socket = connected();
    var a = tab.submit(command("a", "add_script"), LONG);
    var b = tab.submit(command("b", "get_project"), LONG);
    var c = tab.submit(command("c", "set_variable"), LONG);
    assertEquals(List.of("a"), socket.ids(), "only the first is sent");
    assertTrue(tab.complete(result("a")));
    assertEquals(List.of("a", "b"), socket.ids());
    assertTrue(tab.complete(result("b")));
    assertTrue(tab.complete(result("c")));
    assertEquals(List.of("a", "b", "c"), socket.ids());
    assertEquals("a", a.join().id());
    assertEquals("b", b.join().id());
    assertEquals("c", c.join().id());
    assertEquals(0, tab.size());
    assertEquals(0, timers.pending(), "every timeout cancelled");
  }

  @Test
  void stopOvertakesTheQueueAndGoesBesideTheRunningCommand() {
    Socket socket = connected();
    tab.submit(command("run", "run"), LONG);
    var queued = tab.submit(command("next", "get_project"), LONG);
    var stop = tab.submit(command("stop", Tab.STOP), LONG);
    assertEquals(List.of("run", "stop"), socket.ids());
    assertTrue(tab.complete(result("stop")));
    assertTrue(stop.isDone() && !queued.isDone());
    assertTrue(tab.complete(result("run")));
    assertEquals(List.of("run", "stop", "next"), socket.ids());
  }

  @Test
  void aTimeoutCountsTheWaitInTheQueue() {
    Socket socket = connected();
    tab.submit(command("slow", "run"), LONG);
    var waiting = tab.submit(command("quick", "status"), Duration.ofSeconds(5));
    timers.advance(Duration.ofSeconds(5));
    CommandFailure why = failure(waiting);
    assertEquals(ControlErrorCode.TIMEOUT, why.code());
    assertTrue(why.getMessage().contains("status waited 5000 ms in the queue of session sess_t"), why.getMessage());
    assertTrue(why.getMessage().contains("busy with run"), why.getMessage());
    assertEquals(List.of("slow"), socket.ids(), "the timed-out command was never sent");
  }

  @Test
  void aCommandTheTabDoesNotAnswerTimesOutAndTheNextGoes() {
    Socket socket = connected();
    var hung = tab.submit(command("hung", "get_project"), Duration.ofSeconds(3));
    tab.submit(command("next", "status"), LONG);
    timers.advance(Duration.ofSeconds(3));
    assertEquals(ControlErrorCode.TIMEOUT, failure(hung).code());
    assertEquals("the browser did not answer get_project within 3000 ms", failure(hung).getMessage());
    assertEquals(List.of("hung", "next"), socket.ids());
    assertFalse(tab.complete(result("hung")), "a late answer is dropped");
  }

  @Test
  void aDropFailsNothingAndTheRunningCommandIsSentAgainUnderItsIdWhenTheTabIsBack() {
    Socket first = connected();
    var running = tab.submit(command("t_1", "add_script"), LONG);
    var queued = tab.submit(command("t_2", "get_project"), LONG);
    tab.dropped(first, new Drop(clock.instant(), "closed"));
    timers.advance(Duration.ofSeconds(10));
    assertFalse(running.isDone() || queued.isDone(), "they wait for the tab");
    var meanwhile = tab.submit(command("t_3", "status"), LONG);
    assertFalse(meanwhile.isDone(), "a new command waits too");

    Socket second = new Socket("conn_2");
    tab.attached(second);
    assertEquals(List.of("t_1"), second.ids(), "the running one again, same id, and only it");
    assertTrue(tab.complete(result("t_1")));
    assertTrue(tab.complete(result("t_2")));
    assertTrue(tab.complete(result("t_3")));
    assertEquals(List.of("t_1", "t_2", "t_3"), second.ids());
    assertTrue(running.join().ok() && queued.join().ok() && meanwhile.join().ok());
    assertFalse(tab.complete(result("t_1")), "an id is answered once");
  }

  @Test
  void theGraceRunningOutFailsWhatWaitsAsNotConnectedAndRefusesNewCommands() {
    Socket socket = connected();
    var running = tab.submit(command("a", "get_project"), LONG);
    var queued = tab.submit(command("b", "status"), LONG);
    tab.dropped(socket, new Drop(clock.instant(), "heartbeat_timeout"));
    timers.advance(GRACE.minusMillis(1));
    assertFalse(running.isDone());
    timers.advance(Duration.ofMillis(1));
    CommandFailure why = failure(running);
    assertEquals(ControlErrorCode.NOT_CONNECTED, why.code());
    assertTrue(why.getMessage().contains("dropped 30 s ago and did not come back within 30 s"), why.getMessage());
    assertEquals(ControlErrorCode.NOT_CONNECTED, failure(queued).code());
    assertEquals(ControlErrorCode.NOT_CONNECTED, failure(tab.submit(command("c", "status"), LONG)).code());
    assertTrue(tab.idle());
  }

  @Test
  void aCommandWhoseTimeoutEndsBeforeTheTabIsBackFailsAsReconnectingWithHowLongAgo() {
    Socket socket = connected();
    clock.advance(Duration.ofSeconds(1));
    tab.dropped(socket, new Drop(clock.instant(), "closed"));
    clock.advance(Duration.ofSeconds(2));
    var waiting = tab.submit(command("a", "get_project"), Duration.ofSeconds(5));
    timers.advance(Duration.ofSeconds(5));
    CommandFailure why = failure(waiting);
    assertEquals(ControlErrorCode.RECONNECTING, why.code());
    assertTrue(why.getMessage().contains("dropped 7.0 s ago and has not come back within get_project's timeout of"
        + " 5000 ms"), why.getMessage());
  }

  @Test
  void aClosingPageFailsEverythingAtOnceAsTabClosed() {
    Socket socket = connected();
    var running = tab.submit(command("a", "get_project"), LONG);
    var queued = tab.submit(command("b", "status"), LONG);
    tab.dropped(socket, new Drop(clock.instant(), "tab_closed"));
    assertEquals(ControlErrorCode.TAB_CLOSED, failure(running).code());
    assertEquals(ControlErrorCode.TAB_CLOSED, failure(queued).code());
    CommandFailure later = failure(tab.submit(command("c", "status"), LONG));
    assertEquals(ControlErrorCode.TAB_CLOSED, later.code());
    assertTrue(later.getMessage().contains("was closed 0.0 s ago (the page said it was closing)"), later.getMessage());
  }

  @Test
  void theSameIdJoinsTheCommandAlreadyThere() {
    Socket socket = connected();
    var first = tab.submit(command("t_9", "add_script"), LONG);
    var retry = tab.submit(command("t_9", "add_script"), LONG);
    assertSame(first, retry);
    assertEquals(List.of("t_9"), socket.ids());
    assertEquals(1, tab.size());
  }

  @Test
  void aNewConnectionReplacingTheOldOneGetsTheRunningCommandAndTheOldOnesCloseChangesNothing() {
    Socket old = connected();
    var running = tab.submit(command("a", "run"), LONG);
    Socket replacing = new Socket("conn_2");
    tab.attached(replacing);
    assertEquals(List.of("a"), replacing.ids());
    tab.dropped(old, new Drop(clock.instant(), "replaced"));
    tab.submit(command("b", "status"), LONG);
    assertTrue(tab.complete(result("a")));
    assertEquals(List.of("a", "b"), replacing.ids(), "still connected through the new one");
    assertTrue(running.join().ok());
  }

  @Test
  void aFullQueueIsBusy() {
    connected();
    for (int i = 0; i < 4; i++) {
      tab.submit(command("c" + i, "status"), LONG);
    }
    assertEquals(ControlErrorCode.BUSY, failure(tab.submit(command("c4", "status"), LONG)).code());
  }

  @Test
  void aBridgeThatJustStartedCountsTheGraceFromTheDropTheStoreRecorded() {
    Instant restarted = clock.instant();
    clock.advance(Duration.ofSeconds(20));
    tab.learn(new Drop(restarted, "bridge_restarted"));
    var waiting = tab.submit(command("a", "status"), LONG);
    timers.advance(Duration.ofSeconds(10));
    assertEquals(ControlErrorCode.NOT_CONNECTED, failure(waiting).code(), "30 s after the restart, not after now");
  }

  @Test
  void aCommandSentBeforeAnyTabConnectedWaitsForTheFirstOne() {
    var waiting = tab.submit(command("a", "status"), LONG);
    Socket socket = connected();
    assertEquals(List.of("a"), socket.ids());
    assertTrue(tab.complete(result("a")));
    assertTrue(waiting.join().ok());
  }
}
