package dev.snapmcp.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The prototype's flat format, {@code {"sess_…": {"token", "created_at", "expires_at", "connected", …}}}: recognised
 * and converted (its plaintext tokens hashed, its naive timestamps read as UTC) so the next write migrates it. Only
 * read, never written.
 */
final class PrototypeFormat {

  private PrototypeFormat() {}

  /** Whether a document without a {@code format} field is the prototype's: every entry a session with a token. */
  static boolean looksLikePrototype(ObjectNode top) {
    for (Map.Entry<String, JsonNode> e : top.properties()) {
      JsonNode v = e.getValue();
      if (!e.getKey().startsWith("sess_") || !v.isObject() || !v.has("token")) {
        return false;
      }
    }
    return true; // "{}" counts: an empty prototype file
  }

  static StoreDocument parse(ObjectNode top) throws DocumentCodec.BadDocument {
    Map<String, Session> sessions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : top.properties()) {
      String id = e.getKey();
      JsonNode v = e.getValue();
      JsonNode token = v.get("token");
      if (!token.isString() || token.stringValue().isEmpty()) {
        throw new DocumentCodec.BadDocument("prototype session " + id + " has no usable \"token\"");
      }
      Instant created = instant(v.get("created_at"), id, "created_at");
      Instant expires = instant(v.get("expires_at"), id, "expires_at");
      if (created == null || expires == null) {
        throw new DocumentCodec.BadDocument("prototype session " + id + " lacks \"created_at\" or \"expires_at\"");
      }
      // The prototype's "connected" described a socket of a process that is gone: the session starts disconnected.
      sessions.put(id, new Session(id, Tokens.hash(token.stringValue()), created, expires, false, false, null, null,
          null, null, null, null));
    }
    return new StoreDocument(top, 0, sessions, Map.of(), null, null, true);
  }

  /** ISO-8601 with an offset, or the prototype's naive local timestamps (read as UTC), or epoch seconds. */
  static Instant instant(JsonNode node, String id, String field) throws DocumentCodec.BadDocument {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return Instant.ofEpochMilli((long) (node.doubleValue() * 1000));
    }
    if (!node.isString()) {
      throw new DocumentCodec.BadDocument("prototype session " + id + " has a non-text \"" + field + "\"");
    }
    String text = node.stringValue().trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException bad) {
        throw new DocumentCodec.BadDocument("prototype session " + id + " has an unreadable \"" + field + "\": "
            + node);
      }
    }
  }
}
