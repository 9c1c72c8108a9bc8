package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.ControlErrorCode;
import dev.snapmcp.bridge.protocol.ErrorCode;
import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import dev.snapmcp.core.Cluster;
import dev.snapmcp.core.Cluster.Outcome;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.StoreException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * This bridge as one node of a cluster sharing a store ({@link Cluster}, docs/cluster.md). As a caller it carries a
 * command for a tab another node holds to that node and waits for the outcome; as a holder it claims the commands
 * written for it, runs them through the tab's own queue and records their outcomes; and it hands its queue of a tab
 * over when the tab reconnects to another node. Its heartbeat keeps it in the directory; on each beat it also removes
 * dead nodes (their claimed commands become {@code lost_in_transit}, their tabs' sessions are recorded as dropped) and
 * looks again at everything a lost notification could have hidden.
 */
final class ClusterNode implements Cluster.Listener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  /** Finished commands are kept this long (a caller retrying the same id gets the same outcome meanwhile). */
  private static final Duration FORGET_AFTER = Duration.ofMinutes(10);
  /** Beats between two clean-ups of old commands. */
  private static final int FORGET_EVERY_BEATS = 60;
  /** The most a caller waits past a command's timeout for the answer of the node holding the tab. */
  private static final Duration BACKSTOP_SLACK = Duration.ofSeconds(1);

  private final Cluster cluster;
  private final String id;
  private final Cluster.Node me;
  private final SessionStore store;
  private final SessionRegistry registry;
  private final CommandRouter router;
  private final Executor executor;
  private final Timers timers;
  private final Clock clock;
  private final Duration staleAfter;
  /** Commands this node's callers wait for on other nodes, by {@link #key}. */
  private final Map<String, Pending> waiting = new ConcurrentHashMap<>();
  /** Commands this node claimed and has in its tabs' queues, by {@link #key}. */
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pickQueued = new AtomicBoolean();
  private AutoCloseable listening;
  private int beats;
  private volatile boolean closed;

  private static final class Pending {
    final String session;
    final Frame.Command command;
    final Instant deadline;
    final CompletableFuture<Frame.Result> answer = new CompletableFuture<>();
    volatile Timers.Cancellable backstop = () -> { };

    Pending(String session, Frame.Command command, Instant deadline) {
      this.session = session;
      this.command = command;
      this.deadline = deadline;
    }
  }

  ClusterNode(Cluster cluster, BridgeConfig config, int port, SessionRegistry registry, CommandRouter router,
      Executor executor, Timers timers) {
    this.cluster = cluster;
    this.id = newId();
    this.store = config.store();
    this.registry = registry;
    this.router = router;
    this.executor = executor;
    this.timers = timers;
    this.clock = config.clock();
    this.staleAfter = config.heartbeatEvery().multipliedBy(3);
    this.me = new Cluster.Node(id, config.advertise(), config.host(), port, ProcessHandle.current().pid(),
        config.version(), null, null, staleAfter);
  }

  /** Joins the directory and starts listening. */
  void start() {
    cluster.join(me);
    listening = cluster.listen(id, this);
    registry.onWelcome(this::holding);
    log.info("bridge node {} joined the cluster ({} nodes live)", id, cluster.nodes().size());
  }

  String id() {
    return id;
  }

  // ---------------------------------------------------------------- the heartbeat

  /** Every heartbeat (off the event loops): stay in the directory, remove dead nodes, catch up on lost news. */
  void beat() {
    if (!cluster.heartbeat(id)) {
      // Another node reaped this one: it recorded these tabs as dropped and answered what this node had claimed
      // lost_in_transit. Closing their connections makes the tabs reconnect (to any node), which makes the store and
      // the directory true again.
      log.warn("bridge node {} was declared dead by another node (a pause longer than {} s?); joining again and"
          + " letting its tabs reconnect", id, staleAfter.toSeconds());
      cluster.join(me);
      for (BridgeConnection c : registry.connections()) {
        c.close("bridge_restarted", null, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
      }
    }
    for (Cluster.Held held : cluster.reapDead()) {
      log.info("bridge node {} is dead: session {} lost its tab's connection {}", held.node(), held.session(),
          held.connection());
      try {
        store.markDisconnected(held.session(), held.connection(), "bridge_restarted");
      } catch (StoreException e) {
        log.debug("session {}: {}", held.session(), e.getMessage());
      }
    }
    if (++beats % FORGET_EVERY_BEATS == 0) {
      cluster.forgetOlderThan(FORGET_AFTER);
    }
    resync();
  }

  // ---------------------------------------------------------------- as the caller

  /** The live node other than this one that holds the tab of {@code session}, if any. */
  Optional<String> holderElsewhere(String session) {
    return cluster.holder(session).filter(node -> !node.equals(id));
  }

  /** Every tab another live node holds (for the session list). */
  Set<String> heldElsewhere() {
    Map<String, String> holders = cluster.holders();
    holders.values().removeIf(id::equals);
    return holders.keySet();
  }

  /** Carries {@code command} to {@code target}, which holds the tab; blocks on the store. */
  CompletableFuture<Frame.Result> relay(String session, String target, Frame.Command command, Duration timeout) {
    String key = key(session, command.id());
    Pending fresh = new Pending(session, command, clock.instant().plus(timeout));
    Pending same = waiting.putIfAbsent(key, fresh);
    if (same != null) {
      return same.answer; // a retried call already waits here
    }
    try {
      cluster.send(new Cluster.Relayed(session, command.id(), id, target, Json.mapper().writeValueAsString(command),
          timeout));
    } catch (RuntimeException e) {
      waiting.remove(key, fresh);
      return CompletableFuture.failedFuture(new CommandFailure(ControlErrorCode.UNAVAILABLE,
          "the bridge could not pass the command to the node holding the tab: " + e.getMessage()));
    }
    // The holder bounds the command's stay by the same timeout, counted from when it was written, and answers by then.
    // A moment after it, no answer means the holder is gone or stuck: the caller gives up (lost_in_transit if the
    // command was claimed, timeout if nobody took it), well before its HTTP client's own margin runs out.
    fresh.backstop = timers.after(timeout.plus(backstopSlack(timeout)), () -> executor.execute(() -> giveUp(key)));
    executor.execute(() -> check(key)); // a command sent before under this id may have its outcome already
    return fresh.answer;
  }

  private void check(String key) {
    Pending p = waiting.get(key);
    if (p == null) {
      return;
    }
    try {
      cluster.outcome(p.session, p.command.id()).ifPresent(outcome -> settle(key, p, outcome));
    } catch (RuntimeException e) {
      log.debug("cannot read the outcome of {}: {}", key, e.getMessage());
    }
  }

  private void giveUp(String key) {
    Pending p = waiting.get(key);
    if (p == null) {
      return;
    }
    try {
      Optional<Outcome> outcome = cluster.withdraw(p.session, p.command.id());
      settle(key, p, outcome.orElse(Outcome.failed(ControlErrorCode.TIMEOUT.code(), "no bridge node took "
          + p.command.op() + " for the tab of session " + p.session + " in time; it was withdrawn and never ran")));
    } catch (RuntimeException e) {
      settle(key, p, Outcome.failed(ControlErrorCode.UNAVAILABLE.code(), "the bridge could not learn what became of "
          + p.command.op() + ": " + e.getMessage()));
    }
  }

  private void settle(String key, Pending p, Outcome outcome) {
    if (!waiting.remove(key, p)) {
      return;
    }
    p.backstop.cancel();
    if (outcome.returned()) {
      Duration left = Duration.between(clock.instant(), p.deadline);
      if (left.isNegative() || left.isZero()) {
        p.answer.completeExceptionally(new CommandFailure(ControlErrorCode.RECONNECTING, "the bridge node holding"
            + " the tab of session " + p.session + " went away before taking " + p.command.op()));
        return;
      }
      log.info("command {} of session {} came back unrun; routing it again", p.command.id(), p.session);
      router.dispatch(p.session, p.command, left).whenComplete((result, error) -> complete(p.answer, result, error));
    } else if (outcome.result() != null) {
      p.answer.complete(Json.mapper().readValue(outcome.result(), Frame.Result.class));
    } else {
      ControlErrorCode code = ErrorCode.find(ControlErrorCode.class, outcome.code())
          .orElse(ControlErrorCode.INTERNAL_ERROR);
      p.answer.completeExceptionally(new CommandFailure(code, outcome.message()));
    }
  }

  // ---------------------------------------------------------------- as the holder

  /** A connection was welcomed here: this node holds its tab now, and other nodes hand theirs over. */
  private void holding(BridgeConnection connection) {
    executor.execute(() -> {
      try {
        cluster.hold(connection.sessionId(), id, connection.id());
      } catch (RuntimeException e) {
        log.warn("session {}: cannot record that this node holds its tab: {}", connection.sessionId(), e.toString());
      }
    });
  }

  @Override
  public void commandsWaiting() {
    if (pickQueued.compareAndSet(false, true)) {
      executor.execute(() -> {
        pickQueued.set(false);
        pick();
      });
    }
  }

  /** Claims each command written for this node and runs it through the tab's queue. */
  private void pick() {
    if (closed) {
      return;
    }
    List<Cluster.Relayed> queued;
    try {
      queued = cluster.queuedFor(id);
    } catch (RuntimeException e) {
      log.debug("cannot list the commands for this node: {}", e.getMessage());
      return;
    }
    for (Cluster.Relayed r : queued) {
      String key = key(r.session(), r.id());
      if (claimed.contains(key) || !cluster.claim(r.session(), r.id(), id)) {
        continue;
      }
      claimed.add(key); // claimed in the store before the tab can see it: at most once
      CompletableFuture<Frame.Result> answer;
      if (r.timeout().isZero()) {
        answer = CompletableFuture.failedFuture(new CommandFailure(ControlErrorCode.TIMEOUT,
            "the command waited its whole timeout before the node holding the tab could take it"));
      } else {
        answer = router.local(r.session(), command(r.command()), r.timeout());
      }
      answer.whenComplete((result, error) -> executor.execute(() -> record(r, key, result, error)));
    }
  }

  private void record(Cluster.Relayed r, String key, Frame.Result result, Throwable error) {
    if (!claimed.remove(key)) {
      return; // handed over to another node meanwhile
    }
    Outcome outcome;
    if (error == null) {
      outcome = Outcome.answered(Json.mapper().writeValueAsString(result));
    } else {
      Throwable cause = error.getCause() != null && !(error instanceof CommandFailure) ? error.getCause() : error;
      outcome = cause instanceof CommandFailure f ? Outcome.failed(f.code().code(), f.getMessage())
          : Outcome.failed(ControlErrorCode.INTERNAL_ERROR.code(), String.valueOf(cause));
    }
    try {
      if (!cluster.answer(r.session(), r.id(), id, outcome)) {
        log.warn("the outcome of command {} of session {} came too late: its claim was given up", r.id(), r.session());
      }
    } catch (RuntimeException e) {
      log.warn("cannot record the outcome of command {} of session {}: {}", r.id(), r.session(), e.toString());
    }
  }

  @Override
  public void outcomeReady(String session, String commandId) {
    String key = key(session, commandId);
    if (waiting.containsKey(key)) {
      executor.execute(() -> check(key));
    }
  }

  @Override
  public void tabMoved(String session, String node) {
    if (!node.equals(id) && !closed) {
      executor.execute(() -> moveAway(session, node));
    }
  }

  /** The tab reconnected to {@code node}: the connection here is replaced, and the queue follows the tab. */
  private void moveAway(String session, String node) {
    if (!cluster.holder(session).map(node::equals).orElse(false)) {
      return; // old news: the tab moved again since
    }
    registry.connection(session).ifPresent(c -> c.close(WebSocketErrorCode.REPLACED.code(),
        new Frame.Error(WebSocketErrorCode.REPLACED, "a newer connection for this session said hello to another"
            + " bridge node; this one is closed"), WebSocketCloseStatus.POLICY_VIOLATION));
    List<Tab.Moved> moved = registry.tabs().handOver(session);
    for (Tab.Moved m : moved) {
      String key = key(session, m.command().id());
      if (claimed.remove(key)) {
        if (!cluster.handOver(session, m.command().id(), id, node)) {
          log.warn("command {} of session {} could not be handed over to node {}", m.command().id(), session, node);
        }
      } else if (m.left().isNegative() || m.left().isZero()) {
        m.answer().completeExceptionally(new CommandFailure(ControlErrorCode.TIMEOUT,
            m.command().op() + " ran out of time while its tab moved to another bridge node"));
      } else {
        relay(session, node, m.command(), m.left()).whenComplete((result, error) -> complete(m.answer(), result, error));
      }
    }
    if (!moved.isEmpty()) {
      log.info("session {}: its tab moved to node {}; {} commands follow it", session, node, moved.size());
    }
  }

  @Override
  public void resync() {
    commandsWaiting();
    for (String key : waiting.keySet()) {
      executor.execute(() -> check(key));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Frame.Command command(String json) {
    JsonNode o = Json.mapper().readTree(json);
    JsonNode meta = o.get("meta");
    return new Frame.Command(o.path("id").asString(), o.path("op").asString(), o.get("args"),
        meta == null || meta.isNull() ? null : Json.mapper().treeToValue(meta, Frame.Meta.class));
  }

  private static void complete(CompletableFuture<Frame.Result> answer, Frame.Result result, Throwable error) {
    if (error == null) {
      answer.complete(result);
    } else {
      answer.completeExceptionally(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
          ? error.getCause() : error);
    }
  }

  /** How long after a command's timeout its caller waits for the holder's answer: 1 s, less for a short timeout. */
  static Duration backstopSlack(Duration timeout) {
    Duration half = timeout.dividedBy(2);
    return half.compareTo(BACKSTOP_SLACK) < 0 ? half : BACKSTOP_SLACK;
  }

  private static String key(String session, String commandId) {
    return session + " " + commandId;
  }

  private static String newId() {
    byte[] bytes = new byte[9];
    new SecureRandom().nextBytes(bytes);
    return "node_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Leaves the directory: commands claimed here become lost, commands waiting for this node go back. */
  @Override
  public void close() {
    closed = true;
    try {
      if (listening != null) {
        listening.close();
      }
      cluster.leave(id);
    } catch (Exception e) {
      log.warn("bridge node {} could not leave the cluster cleanly: {}", id, e.toString());
    }
    for (Pending p : waiting.values()) {
      p.answer.completeExceptionally(new CommandFailure(ControlErrorCode.UNAVAILABLE, "the bridge is stopping"));
    }
    waiting.clear();
  }
}
