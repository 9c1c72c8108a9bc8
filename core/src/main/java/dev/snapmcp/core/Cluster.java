package dev.snapmcp.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store that several bridge nodes share offers them ({@link SessionStore#cluster()}): a directory of the live
 * nodes, which node holds each tab, and a relay that carries a command to the node holding its tab and the answer back.
 * The file store offers none (one bridge per machine, today's way); the PostgreSQL store implements it with tables and
 * LISTEN/NOTIFY (docs/cluster.md).
 *
 * <p>A command is executed at most once: its row is {@link #claim claimed} by the holding node in one transaction
 * before it reaches the tab, an answer is recorded only by the claimant, and a claim whose node died before answering
 * becomes {@link Outcome#lost lost} instead of running again. Every method is one short transaction, thread-safe, and
 * may block on the database: never call it from an event loop.
 */
public interface Cluster {

  /**
   * One bridge node as the directory lists it.
   *
   * @param id the node's id, new each time a node starts
   * @param address the URL tabs and people reach it by ({@code --advertise}), or null
   * @param host the address it is bound to
   * @param port the port it listens on
   * @param pid its process id, on its machine
   * @param version snap-mcp's version
   * @param startedAt when it joined
   * @param heartbeatAt its last heartbeat (the database's clock)
   * @param staleAfter how long without a heartbeat makes it dead (each node declares its own)
   */
  record Node(String id, String address, String host, int port, long pid, String version, Instant startedAt,
      Instant heartbeatAt, Duration staleAfter) {
    public Node {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(staleAfter, "staleAfter");
    }
  }

  /**
   * A command carried to another node.
   *
   * @param session the session whose tab runs it
   * @param id the command's id (unique per call; the same id joins the same command)
   * @param caller the node whose caller waits for the answer
   * @param target the node it is addressed to (the tab's holder when written)
   * @param command the command frame as JSON text
   * @param timeout the command's whole stay as its caller asked; from {@link #queuedFor}, what is left of it
   */
  record Relayed(String session, String id, String caller, String target, String command, Duration timeout) {
    public Relayed {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * How a relayed command ended.
   *
   * @param result the tab's result frame as JSON text, when the tab answered
   * @param code the control API error code otherwise ({@code lost_in_transit}, {@code reconnecting}, …)
   * @param message what happened, for people
   */
  record Outcome(String result, String code, String message) {
    /** The code of a command whose claimant died before recording an answer. */
    public static final String LOST_IN_TRANSIT = "lost_in_transit";
    /** Not a failure: the command was never claimed and its target died or let it go; route it again. */
    public static final String RETURNED = "returned";

    public static Outcome answered(String result) {
      return new Outcome(Objects.requireNonNull(result, "result"), null, null);
    }

    public static Outcome failed(String code, String message) {
      return new Outcome(null, Objects.requireNonNull(code, "code"), message);
    }

    public static Outcome lost(String message) {
      return failed(LOST_IN_TRANSIT, message);
    }

    public boolean returned() {
      return RETURNED.equals(code);
    }
  }

  /** What the cluster tells a node; called on one listener thread, in order. Keep each call quick. */
  interface Listener {
    /** Commands may be waiting for this node: {@link #queuedFor} them. */
    void commandsWaiting();

    /** The command {@code id} of {@code session} may have an outcome: {@link #outcome} it. */
    void outcomeReady(String session, String id);

    /** The tab of {@code session} is now held by {@code node}. */
    void tabMoved(String session, String node);

    /** Notifications may have been lost (the listening connection was lost and is back): look at everything again. */
    void resync();
  }

  /** Adds (or refreshes) {@code me} in the directory; its heartbeat is the database's now. */
  void join(Node me);

  /** Refreshes {@code nodeId}'s heartbeat; false if the directory no longer has it (others declared it dead). */
  boolean heartbeat(String nodeId);

  /** Removes {@code nodeId} (a clean stop): its tabs are no longer held, its unclaimed commands return. */
  void leave(String nodeId);

  /** The live nodes, oldest first. */
  List<Node> nodes();

  /**
   * Removes every node whose heartbeat is older than its own staleness: their claimed commands become lost, their
   * unclaimed ones return to their callers, and the tabs they held are released.
   *
   * @return the tabs the dead nodes held, so the caller can record their drop in the session store
   */
  List<Held> reapDead();

  /** A tab's holder: which node, on which connection. */
  record Held(String session, String node, String connection) {}

  /**
   * Records that {@code node} holds the tab of {@code session} on {@code connection} now: commands addressed to
   * another node and not yet claimed are re-routed to it, and every node hears {@link Listener#tabMoved}.
   */
  void hold(String session, String node, String connection);

  /** The live node holding the tab of {@code session}, if any. */
  Optional<String> holder(String session);

  /** Every tab a live node holds: session id to node id. */
  Map<String, String> holders();

  /**
   * Writes {@code command} for its target and wakes it. If a command of that session with that id exists already,
   * nothing is written: the caller then waits for that command's outcome (a retried call is run once).
   */
  void send(Relayed command);

  /** The commands addressed to {@code node} and not yet claimed, oldest first. */
  List<Relayed> queuedFor(String node);

  /** Claims the command for {@code node}, which then sends it to the tab; false if it is no longer there to claim. */
  boolean claim(String session, String id, String node);

  /**
   * Gives a claimed (or queued) command to {@code to} unclaimed, when the tab moved there before it ran (the holder
   * hands its queue over); false if {@code from} no longer has it.
   */
  boolean handOver(String session, String id, String from, String to);

  /** Records the outcome of a command {@code node} claimed and wakes its caller; false if the claim was lost. */
  boolean answer(String session, String id, String node, Outcome outcome);

  /** The command's outcome, once there is one (also {@link Outcome#RETURNED}). */
  Optional<Outcome> outcome(String session, String id);

  /**
   * The caller gives up on a command still unclaimed: it will never run. Returns its outcome when it had one or was
   * claimed (then {@link Outcome#lost lost} if still running), empty when it was withdrawn unrun.
   */
  Optional<Outcome> withdraw(String session, String id);

  /** Forgets finished commands older than {@code age}. */
  int forgetOlderThan(Duration age);

  /** Starts telling {@code listener} what happens that concerns node {@code nodeId}; stopped by closing the result. */
  AutoCloseable listen(String nodeId, Listener listener);
}
