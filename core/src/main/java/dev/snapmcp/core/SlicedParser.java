package dev.snapmcp.core;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses {@code sessions.json} by the piece, reusing what an earlier read or write already made of the pieces that did
 * not change: under contention every commit follows another process's, which changed a few sessions of many, and a
 * full parse (a tree of every session and every history event, then records of it) costs more than the durable write
 * itself.
 *
 * <p>{@link JsonSpans} finds the members of the document and of its {@code sessions} object without building
 * anything. A session whose JSON is byte for byte the JSON of a session read or written before is that session (the
 * parse of a session depends on its id and its bytes alone). A changed session is parsed, and even then only the
 * history events whose bytes changed are: the rest of its history is the events it had. The document's other members
 * (format, version, revision, bridge, a newer version's fields) are parsed strictly as a document whose {@code
 * sessions} is empty. The result is what {@link DocumentCodec#parse} gives for the same bytes; whenever the pieces do
 * not fit that plainly (damage, the prototype's format, escaped names, duplicate members), it is {@link
 * DocumentCodec#parse} that answers, with its own words for the damage.
 */
final class SlicedParser {

  private static final ObjectReader STRICT_READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private SlicedParser() {}

  /**
   * The document, and the JSON of each of its sessions (empty when the strict parser had to read it whole).
   *
   * @param sessions the sessions' JSON, by id
   */
  record Result(StoreDocument doc, Map<String, DocumentWriter.SessionJson> sessions) {}

  /**
   * Parses {@code bytes}, reusing {@code known} (sessions by id, as last read or written).
   *
   * @throws DocumentCodec.BadDocument exactly as {@link DocumentCodec#parse} would
   */
  static Result parse(byte[] bytes, Map<String, DocumentWriter.SessionJson> known) throws DocumentCodec.BadDocument {
    Result sliced = bySlices(bytes, known);
    return sliced != null ? sliced : new Result(DocumentCodec.parse(bytes), Map.of());
  }

  /** The document from its pieces, or null when only the strict parser can tell. */
  private static Result bySlices(byte[] b, Map<String, DocumentWriter.SessionJson> known) {
    int[] end = new int[1];
    List<List<JsonSpans.Member>> entries = new ArrayList<>(1); // the sessions object's, once found
    Set<String> unchanged = new HashSet<>();
    // One pass: the sessions object is walked entry by entry, and an entry that starts with the bytes of the known
    // session of its id is that session (a JSON object ends where its bytes end): only changed entries are scanned.
    List<JsonSpans.Member> top = JsonSpans.members(b, 0, b.length, end, (name, from) -> {
      if (!name.equals("sessions") || !entries.isEmpty() || b[from] != '{') {
        return JsonSpans.valueEnd(b, from, b.length);
      }
      int[] sessionsEnd = new int[1];
      List<JsonSpans.Member> found = JsonSpans.members(b, from, b.length, sessionsEnd, (id, at) -> {
        DocumentWriter.SessionJson last = known.get(id);
        int lastEnd = at + (last == null ? 0 : last.json().length);
        if (last != null && lastEnd <= b.length && sameBytes(last.json(), b, at, lastEnd)) {
          unchanged.add(id);
          return lastEnd;
        }
        return JsonSpans.valueEnd(b, at, b.length);
      });
      entries.add(found);
      return found == null ? -1 : sessionsEnd[0];
    });
    if (top == null || entries.isEmpty() || JsonSpans.skipWhitespace(b, end[0], b.length) != b.length) {
      return null;
    }
    JsonSpans.Member sessionsMember = null;
    boolean format = false;
    for (int i = 0; i < top.size(); i++) {
      String name = top.get(i).name();
      for (int j = 0; j < i; j++) {
        if (top.get(j).name().equals(name)) {
          return null; // which of two members counts is the strict parser's to say
        }
      }
      format |= name.equals("format");
      if (name.equals("sessions")) {
        sessionsMember = top.get(i);
      }
    }
    if (!format) {
      return null; // the prototype's format, or damage
    }
    StoreDocument rest;
    try {
      rest = DocumentCodec.parse(withoutSessions(b, sessionsMember));
    } catch (DocumentCodec.BadDocument bad) {
      return null; // the full parse says it in terms of the whole file
    }
    Map<String, Session> sessions = new LinkedHashMap<>();
    Map<String, ObjectNode> raws = new LinkedHashMap<>();
    Map<String, DocumentWriter.SessionJson> json = new HashMap<>();
    for (JsonSpans.Member e : entries.get(0)) {
      if (b[e.valueStart()] != '{' || json.containsKey(e.name())) {
        return null;
      }
      DocumentWriter.SessionJson last = known.get(e.name());
      DocumentWriter.SessionJson now = unchanged.contains(e.name())
          ? last : session(e.name(), b, e.valueStart(), e.valueEnd(), last);
      if (now == null) {
        return null;
      }
      sessions.put(e.name(), now.session());
      if (now.raw() != null) {
        raws.put(e.name(), now.raw());
      }
      json.put(e.name(), now);
    }
    return new Result(new StoreDocument(rest.rawTop, rest.revision, sessions, raws, rest.bridge, rest.rawBridge,
        false), json);
  }

  /** The document with an empty {@code sessions} object: everything but the sessions, for the strict parser. */
  private static byte[] withoutSessions(byte[] b, JsonSpans.Member sessions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length - (sessions.valueEnd() - sessions.valueStart()) + 2);
    out.write(b, 0, sessions.valueStart());
    out.writeBytes(EMPTY_OBJECT);
    out.write(b, sessions.valueEnd(), b.length - sessions.valueEnd());
    return out.toByteArray();
  }

  /**
   * A changed session: its fields other than the history parsed strictly, its history events reused from {@code
   * last} (its previous version) where their bytes did not change. Null when it is malformed (the strict parser then
   * says how).
   */
  private static DocumentWriter.SessionJson session(String id, byte[] b, int start, int end,
      DocumentWriter.SessionJson last) {
    int[] objectEnd = new int[1];
    List<JsonSpans.Member> fields = JsonSpans.members(b, start, end, objectEnd);
    JsonSpans.Member history = null;
    int histories = 0; // twice is left to the parse of the whole session
    if (fields != null && objectEnd[0] == end) {
      for (JsonSpans.Member f : fields) {
        if (f.name().equals("history")) {
          history = f;
          histories++;
        }
      }
    }
    history = histories == 1 ? history : null;
    List<int[]> items = history == null || b[history.valueStart()] != '['
        ? null : JsonSpans.elements(b, history.valueStart(), history.valueEnd());
    try {
      if (items == null || items.stream().anyMatch(item -> b[item[0]] != '{')) {
        ObjectNode raw = (ObjectNode) STRICT_READER.readTree(b, start, end - start);
        Session whole = DocumentCodec.session(id, raw);
        return new DocumentWriter.SessionJson(whole, raw, Arrays.copyOfRange(b, start, end), whole.history(), null);
      }
      ObjectNode raw = (ObjectNode) STRICT_READER.readTree(withoutMember(b, fields, history));
      Session base = DocumentCodec.session(id, raw);
      List<SessionEvent> events = new ArrayList<>(items.size());
      byte[][] eventJson = new byte[items.size()][];
      events(b, items, last, events, eventJson);
      Session s = SessionChanges.copy(base, base.revoked(), base.connected(), base.connectionId(),
          base.connectedAt(), base.disconnectedAt(), base.lastSeenAt(), base.client(), base.expiresAt(), events);
      return new DocumentWriter.SessionJson(s, raw, Arrays.copyOfRange(b, start, end), s.history(), eventJson);
    } catch (JacksonException | DocumentCodec.BadDocument | IllegalArgumentException | NullPointerException
        | ClassCastException e) {
      return null;
    }
  }

  /**
   * The history's events: those whose bytes equal an event of {@code last} at the same place (after the oldest were
   * dropped) are that event; the others are parsed.
   */
  private static void events(byte[] b, List<int[]> items, DocumentWriter.SessionJson last, List<SessionEvent> events,
      byte[][] eventJson) {
    byte[][] lastJson = last == null ? null : last.eventJson();
    int from = -1;
    if (lastJson != null && !items.isEmpty()) {
      int[] first = items.get(0);
      for (int j = 0; j < lastJson.length && from < 0; j++) {
        from = sameBytes(lastJson[j], b, first[0], first[1]) ? j : -1;
      }
    }
    for (int i = 0; i < items.size(); i++) {
      int[] item = items.get(i);
      int j = from < 0 ? -1 : from + i;
      if (j >= 0 && j < lastJson.length && sameBytes(lastJson[j], b, item[0], item[1])) {
        events.add(last.events().get(j));
        eventJson[i] = lastJson[j];
      } else {
        JsonNode node = STRICT_READER.readTree(b, item[0], item[1] - item[0]);
        SessionEvent event = Json.mapper().treeToValue(node, SessionEvent.class);
        if (event == null) {
          throw new IllegalArgumentException("a history event is null");
        }
        events.add(event);
        eventJson[i] = Arrays.copyOfRange(b, item[0], item[1]);
      }
    }
  }

  /** The object's members but {@code left}, as an object's JSON. */
  private static byte[] withoutMember(byte[] b, List<JsonSpans.Member> members, JsonSpans.Member left) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write('{');
    boolean first = true;
    for (JsonSpans.Member m : members) {
      if (m != left) {
        if (!first) {
          out.write(',');
        }
        first = false;
        out.write(b, m.start(), m.valueEnd() - m.start());
      }
    }
    out.write('}');
    return out.toByteArray();
  }

  private static boolean sameBytes(byte[] known, byte[] b, int start, int end) {
    return known.length == end - start && Arrays.equals(known, 0, known.length, b, start, end);
  }
}
