package dev.snapmcp.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@code sessions.json} (see docs/store-format.md): the current format, and the prototype's flat
 * format, which is recognised and converted (its plaintext tokens hashed) so the next write migrates it.
 */
final class DocumentCodec {

  static final String FORMAT = "snap-mcp-sessions";
  static final int MAJOR = 1;
  static final int MINOR = 0;
  static final String VERSION = MAJOR + "." + MINOR;

  /** What is wrong with a document; the store turns it into a CORRUPT or NEWER_VERSION error naming the file. */
  static final class BadDocument extends Exception {
    final boolean newerVersion;

    BadDocument(String problem, boolean newerVersion) {
      super(problem);
      this.newerVersion = newerVersion;
    }

    BadDocument(String problem) {
      this(problem, false);
    }
  }

  private static final ObjectReader STRICT_READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Compact: a third smaller than pretty-printed, so cheaper to write, read and compare on every hello. */
  private static final ObjectWriter WRITER = Json.mapper().writer();

  private static final Set<String> SESSION_FIELDS = recordFields(Session.class);
  private static final Set<String> BRIDGE_FIELDS = recordFields(BridgeRecord.class);
  private static final Set<String> TOP_FIELDS = Set.of("format", "version", "revision", "sessions", "bridge");

  private DocumentCodec() {}

  static StoreDocument parse(byte[] bytes) throws BadDocument {
    if (isBlank(bytes)) {
      throw new BadDocument("the file is empty");
    }
    JsonNode root;
    try {
      root = STRICT_READER.readTree(bytes);
    } catch (tools.jackson.core.exc.UnexpectedEndOfInputException e) {
      throw new BadDocument("it is not valid JSON: it ends in the middle of the document (truncated?)");
    } catch (JacksonException e) {
      throw new BadDocument("it is not valid JSON" + where(e) + ": " + shortProblem(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new BadDocument("it is not a JSON object");
    }
    ObjectNode top = (ObjectNode) root;
    if (!top.has("format")) {
      if (looksLikePrototype(top)) {
        return parsePrototype(top);
      }
      throw new BadDocument("it has no \"format\" field and is not the prototype's flat format");
    }
    if (!top.get("format").isString() || !FORMAT.equals(top.get("format").stringValue())) {
      throw new BadDocument("its \"format\" is " + top.get("format") + ", expected \"" + FORMAT + "\"");
    }
    int major = parseMajor(top.get("version"));
    if (major > MAJOR) {
      throw new BadDocument("it was written by a newer snap-mcp (document version " + top.get("version").asString()
          + ", this snap-mcp reads version " + MAJOR + ".x)", true);
    }
    JsonNode revision = top.get("revision");
    if (revision == null || !revision.isIntegralNumber() || !revision.canConvertToLong() || revision.longValue() < 0) {
      throw new BadDocument("its \"revision\" is missing or not a non-negative integer");
    }
    JsonNode sessionsNode = top.get("sessions");
    if (sessionsNode == null || !sessionsNode.isObject()) {
      throw new BadDocument("its \"sessions\" is missing or not an object");
    }
    Map<String, Session> sessions = new LinkedHashMap<>();
    Map<String, ObjectNode> rawSessions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : sessionsNode.properties()) {
      String id = e.getKey();
      if (!e.getValue().isObject()) {
        throw new BadDocument("session " + id + " is not an object");
      }
      ObjectNode raw = (ObjectNode) e.getValue();
      sessions.put(id, session(id, raw));
      rawSessions.put(id, raw);
    }
    BridgeRecord bridge = null;
    ObjectNode rawBridge = null;
    JsonNode bridgeNode = top.get("bridge");
    if (bridgeNode != null && !bridgeNode.isNull()) {
      if (!bridgeNode.isObject()) {
        throw new BadDocument("its \"bridge\" is neither null nor an object");
      }
      try {
        bridge = Json.mapper().treeToValue(bridgeNode, BridgeRecord.class);
      } catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
        throw new BadDocument("its \"bridge\" is malformed (" + problem(ex) + ")");
      }
      rawBridge = (ObjectNode) bridgeNode;
    }
    return new StoreDocument(top, revision.longValue(), sessions, rawSessions, bridge, rawBridge, false);
  }

