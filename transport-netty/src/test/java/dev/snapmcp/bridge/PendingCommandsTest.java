package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.core.Json;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Command correlation on an {@link EmbeddedChannel}, whose clock the test moves. */
class PendingCommandsTest {

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final PendingCommands pending = new PendingCommands(channel, 2);

  @Test
  void aResultCompletesTheCommandWithItsId() {
    CompletableFuture<Frame.Result> answer = send(Duration.ofSeconds(30));
    Frame.Command command = channel.readOutbound();
    assertEquals("status", command.op());
    Frame.Result result = new Frame.Result(command.id(), true, Json.mapper().createObjectNode(), null);
    pending.complete(result);
    assertSame(result, answer.join());
    assertEquals(0, pending.size());
  }

  @Test
  void idsAreUniquePerConnection() {
    send(Duration.ofSeconds(30));
    send(Duration.ofSeconds(30));
    Frame.Command a = channel.readOutbound();
    Frame.Command b = channel.readOutbound();
    assertFalse(a.id().equals(b.id()));
  }

  @Test
  void aCommandTimesOutAndItsLateResultIsDropped() {
    channel.freezeTime();
    CompletableFuture<Frame.Result> answer = send(Duration.ofMillis(500));
    Frame.Command command = channel.readOutbound();
    channel.advanceTimeBy(499, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertFalse(answer.isDone());
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertEquals(ControlErrorCode.TIMEOUT, failure(answer).code());
    pending.complete(new Frame.Result(command.id(), true, null, null)); // late: dropped, nothing thrown
    pending.complete(new Frame.Result("c_never", true, null, null)); // unknown: dropped
    assertEquals(0, pending.size());
  }

  @Test
  void moreThanTheLimitIsBusy() {
    send(Duration.ofSeconds(30));
    send(Duration.ofSeconds(30));
    CompletableFuture<Frame.Result> third = send(Duration.ofSeconds(30));
    assertEquals(ControlErrorCode.BUSY, failure(third).code());
    assertEquals(2, pending.size());
  }

  @Test
  void closingFailsEveryWaitingCommandAsNotConnected() {
    CompletableFuture<Frame.Result> a = send(Duration.ofSeconds(30));
    pending.closeAll();
    assertEquals(ControlErrorCode.NOT_CONNECTED, failure(a).code());
    CompletableFuture<Frame.Result> after = send(Duration.ofSeconds(30));
    assertEquals(ControlErrorCode.NOT_CONNECTED, failure(after).code());
    channel.readOutbound();
    assertNull(channel.readOutbound());
  }

  private CompletableFuture<Frame.Result> send(Duration timeout) {
    CompletableFuture<Frame.Result> answer = pending.send("status", Json.mapper().createObjectNode(), timeout);
    channel.runPendingTasks();
    return answer;
  }

  private static CommandFailure failure(CompletableFuture<Frame.Result> answer) {
    assertTrue(answer.isCompletedExceptionally());
    try {
      answer.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return assertInstanceOf(CommandFailure.class, e.getCause());
    }
  }
}
