package dev.snapmcp.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The prototype's flat format, {@code {"sess_…": {"token", "created_at", "expires_at", "connected", …}}}: recognised
 * and converted (its plaintext tokens hashed, its naive timestamps read as UTC) so the next write migrates it. Only
 * read, never written.
 *
 * <p>People's files hold entries with only part of those fields (a session the prototype knew only from its
 * connections, without a token or timestamps). Such an entry is kept as a session that says what it lacks ({@link
 * Session#missing()}) and therefore cannot pair; it never makes the file damaged. Every field of an entry that this
 * format does not take over (anything but a usable token, readable timestamps and {@code connected}) is kept, as it
 * was, in the session's {@code prototype} object. The plaintext token is never kept.
 */
final class PrototypeFormat {

  /** The session field that keeps what the prototype's entry held beyond the fields taken over. */
  static final String KEPT = "prototype";

  private PrototypeFormat() {}

  /** Whether a document without a {@code format} field is the prototype's: every entry an object under a session id. */
  static boolean looksLikePrototype(ObjectNode top) {
    for (Map.Entry<String, JsonNode> e : top.properties()) {
      if (!e.getKey().startsWith("sess_") || !e.getValue().isObject()) {
        return false;
      }
    }
    return true; // "{}" counts: an empty prototype file
  }

  static StoreDocument parse(ObjectNode top) {
    Map<String, Session> sessions = new LinkedHashMap<>();
    Map<String, ObjectNode> raws = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : top.properties()) {
      String id = e.getKey();
      JsonNode entry = e.getValue();
      List<String> missing = new ArrayList<>();
      JsonNode token = entry.get("token");
      String tokenHash = token != null && token.isString() && !token.stringValue().isEmpty()
          ? Tokens.hashForMigration(id, token.stringValue()) : null;
      Instant created = instant(entry.get("created_at"));
      Instant expires = instant(entry.get("expires_at"));
      ObjectNode kept = Json.mapper().createObjectNode();
      for (Map.Entry<String, JsonNode> field : entry.properties()) {
        String name = field.getKey();
        boolean takenOver = name.equals("token") // a secret: hashed when usable, never kept in plain text
            || name.equals("connected") // it described a socket of a process that is gone
            || (name.equals("created_at") && created != null) || (name.equals("expires_at") && expires != null);
        if (!takenOver) {
          kept.set(name, field.getValue().deepCopy());
        }
      }
      if (tokenHash == null) {
        missing.add(Session.MISSING_TOKEN);
      }
      if (created == null) {
        missing.add(Session.MISSING_CREATED);
        created = Instant.EPOCH;
      }
      if (expires == null) {
        missing.add(Session.MISSING_EXPIRY);
        expires = created; // unknown: expired, so never accepted
      }
      // The prototype's "connected" described a socket of a process that is gone: the session starts disconnected.
      sessions.put(id, new Session(id, tokenHash, created, expires, false, false, null, null, null, null, null, null,
          missing));
      if (!kept.isEmpty()) {
        raws.put(id, Json.mapper().createObjectNode().set(KEPT, kept));
      }
    }
    return new StoreDocument(top, 0, sessions, raws, null, null, true);
  }

  /**
   * ISO-8601 with an offset, or the prototype's naive local timestamps (read as UTC), or epoch seconds; null when
   * absent or not readable as one of those (the entry then lacks it).
   */
  static Instant instant(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      if (node.isNumber()) {
        double seconds = node.doubleValue();
        return Double.isFinite(seconds) ? Instant.ofEpochMilli((long) (seconds * 1000)) : null;
      }
      if (!node.isString()) {
        return null;
      }
      String text = node.stringValue().trim().replace(' ', 'T');
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notOffset) {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      }
    } catch (java.time.DateTimeException | ArithmeticException unreadable) {
      return null;
    }
  }
}
