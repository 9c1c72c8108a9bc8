package dev.snapmcp.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The store's document in memory: the known fields as records, and the raw JSON objects they were read from, so that
 * fields written by a newer snap-mcp survive a rewrite. Not thread-safe: a commit owns its copy.
 */
final class StoreDocument {

  /** The raw top-level object as read (unknown fields live here); null for a fresh document. */
  final ObjectNode rawTop;

  long revision;
  /** Sessions by id, in document order. */
  final Map<String, Session> sessions;
  /** The raw JSON object each session was read from (only for sessions read from disk). */
  final Map<String, ObjectNode> rawSessions;

  BridgeRecord bridge;
  ObjectNode rawBridge;

  /** True when this document was read from the prototype's flat format (migrated on the next write). */
  final boolean prototype;

  /** Set by changes that altered something: a batch that changed nothing writes nothing. */
  boolean dirty;

  StoreDocument(
      ObjectNode rawTop,
      long revision,
      Map<String, Session> sessions,
      Map<String, ObjectNode> rawSessions,
      BridgeRecord bridge,
      ObjectNode rawBridge,
      boolean prototype) {
    this.rawTop = rawTop;
    this.revision = revision;
    this.sessions = new LinkedHashMap<>(sessions);
    this.rawSessions = new LinkedHashMap<>(rawSessions);
    this.bridge = bridge;
    this.rawBridge = rawBridge;
    this.prototype = prototype;
  }

  static StoreDocument empty() {
    return new StoreDocument(null, 0, Map.of(), Map.of(), null, null, false);
  }

  /** A copy a commit may change; raw nodes are shared because they are only read (deep-copied when written). */
  StoreDocument copy() {
    return new StoreDocument(rawTop, revision, sessions, rawSessions, bridge, rawBridge, prototype);
  }

  void put(Session session) {
    sessions.put(session.id(), session);
    dirty = true;
  }

  void remove(String id) {
    sessions.remove(id);
    rawSessions.remove(id);
    dirty = true;
  }

  void setBridge(BridgeRecord record) {
    if (bridge == null || record == null || bridge.pid() != record.pid()) {
      rawBridge = null; // another bridge's unknown fields are not this one's
    }
    bridge = record;
    dirty = true;
  }

  /** Sessions oldest first (by creation, then document order). */
  List<Session> sessionsOldestFirst() {
    List<Session> list = new ArrayList<>(sessions.values());
    list.sort(Comparator.comparing(Session::createdAt)); // stable: ties keep document order
    return list;
  }
}
