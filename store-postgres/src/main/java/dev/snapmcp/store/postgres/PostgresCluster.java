package dev.snapmcp.store.postgres;

import dev.snapmcp.core.Cluster;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Cluster} on the store's database: the tables of migration V2 ({@code nodes}, {@code tab_locations}, {@code
 * commands}) and one notification channel, {@code <schema>_nodes}, whose payloads are {@code c <node>} (commands wait
 * for that node), {@code o <session> <id>} (that command has an outcome) and {@code t <session> <node>} (that tab moved
 * there). A notification is sent inside the transaction that made the change, so it is delivered exactly when the
 * change commits. Liveness is judged on the database's clock, so the nodes' own clocks need not agree.
 */
final class PostgresCluster implements Cluster {

  /** A node is live while its heartbeat is younger than its own staleness. */
  private static final String LIVE = "heartbeat_at >= now() - stale_after_ms * interval '1 millisecond'";

  private final Database db;
  private final Transactions transactions;
  private final String channel;

  PostgresCluster(Database db, Transactions transactions) {
    this.db = db;
    this.transactions = transactions;
    this.channel = channelOf(db.url());
  }

  static String channelOf(PostgresUrl url) {
    return url.schema() + "_nodes"; // a checked plain identifier, shorter than <schema>_sessions
  }

  // ---------------------------------------------------------------- the node directory

