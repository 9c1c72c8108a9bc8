package dev.snapmcp.store.postgres;

import dev.snapmcp.core.Cluster.Outcome;
import dev.snapmcp.core.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The statements {@link PostgresCluster}'s transactions share: finishing commands (and waking their callers on the
 * cluster's channel), the outcome's JSON form in {@code commands.outcome}, and one-parameter updates.
 */
final class ClusterRows {

  private ClusterRows() {}

  /** The outcome of a command whose target went away before claiming it: its caller routes it again. */
  static Outcome returned() {
    return Outcome.failed(Outcome.RETURNED, "the node the command was sent to is gone; route it again");
  }

  /** Finishes every command matching {@code where} (one parameter) with {@code state} and wakes its caller. */
  static void finishOf(Connection c, String channel, String where, String param, String state, Outcome outcome)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE commands SET state = ?, outcome = ?::jsonb,"
        + " finished_at = now() WHERE " + where + " RETURNING session, id")) {
      s.setString(1, state);
      s.setString(2, json(outcome));
      s.setString(3, param);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          notify(c, channel, "o " + rs.getString(1) + " " + rs.getString(2));
        }
      }
    }
  }

  static void finish(Connection c, String channel, String session, String id, String state, Outcome outcome)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE commands SET state = ?, outcome = ?::jsonb,"
        + " finished_at = now() WHERE session = ? AND id = ?")) {
      s.setString(1, state);
      s.setString(2, outcome == null ? null : json(outcome));
      s.setString(3, session);
      s.setString(4, id);
      s.executeUpdate();
    }
    if (outcome != null) {
      notify(c, channel, "o " + session + " " + id);
    }
  }

  static void notify(Connection c, String channel, String payload) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      s.setString(1, channel);
      s.setString(2, payload);
      s.execute();
    }
  }

  static int update(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, param);
      return s.executeUpdate();
    }
  }

  /** {@code {"result": <frame>}} or {@code {"code", "message"}}. */
  static String json(Outcome outcome) {
    ObjectNode o = Json.mapper().createObjectNode();
    if (outcome.result() != null) {
      o.set("result", Json.mapper().readTree(outcome.result()));
    } else {
      o.put("code", outcome.code());
      o.put("message", outcome.message());
    }
    return o.toString();
  }

  static Outcome parse(String json) {
    JsonNode o = Json.mapper().readTree(json);
    if (o.has("result")) {
      return Outcome.answered(o.get("result").toString());
    }
    return Outcome.failed(o.path("code").asString("internal_error"), o.path("message").asString(""));
  }

}
