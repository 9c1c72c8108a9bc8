package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The commands one connection has sent and not yet had answered, by id. Touched only on the connection's event loop,
 * so it needs no locks: {@link #send} hops there, results arrive there.
 */
final class PendingCommands {

  private static final Logger log = LoggerFactory.getLogger(PendingCommands.class);

  private final Channel channel;
  private final int limit;
  private final Map<String, Pending> byId = new HashMap<>();
  private long lastId;
  private boolean closed;

  private record Pending(String op, CompletableFuture<Frame.Result> answer, ScheduledFuture<?> timer) {}

  PendingCommands(Channel channel, int limit) {
    this.channel = channel;
    this.limit = limit;
  }

  /**
   * Sends {@code op} to the browser. The answer completes with the browser's result, or exceptionally with a {@link
   * CommandFailure} ({@code busy}, {@code timeout}, {@code not_connected}).
   */
  CompletableFuture<Frame.Result> send(String op, JsonNode args, Duration timeout) {
    CompletableFuture<Frame.Result> answer = new CompletableFuture<>();
    EventLoop loop = channel.eventLoop();
    try {
      loop.execute(() -> sendOnLoop(op, args, timeout, answer, loop));
    } catch (RejectedExecutionException e) {
      answer.completeExceptionally(notConnected());
    }
    return answer;
  }

  private void sendOnLoop(
      String op, JsonNode args, Duration timeout, CompletableFuture<Frame.Result> answer, EventLoop loop) {
    if (closed || !channel.isActive()) {
      answer.completeExceptionally(notConnected());
      return;
    }
    if (byId.size() >= limit) {
      answer.completeExceptionally(
          new CommandFailure(
              ControlErrorCode.BUSY,
              "the browser already has " + limit + " commands in progress; wait for some to finish"));
      return;
    }
    String id = "c_" + (++lastId);
    ScheduledFuture<?> timer =
        loop.schedule(() -> expire(id, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
    byId.put(id, new Pending(op, answer, timer));
    channel
        .writeAndFlush(new Frame.Command(id, op, args))
        .addListener(
            written -> {
              if (!written.isSuccess()) {
                Pending p = byId.remove(id);
                if (p != null) {
                  p.timer().cancel(false);
                  p.answer().completeExceptionally(notConnected());
                }
              }
            });
  }

  private void expire(String id, Duration timeout) {
    Pending p = byId.remove(id);
    if (p != null) {
      p.answer()
          .completeExceptionally(
              new CommandFailure(
                  ControlErrorCode.TIMEOUT,
                  "the browser did not answer " + p.op() + " within " + timeout.toMillis() + " ms"));
    }
  }

  /** Hands a result to the command waiting for it; a result nobody waits for is dropped and logged. */
  void complete(Frame.Result result) {
    Pending p = byId.remove(result.id());
    if (p == null) {
      log.warn(
          "dropping result for unknown or timed-out command id {} on {}", result.id(), channel.remoteAddress());
      return;
    }
    p.timer().cancel(false);
    p.answer().complete(result);
  }

  /** The connection closed: every waiting command fails with {@code not_connected}. */
  void closeAll() {
    closed = true;
    List<Pending> waiting = new ArrayList<>(byId.values());
    byId.clear();
    for (Pending p : waiting) {
      p.timer().cancel(false);
      p.answer().completeExceptionally(notConnected());
    }
  }

  int size() {
    return byId.size();
  }

  private static CommandFailure notConnected() {
    return new CommandFailure(
        ControlErrorCode.NOT_CONNECTED, "the browser's connection closed before it answered");
  }
}