  @Override
  public void join(Node me) {
    write("add node " + me.id(), c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO nodes (id, address, host, port, pid, version,"
          + " stale_after_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address,"
          + " host = EXCLUDED.host, port = EXCLUDED.port, heartbeat_at = now(),"
          + " stale_after_ms = EXCLUDED.stale_after_ms")) {
        s.setString(1, me.id());
        s.setString(2, me.address());
        s.setString(3, me.host());
        s.setInt(4, me.port());
        s.setLong(5, me.pid());
        s.setString(6, me.version() == null ? "" : me.version());
        s.setLong(7, Math.max(1, me.staleAfter().toMillis()));
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean heartbeat(String nodeId) {
    return write("refresh the heartbeat of node " + nodeId,
        c -> ClusterRows.update(c, "UPDATE nodes SET heartbeat_at = now() WHERE id = ?", nodeId) == 1);
  }

  @Override
  public void leave(String nodeId) {
    write("remove node " + nodeId, c -> {
      ClusterRows.update(c, "DELETE FROM nodes WHERE id = ?", nodeId);
      ClusterRows.update(c, "DELETE FROM tab_locations WHERE node = ?", nodeId);
      ClusterRows.finishOf(c, channel, "claimed_by = ? AND state = 'claimed'", nodeId, "lost", Outcome.lost(
          "the bridge node holding the tab stopped before the tab answered; whether the command ran is unknown"));
      ClusterRows.finishOf(c, channel, "target = ? AND state = 'queued'", nodeId, "returned", ClusterRows.returned());
      return null;
    });
  }

  @Override
  public List<Node> nodes() {
    return transactions.read("list the bridge nodes", c -> {
      List<Node> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id, address, host, port, pid, version, started_at,"
          + " heartbeat_at, stale_after_ms FROM nodes WHERE " + LIVE + " ORDER BY started_at, id");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5),
              rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
              Duration.ofMillis(rs.getLong(9))));
        }
      }
      return out;
    });
  }

  @Override
  public List<Held> reapDead() {
    return write("remove dead bridge nodes", c -> {
      List<String> dead = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("DELETE FROM nodes WHERE NOT (" + LIVE + ") RETURNING id");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          dead.add(rs.getString(1));
        }
      }
      List<Held> held = new ArrayList<>();
      for (String node : dead) {
        ClusterRows.finishOf(c, channel, "claimed_by = ? AND state = 'claimed'", node, "lost", Outcome.lost("the bridge node holding the"
            + " tab died after it took the command and before the tab's answer was recorded; the command was not run"
            + " again, and whether it ran is unknown"));
        ClusterRows.finishOf(c, channel, "target = ? AND state = 'queued'", node, "returned", ClusterRows.returned());
        try (PreparedStatement s = c.prepareStatement(
            "DELETE FROM tab_locations WHERE node = ? RETURNING session, node, connection")) {
          s.setString(1, node);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              held.add(new Held(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
          }
        }
      }
      return held;
    });
  }

  // ---------------------------------------------------------------- tabs

  @Override
  public void hold(String session, String node, String connection) {
    write("record that node " + node + " holds session " + session, c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO tab_locations (session, node, connection)"
          + " VALUES (?, ?, ?) ON CONFLICT (session) DO UPDATE SET node = EXCLUDED.node,"
          + " connection = EXCLUDED.connection, since = now()")) {
        s.setString(1, session);
        s.setString(2, node);
        s.setString(3, connection);
        s.executeUpdate();
      }
      int moved;
      try (PreparedStatement s = c.prepareStatement("UPDATE commands SET target = ? WHERE session = ?"
          + " AND state = 'queued' AND target <> ?")) {
        s.setString(1, node);
        s.setString(2, session);
        s.setString(3, node);
        moved = s.executeUpdate();
      }
      ClusterRows.notify(c, channel, "t " + session + " " + node);
      if (moved > 0) {
        ClusterRows.notify(c, channel, "c " + node);
      }
      return null;
    });
  }

  @Override
  public Optional<String> holder(String session) {
    return transactions.read("find the node holding session " + session, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT t.node FROM tab_locations t JOIN nodes n ON n.id = t.node"
          + " WHERE t.session = ? AND n.heartbeat_at >= now() - n.stale_after_ms * interval '1 millisecond'")) {
        s.setString(1, session);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public Map<String, String> holders() {
    return transactions.read("list the tabs' nodes", c -> {
      Map<String, String> out = new LinkedHashMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT t.session, t.node FROM tab_locations t"
          + " JOIN nodes n ON n.id = t.node WHERE n.heartbeat_at >= now() - n.stale_after_ms * interval '1 millisecond'");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    });
  }

  // ---------------------------------------------------------------- commands

  @Override
  public void send(Relayed command) {
    write("send command " + command.id() + " of session " + command.session(), c -> {
      int written;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO commands (session, id, caller, target, command,"
          + " timeout_ms) VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (session, id) DO UPDATE SET"
          + " caller = EXCLUDED.caller, target = EXCLUDED.target, command = EXCLUDED.command,"
          + " timeout_ms = EXCLUDED.timeout_ms, created_at = now(), state = 'queued', claimed_by = NULL,"
          + " claimed_at = NULL, outcome = NULL, finished_at = NULL"
          + " WHERE commands.state IN ('returned', 'withdrawn')")) {
        s.setString(1, command.session());
        s.setString(2, command.id());
        s.setString(3, command.caller());
        s.setString(4, command.target());
        s.setString(5, command.command());
        s.setLong(6, Math.max(1, command.timeout().toMillis()));
        written = s.executeUpdate();
      }
      if (written > 0) {
        ClusterRows.notify(c, channel, "c " + command.target());
      }
      return null;
    });
  }

  @Override
  public List<Relayed> queuedFor(String node) {
    return transactions.read("list the commands for node " + node, c -> {
      List<Relayed> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT session, id, caller, target, command::text,"
          + " greatest(0, timeout_ms - (extract(epoch FROM now() - created_at) * 1000)::bigint)"
          + " FROM commands WHERE target = ? AND state = 'queued' ORDER BY created_at")) {
        s.setString(1, node);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(new Relayed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Duration.ofMillis(rs.getLong(6))));
          }
        }
      }
      return out;
    });
  }

  @Override
  public boolean claim(String session, String id, String node) {
    return write("claim command " + id + " of session " + session, c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE commands SET state = 'claimed', claimed_by = ?,"
          + " claimed_at = now() WHERE session = ? AND id = ? AND state = 'queued' AND target = ?")) {
        s.setString(1, node);
        s.setString(2, session);
        s.setString(3, id);
        s.setString(4, node);
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean handOver(String session, String id, String from, String to) {
    return write("hand command " + id + " of session " + session + " over to node " + to, c -> {
      int moved;
      try (PreparedStatement s = c.prepareStatement("UPDATE commands SET state = 'queued', target = ?,"
          + " claimed_by = NULL, claimed_at = NULL WHERE session = ? AND id = ?"
          + " AND ((state = 'claimed' AND claimed_by = ?) OR (state = 'queued' AND target = ?))")) {
        s.setString(1, to);
        s.setString(2, session);
        s.setString(3, id);
        s.setString(4, from);
        s.setString(5, from);
        moved = s.executeUpdate();
      }
      if (moved > 0) {
        ClusterRows.notify(c, channel, "c " + to);
      }
      return moved > 0;
    });
  }

  @Override
  public boolean answer(String session, String id, String node, Outcome outcome) {
    return write("record the outcome of command " + id + " of session " + session, c -> {
      int done;
      try (PreparedStatement s = c.prepareStatement("UPDATE commands SET state = 'answered', outcome = ?::jsonb,"
          + " finished_at = now() WHERE session = ? AND id = ? AND state = 'claimed' AND claimed_by = ?")) {
        s.setString(1, ClusterRows.json(outcome));
        s.setString(2, session);
        s.setString(3, id);
        s.setString(4, node);
        done = s.executeUpdate();
      }
      if (done > 0) {
        ClusterRows.notify(c, channel, "o " + session + " " + id);
      }
      return done > 0;
    });
  }

  @Override
  public Optional<Outcome> outcome(String session, String id) {
    return transactions.read("read the outcome of command " + id, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT state, outcome::text FROM commands WHERE session = ? AND id = ?")) {
        s.setString(1, session);
        s.setString(2, id);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next() || rs.getString(2) == null) {
            return Optional.<Outcome>empty();
          }
          return Optional.of(ClusterRows.parse(rs.getString(2)));
        }
      }
    });
  }

  @Override
  public Optional<Outcome> withdraw(String session, String id) {
    return write("withdraw command " + id + " of session " + session, c -> {
      String state;
      String outcome;
      String claimant;
      try (PreparedStatement s = c.prepareStatement("SELECT state, outcome::text, claimed_by FROM commands"
          + " WHERE session = ? AND id = ? FOR UPDATE")) {
        s.setString(1, session);
        s.setString(2, id);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.<Outcome>empty();
          }
          state = rs.getString(1);
          outcome = rs.getString(2);
          claimant = rs.getString(3);
        }
      }
      if (outcome != null) {
        return Optional.of(ClusterRows.parse(outcome));
      }
      if ("queued".equals(state)) {
        ClusterRows.finish(c, channel, session, id, "withdrawn", null);
        return Optional.<Outcome>empty();
      }
      Outcome lost = Outcome.lost("bridge node " + claimant + " took the command to the tab and recorded no answer"
          + " in time; whether the command ran is unknown, and it is not run again");
      ClusterRows.finish(c, channel, session, id, "lost", lost);
      return Optional.of(lost);
    });
  }

  @Override
  public int forgetOlderThan(Duration age) {
    return write("forget old commands", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM commands WHERE (finished_at IS NOT NULL"
          + " AND finished_at < now() - ? * interval '1 millisecond') OR created_at < now() - (? + timeout_ms)"
          + " * interval '1 millisecond' - interval '1 hour'")) {
        s.setLong(1, age.toMillis());
        s.setLong(2, age.toMillis());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public AutoCloseable listen(String nodeId, Listener listener) {
    return ClusterNotifications.start(db, channel, nodeId, listener);
  }

  /** A writing transaction: committed even when the work changed no row (it may have notified). */
  private <T> T write(String what, Transactions.Read<T> work) {
    return transactions.run(what, tx -> {
      T result = work.from(tx.connection());
      tx.wrote(List.of());
      return result;
    });
  }

  @Override
  public String toString() {
    return "PostgresCluster[" + db.url() + "]";
  }
}
