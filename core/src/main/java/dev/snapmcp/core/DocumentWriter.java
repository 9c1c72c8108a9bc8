package dev.snapmcp.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code sessions.json} (see docs/store-format.md) in the current format, keeping the fields a newer snap-mcp
 * added, and reusing the bytes of what the last write wrote where nothing changed.
 */
final class DocumentWriter {

  /** Compact: a third smaller than pretty-printed, so cheaper to write, read and compare on every hello. */
  private static final ObjectWriter WRITER = Json.mapper().writer();

  private static final Set<String> SESSION_FIELDS = recordFields(Session.class);
  private static final Set<String> BRIDGE_FIELDS = recordFields(BridgeRecord.class);
  private static final Set<String> TOP_FIELDS = Set.of("format", "version", "revision", "sessions", "bridge");

  private DocumentWriter() {}

  static byte[] write(StoreDocument doc) {
    return write(doc, Map.of(), new HashMap<>());
  }

  /**
   * One session and its JSON, as last written or read: the session object, the raw object its unknown fields come from
   * (null: none), its JSON, and each history event's JSON (null when not known). Never changed once made; shared
   * between successive reads and writes.
   */
  record SessionJson(Session session, ObjectNode raw, byte[] json, List<SessionEvent> events, byte[][] eventJson) {}

  /**
   * Writes the document as compact JSON (no whitespace; one newline at the end). {@code previous} holds, by session
   * id, the JSON of the sessions last written or read: a session that is the same object is copied as bytes instead
   * of serialised again (a commit changes a few sessions of many), and a changed session reuses the JSON of the
   * history events it still shares with its previous version (same objects). {@code written} receives this write's.
   * What this process wrote, it copies exactly as the mapper writes it; a session another program wrote (say,
   * indented) and nobody changed since is copied as that program wrote it.
   */
  static byte[] write(StoreDocument doc, Map<String, SessionJson> previous, Map<String, SessionJson> written) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimateSize(doc, previous));
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
    ObjectNode known = Json.mapper().valueToTree(SessionChanges.copy(s, s.revoked(), s.connected(), s.connectionId(),
        s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(), s.client(), s.expiresAt(), List.of()));
    known.remove("history");
    byte[] fields = WRITER.writeValueAsBytes(overlay(raw, known, SESSION_FIELDS)); // {...} with at least "id"
    List<SessionEvent> events = s.history();
    byte[][] eventJson = new byte[events.size()][];
    int size = fields.length + HISTORY_OPEN.length + 2;
    // Where this history's first event sits in the last one's (the oldest were dropped); then both go in step.
    int from = last == null || last.eventJson() == null || events.isEmpty() ? -1 : indexOf(last.events(), events.get(0));
    for (int i = 0; i < eventJson.length; i++) {
      int j = from < 0 ? -1 : from + i;
      eventJson[i] = j >= 0 && j < last.events().size() && last.events().get(j) == events.get(i)
          ? last.eventJson()[j]
          : WRITER.writeValueAsBytes(events.get(i));
      size += eventJson[i].length + 1;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
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
    return new SessionJson(s, raw, out.toByteArray(), events, eventJson);
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
  private static final byte[] HEADER = ("{\"format\":\"" + DocumentCodec.FORMAT + "\",\"version\":\""
      + DocumentCodec.VERSION + "\",\"revision\":").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SESSIONS_OPEN = ",\"sessions\":{".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  /** {@code "name":}, the name escaped as JSON. */
  private static void writeName(ByteArrayOutputStream out, String name) {
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

  private static Set<String> recordFields(Class<? extends Record> type) {
    Set<String> names = new HashSet<>();
    for (var c : type.getRecordComponents()) {
      var p = c.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      names.add(p != null && !p.value().isEmpty() ? p.value() : c.getName());
    }
    return Set.copyOf(names);
  }
}