  /** One session of the document from its JSON object under {@code sessions.<id>}. */
  private static Session session(String id, ObjectNode raw) throws BadDocument {
    Session s;
    try {
      s = Json.mapper().treeToValue(withDefaultFlags(raw), Session.class);
    } catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
      throw new BadDocument("session " + id + " is malformed (" + problem(ex) + ")");
    }
    if (!id.equals(s.id())) {
      throw new BadDocument("session " + id + " carries a different id, " + s.id());
    }
    if (s.tokenHash() == null) {
      throw new BadDocument("session " + id + " has no tokenHash");
    }
    return s;
  }

  /** What {@link #findSession} found: the session, or null when the document has none by that id. */
  record Found(Session session) {}

  /**
   * Looks up one session without building the rest of the document: a streaming pass that reads {@code
   * sessions.<id>} and skips over everything else (a hello or a waiter needs one session of many; a full parse of a
   * document with 50 sessions x 50 events costs milliseconds). The whole text is still tokenised, so a truncated
   * or otherwise invalid JSON text, a wrong format, revision or sessions object, or a malformed looked-up session
   * answers null: then the caller parses in full, which reports the damage exactly as before. A newer MAJOR version
   * is refused as {@link #parse} refuses it. Not checked here: the shape of the other sessions and of the bridge,
   * which no answer about this session depends on (the next full read or commit reports them).
   *
   * @return the lookup's result, or null when only a full parse can tell (damage, the prototype's format)
   */
  static Found findSession(byte[] bytes, String id) throws BadDocument {
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
            if (value != JsonToken.VALUE_STRING || !FORMAT.equals(p.getString())) {
              return null;
            }
            format = true;
          }
          case "version" -> {
            version = p.readValueAsTree();
            major = parseMajor(version);
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
                found = session(key, (ObjectNode) p.readValueAsTree());
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
    } catch (JacksonException | BadDocument e) {
      return null;
    }
    if (!format || major == null || !revision || !sessions) {
      return null;
    }
    if (major > MAJOR) {
      throw new BadDocument("it was written by a newer snap-mcp (document version " + version.asString()
          + ", this snap-mcp reads version " + MAJOR + ".x)", true);
    }
    return new Found(found);
  }

  /** Absent flags mean false (the mapper refuses null for primitives, which an absent field would be). */
  private static ObjectNode withDefaultFlags(ObjectNode raw) {
    if (raw.has("revoked") && raw.has("connected")) {
      return raw;
    }
    ObjectNode filled = raw.deepCopy();
    if (!filled.has("revoked")) {
      filled.put("revoked", false);
    }
    if (!filled.has("connected")) {
      filled.put("connected", false);
    }
    return filled;
  }

  static byte[] write(StoreDocument doc) {
    return write(doc, Map.of(), new java.util.HashMap<>());
  }

  /**
   * What was written for one session: the session object, its JSON, and each history event's JSON. Never changed once
   * made; shared between successive writes.
   */
  record SessionJson(Session session, byte[] json, List<SessionEvent> events, byte[][] eventJson) {}

  /**
   * Writes the document as compact JSON (no whitespace; one newline at the end). {@code previous} holds, by session
   * id, what the last write wrote: a session that is the same object is copied as bytes instead of serialised again
   * (a commit changes a few sessions of many), and a changed session reuses the JSON of the history events it still
   * shares with its previous version (same objects). {@code written} receives this write's. The result is exactly
   * what the mapper writes for the whole tree.
   */
  static byte[] write(StoreDocument doc, Map<String, SessionJson> previous, Map<String, SessionJson> written) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(estimateSize(doc, previous));
    out.writeBytes(HEADER);
    out.writeBytes(Long.toString(doc.revision).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(SESSIONS_OPEN);
    boolean first = true;
    for (Session s : doc.sessions.values()) {
      SessionJson last = previous.get(s.id());
      SessionJson json = last != null && last.session() == s ? last : sessionJson(doc.rawSessions.get(s.id()), s, last);
      written.put(s.id(), json);
      if (!first) {
        out.write(',');
      }
      first = false;
      writeName(out, s.id());
      out.writeBytes(json.json());
    }
    out.write('}');
    out.write(',');
    writeName(out, "bridge");
    if (doc.bridge == null) {
      out.writeBytes(NULL);
    } else {
      out.writeBytes(WRITER.writeValueAsBytes(overlay(doc.rawBridge, Json.mapper().valueToTree(doc.bridge),
          BRIDGE_FIELDS)));
    }
    if (doc.rawTop != null && !doc.prototype) {
      for (Map.Entry<String, JsonNode> e : doc.rawTop.properties()) {
        if (!TOP_FIELDS.contains(e.getKey())) { // a newer minor version's fields survive
          out.write(',');
          writeName(out, e.getKey());
          out.writeBytes(WRITER.writeValueAsBytes(e.getValue()));
        }
      }
    }
    out.write('}');
    out.write('\n');
    return out.toByteArray();
  }

  /**
   * One session's JSON: its fields (unknown ones kept from {@code raw}), then its history, last as in the record.
   * Events it shares with {@code last} (the previous version written, if any) keep their JSON: a session's history
   * usually only gains an event and drops its oldest, so this formats one event instead of fifty.
   */
  private static SessionJson sessionJson(ObjectNode raw, Session s, SessionJson last) {
    Session withoutHistory = new Session(s.id(), s.tokenHash(), s.createdAt(), s.expiresAt(), s.revoked(),
        s.connected(), s.connectionId(), s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(), s.client(), List.of());
    ObjectNode known = Json.mapper().valueToTree(withoutHistory);
    known.remove("history");
    byte[] fields = WRITER.writeValueAsBytes(overlay(raw, known, SESSION_FIELDS)); // {...} with at least "id"
    List<SessionEvent> events = s.history();
    byte[][] eventJson = new byte[events.size()][];
    int size = fields.length + HISTORY_OPEN.length + 2;
    // Where this history's first event sits in the last one's (the oldest were dropped); then both go in step.
    int from = last == null || events.isEmpty() ? -1 : indexOf(last.events(), events.get(0));
    for (int i = 0; i < eventJson.length; i++) {
      int j = from < 0 ? -1 : from + i;
      eventJson[i] = j >= 0 && j < last.events().size() && last.events().get(j) == events.get(i)
          ? last.eventJson()[j]
          : WRITER.writeValueAsBytes(events.get(i));
      size += eventJson[i].length + 1;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
    out.write(fields, 0, fields.length - 1);
    out.writeBytes(HISTORY_OPEN);
    for (int i = 0; i < eventJson.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(eventJson[i]);
    }
    out.write(']');
    out.write('}');
    return new SessionJson(s, out.toByteArray(), events, eventJson);
  }

  /** The position of {@code e} (this very object) in {@code events}, or -1. */
  private static int indexOf(List<SessionEvent> events, SessionEvent e) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) == e) {
        return i;
      }
    }
    return -1;
  }

  private static final byte[] HISTORY_OPEN = ",\"history\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEADER = ("{\"format\":\"" + FORMAT + "\",\"version\":\"" + VERSION + "\",\"revision\":")
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SESSIONS_OPEN = ",\"sessions\":{".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  /** {@code "name":}, the name escaped as JSON. */
  private static void writeName(java.io.ByteArrayOutputStream out, String name) {
    out.writeBytes(WRITER.writeValueAsBytes(name));
    out.write(':');
  }

  private static int estimateSize(StoreDocument doc, Map<String, SessionJson> previous) {
    long size = 256;
    for (Session s : doc.sessions.values()) {
      SessionJson json = previous.get(s.id());
      size += (json == null ? 2048 : json.json().length + 128) + 32;
    }
    return (int) Math.min(size, Integer.MAX_VALUE - 16);
  }

  /** Known fields from {@code known}; unknown ones kept from {@code raw}; known fields now absent are dropped. */
  private static ObjectNode overlay(ObjectNode raw, ObjectNode known, Set<String> knownNames) {
    ObjectNode out = Json.mapper().createObjectNode();
    if (raw != null) {
      for (Map.Entry<String, JsonNode> e : raw.properties()) {
        if (!knownNames.contains(e.getKey())) {
          out.set(e.getKey(), e.getValue().deepCopy());
        }
      }
    }
    out.setAll(known);
    return out;
  }

  // ---- the prototype's flat format: {"sess_…": {"token", "created_at", "expires_at", "connected", …}} ----

  private static boolean looksLikePrototype(ObjectNode top) {
    for (Map.Entry<String, JsonNode> e : top.properties()) {
      JsonNode v = e.getValue();
      if (!e.getKey().startsWith("sess_") || !v.isObject() || !v.has("token")) {
        return false;
      }
    }
    return true; // "{}" counts: an empty prototype file
  }

  private static StoreDocument parsePrototype(ObjectNode top) throws BadDocument {
    Map<String, Session> sessions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : top.properties()) {
      String id = e.getKey();
      JsonNode v = e.getValue();
      JsonNode token = v.get("token");
      if (!token.isString() || token.stringValue().isEmpty()) {
        throw new BadDocument("prototype session " + id + " has no usable \"token\"");
      }
      Instant created = prototypeInstant(v.get("created_at"), id, "created_at");
      Instant expires = prototypeInstant(v.get("expires_at"), id, "expires_at");
      if (created == null || expires == null) {
        throw new BadDocument("prototype session " + id + " lacks \"created_at\" or \"expires_at\"");
      }
      // The prototype's "connected" described a socket of a process that is gone: the session starts disconnected.
      sessions.put(id, new Session(id, Tokens.hash(token.stringValue()), created, expires, false, false, null, null,
          null, null, null, null));
    }
    return new StoreDocument(top, 0, sessions, Map.of(), null, null, true);
  }

  /** ISO-8601 with an offset, or the prototype's naive local timestamps (read as UTC), or epoch seconds. */
  static Instant prototypeInstant(JsonNode node, String id, String field) throws BadDocument {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return Instant.ofEpochMilli((long) (node.doubleValue() * 1000));
    }
    if (!node.isString()) {
      throw new BadDocument("prototype session " + id + " has a non-text \"" + field + "\"");
    }
    String text = node.stringValue().trim().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException bad) {
        throw new BadDocument("prototype session " + id + " has an unreadable \"" + field + "\": " + node);
      }
    }
  }

  private static int parseMajor(JsonNode version) throws BadDocument {
    if (version == null) {
      throw new BadDocument("it has no \"version\"");
    }
    if (version.isIntegralNumber()) {
      return version.intValue();
    }
    if (version.isString()) {
      String text = version.stringValue();
      int dot = text.indexOf('.');
      try {
        return Integer.parseInt(dot < 0 ? text : text.substring(0, dot));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new BadDocument("its \"version\" is " + version + ", expected \"MAJOR.MINOR\"");
  }

  private static Set<String> recordFields(Class<? extends Record> type) {
    Set<String> names = new HashSet<>();
    for (var c : type.getRecordComponents()) {
      var p = c.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      names.add(p != null && !p.value().isEmpty() ? p.value() : c.getName());
    }
    return Set.copyOf(names);
  }

  private static boolean isBlank(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).isBlank();
  }

  private static String where(JacksonException e) {
    var at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** Jackson's message without its source excerpt and location details. */
  private static String shortProblem(String message) {
    String text = firstLine(message);
    for (String cut : new String[] {" (start marker", "\n at [Source"}) {
      int i = text.indexOf(cut);
      if (i > 0) {
        text = text.substring(0, i);
      }
    }
    return text;
  }

  /** What a record's construction from JSON failed on: a missing required field, or Jackson's own words. */
  private static String problem(Throwable ex) {
    Throwable root = ex;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof NullPointerException && root.getMessage() != null && !root.getMessage().contains(" ")) {
      return "\"" + root.getMessage() + "\" is missing";
    }
    return shortProblem(rootMessage(ex));
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t instanceof JacksonException je ? je.getOriginalMessage() : String.valueOf(t.getMessage());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown problem";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
