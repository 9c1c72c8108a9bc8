package dev.snapmcp.core;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One session of a {@code sessions.json} found without parsing the whole document, for the reads that need one
 * session of many (a browser's hello, a waiter). Anything doubtful is left to {@link DocumentCodec#parse}.
 */
final class SessionLookup {

  private SessionLookup() {}

  /** What {@link #find} found: the session, or null when the document has none by that id. */
  record Found(Session session) {}

  /**
   * Looks up one session without building the rest of the document: a streaming pass that reads {@code
   * sessions.<id>} and skips over everything else (a hello or a waiter needs one session of many; a full parse of a
   * document with 50 sessions x 50 events costs milliseconds). The whole text is still tokenised, so a truncated
   * or otherwise invalid JSON text, a wrong format, revision or sessions object, or a malformed looked-up session
   * answers null: then the caller parses in full, which reports the damage exactly as before. A newer MAJOR version
   * is refused as {@link DocumentCodec#parse} refuses it. Not checked here: the shape of the other sessions and of
   * the bridge, which no answer about this session depends on (the next full read or commit reports them).
   *
   * @return the lookup's result, or null when only a full parse can tell (damage, the prototype's format)
   */
  static Found find(byte[] bytes, String id) throws DocumentCodec.BadDocument {
    Integer major = null;
    JsonNode version = null;
    boolean format = false;
    boolean revision = false;
    boolean sessions = false;
    Session found = null;
    try (JsonParser p = Json.mapper().createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "format" -> {
            if (value != JsonToken.VALUE_STRING || !DocumentCodec.FORMAT.equals(p.getString())) {
              return null;
            }
            format = true;
          }
          case "version" -> {
            version = p.readValueAsTree();
            major = DocumentCodec.parseMajor(version);
          }
          case "revision" -> {
            if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getLongValue() < 0) {
              return null;
            }
            revision = true;
          }
          case "sessions" -> {
            if (value != JsonToken.START_OBJECT) {
              return null;
            }
            sessions = true;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
              String key = p.currentName();
              if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
              }
              if (key.equals(id)) {
                found = DocumentCodec.session(key, (ObjectNode) p.readValueAsTree());
              } else {
                p.skipChildren();
              }
            }
          }
          default -> p.skipChildren(); // the bridge, a newer minor version's fields
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null; // not one object, or something follows it
      }
    } catch (JacksonException | DocumentCodec.BadDocument e) {
      return null;
    }
    if (!format || major == null || !revision || !sessions) {
      return null;
    }
    if (major > DocumentCodec.MAJOR) {
      throw DocumentCodec.newerVersion(version);
    }
    return new Found(found);
  }
}
