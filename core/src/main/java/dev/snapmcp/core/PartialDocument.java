package dev.snapmcp.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * Part of the store's document, for a store that keeps each session apart (a row of a database) instead of all in one
 * file: the sessions one transaction read and locked and, when it read it, the bridge record. Every call of {@link
 * SessionStore} is written once, as a change of the document, and the file store runs it on its whole document; here
 * the same code runs on the part a transaction holds, and the part says afterwards what changed, for the transaction
 * to write back. A store built on it keeps the file store's rules (the late-close rule, expiry recorded once, the
 * bridge claim, what an import keeps) because it runs the same code, and keeps each session as the file does: the
 * session's JSON object of {@code sessions.json} (docs/store-format.md), read and written by the file's codec, fields
 * it does not know kept.
 *
 * <pre>{@code
 * PartialDocument part = PartialDocument.read(where, lockedRows);        // id -> the session's JSON, in store order
 * Session s = part.markConnected(id, connectionId, client, now);
 * part.recordExpiries(now);                                             // as every commit does
 * part.written().forEach(this::updateRow);                              // id -> JSON; also part.removed()
 * }</pre>
 *
 * <p>What a call needs must be in the part: a change of session X needs X; {@link #purgeExpired} and {@link
 * #recordExpiries} act on the sessions held (the candidates the caller selected); {@link #claimBridge} needs the bridge
 * and every session marked connected. Not thread-safe: one transaction owns one part.
 */
public final class PartialDocument {

  private final String where;
  private final StoreDocument doc;
  /** The sessions as read, by id: a session whose object is no longer this one was changed. */
  private final Map<String, Session> read = new HashMap<>();
  /** Sessions an update returned unchanged: still a commit, so still written. */
  private final Set<String> rewritten = new LinkedHashSet<>();
  private final boolean holdsBridge;
  private final BridgeRecord readBridge;

  private PartialDocument(String where, StoreDocument doc, boolean holdsBridge) {
    this.where = where;
    this.doc = doc;
    this.read.putAll(doc.sessions);
    this.holdsBridge = holdsBridge;
    this.readBridge = doc.bridge;
  }

  /**
   * The part holding {@code sessions}: id to the session's JSON object as {@code sessions.json} holds it, in the
   * store's order (the order they were added).
   *
   * @param where names the store in messages (a database URL without its password)
   * @throws StoreException of kind CORRUPT naming the session when one is not a session of this format
   */
  public static PartialDocument read(String where, Map<String, String> sessions) {
    return new PartialDocument(where, parse(where, sessions, null), false);
  }

  /** As {@link #read(String, Map)}, with the bridge record's JSON object ({@code null}: there is none). */
  public static PartialDocument readWithBridge(String where, Map<String, String> sessions, String bridge) {
    return new PartialDocument(where, parse(where, sessions, bridge == null ? "null" : bridge), true);
  }

  /**
   * Adds more stored sessions to the part (a commit adds the expired ones it found, before {@link #recordExpiries}).
   */
  public void include(Map<String, String> more) {
    StoreDocument extra = parse(where, more, null);
    extra.sessions.forEach((id, s) -> {
      if (!doc.sessions.containsKey(id)) {
        doc.sessions.put(id, s);
        doc.rawSessions.put(id, extra.rawSessions.get(id));
        read.put(id, s);
      }
    });
  }

  // ---------------------------------------------------------------- what it holds

  /** The session {@code id}, if the part holds it. */
  public Optional<Session> session(String id) {
    return Optional.ofNullable(id == null ? null : doc.sessions.get(id));
  }

  /** The sessions held, oldest first (by creation, then store order), as {@link SessionStore#list()} gives them. */
  public List<Session> sessionsOldestFirst() {
    return doc.sessionsOldestFirst();
  }

  /** The bridge record (the part must hold the bridge). */
  public Optional<BridgeRecord> bridge() {
    requireBridge();
    return Optional.ofNullable(doc.bridge);
  }

  // ---------------------------------------------------------------- the calls, as the file store makes them

  /** {@link SessionStore#create}: a new session; the caller makes sure its id is new (the part holds few). */
  public NewSession create(Duration ttl, Instant now) {
    DocumentChanges.requirePositiveTtl(ttl);
    String token = Tokens.newToken();
    return new NewSession(DocumentChanges.create(doc, Tokens.hash(token), ttl, now), token);
  }

  /** {@link SessionStore#update}. */
  public Session update(String id, UnaryOperator<Session> change) {
    Session next = DocumentChanges.update(doc, id, change);
    if (next == read.get(id)) {
      rewritten.add(id); // unchanged, yet a commit, as in the file store: written back all the same
    }
    return next;
  }

  /** {@link SessionStore#markConnected}. */
  public Session markConnected(String id, String connectionId, ClientInfo client, Instant now) {
    return DocumentChanges.connected(doc, id, connectionId, client, now);
  }

  /** {@link SessionStore#markDisconnected}, the late-close rule included. */
  public Session markDisconnected(String id, String connectionId, String reason, Instant now) {
    return DocumentChanges.disconnected(doc, id, connectionId, reason, now);
  }

  /** {@link SessionStore#touch}: refreshes last-seen if {@code connectionId} is still current. */
  public void touch(String id, String connectionId, Instant now) {
    DocumentChanges.touch(doc, id, connectionId, now);
  }

  /** Whether a touch at {@code now} would write anything ({@link SessionStore#touch} reads before it commits). */
  public static boolean touchWrites(Session seen, String connectionId, Instant now) {
    return DocumentChanges.touchWrites(seen, connectionId, now);
  }

  /** {@link SessionStore#revoke}. */
  public boolean revoke(String id, Instant now) {
    return DocumentChanges.revoke(doc, id, now);
  }

  /** {@link SessionStore#purgeExpired}, over the sessions held. */
  public int purgeExpired(Instant now) {
    return DocumentChanges.purgeExpired(doc, now);
  }

  /** {@link SessionStore#importSessions}: adds those of {@code source} the part does not hold. */
  public int addImported(ImportedSessions source, Instant now) {
    return DocumentChanges.addImported(doc, source.document, now);
  }

  /** {@link SessionStore#claimBridge}: the part must hold the bridge and every session marked connected. */
  public Optional<BridgeRecord> claimBridge(BridgeRecord mine, Predicate<BridgeRecord> isLive, Instant now) {
    requireBridge();
    return DocumentChanges.claimBridge(doc, mine, isLive, now);
  }

  /** {@link SessionStore#heartbeatBridge}. */
  public boolean heartbeatBridge(long pid, Instant now) {
    requireBridge();
    return DocumentChanges.heartbeatBridge(doc, pid, now);
  }

  /** {@link SessionStore#releaseBridge}. */
  public void releaseBridge(long pid) {
    requireBridge();
    DocumentChanges.releaseBridge(doc, pid);
  }

  /** What every commit does last: records, once, the expiry of each session held that has expired. */
  public void recordExpiries(Instant now) {
    DocumentChanges.recordExpiries(doc, now);
  }

  /** {@link SessionStore#verifyToken} for the stored session {@code s} (null: none), in constant time. */
  public static SessionStore.TokenCheck verifyToken(Session s, String token, Instant now) {
    return Tokens.check(s, token, now);
  }

  /**
   * Whether a commit after the session's {@code expiresAt} still has to record its expiry: what a store indexes to
   * find the sessions {@link #recordExpiries} would change without reading all of them.
   */
  public static boolean expiryUnrecorded(Session s) {
    return DocumentChanges.expiryUnrecorded(s);
  }

  /** Reads a file for {@link SessionStore#importSessions}, with the file store's checks and messages. */
  public static ImportedSessions readImport(Path source) {
    return new ImportedSessions(ImportFile.read(source));
  }

  /** The sessions of a file to import, read and checked, not yet added anywhere. */
  public static final class ImportedSessions {
    private final StoreDocument document;

    private ImportedSessions(StoreDocument document) {
      this.document = document;
    }

    /** The ids it holds, in its order. */
    public Set<String> ids() {
      return Collections.unmodifiableSet(new LinkedHashSet<>(document.sessions.keySet()));
    }
  }

  // ---------------------------------------------------------------- what changed

  /** Whether the calls changed anything: a commit that changed nothing writes nothing and counts no revision. */
  public boolean changed() {
    return doc.dirty;
  }

  /**
   * The sessions added or changed, id to their JSON object as {@code sessions.json} would hold it (unknown fields
   * kept), in store order (new ones last).
   */
  public Map<String, String> written() {
    Map<String, DocumentWriter.SessionJson> json = new HashMap<>();
    DocumentWriter.write(doc, Map.of(), json);
    Map<String, String> out = new LinkedHashMap<>();
    for (Session s : doc.sessions.values()) {
      if (read.get(s.id()) != s || rewritten.contains(s.id())) {
        out.put(s.id(), new String(json.get(s.id()).json(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** The ids of the sessions {@link #written()} that the part did not hold before: new rows. */
  public Set<String> added() {
    Set<String> added = new LinkedHashSet<>(doc.sessions.keySet());
    added.removeAll(read.keySet());
    return added;
  }

  /** The ids of the sessions removed. */
  public Set<String> removed() {
    Set<String> gone = new LinkedHashSet<>(read.keySet());
    gone.removeAll(doc.sessions.keySet());
    return gone;
  }

  /** Whether the bridge record changed (set, refreshed or removed). */
  public boolean bridgeChanged() {
    return holdsBridge && doc.bridge != readBridge;
  }

  /** The bridge record's JSON object as {@code sessions.json} would hold it (unknown fields kept), or null. */
  public String bridgeJson() {
    requireBridge();
    if (doc.bridge == null) {
      return null;
    }
    JsonNode written = Json.mapper().readTree(DocumentWriter.write(doc)).get("bridge");
    return Json.mapper().writeValueAsString(written);
  }

  // ---------------------------------------------------------------- reading

  /** The stored pieces put together as one document and read by the file's codec, so both keep one format. */
  private static StoreDocument parse(String where, Map<String, String> sessions, String bridge) {
    StringBuilder text = new StringBuilder(256 + 4096 * sessions.size());
    text.append("{\"format\":\"").append(DocumentCodec.FORMAT).append("\",\"version\":\"")
        .append(DocumentCodec.VERSION).append("\",\"revision\":0,\"sessions\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : sessions.entrySet()) {
      if (!first) {
        text.append(',');
      }
      first = false;
      text.append(Json.mapper().writeValueAsString(e.getKey())).append(':').append(e.getValue());
    }
    text.append('}');
    if (bridge != null) {
      text.append(",\"bridge\":").append(bridge);
    }
    text.append('}');
    try {
      return DocumentCodec.parse(text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (DocumentCodec.BadDocument bad) {
      throw new StoreException(StoreException.Kind.CORRUPT, "a stored session or the bridge record in " + where
          + " is damaged: " + bad.getMessage());
    }
  }

  private void requireBridge() {
    if (!holdsBridge) {
      throw new IllegalStateException("this part of the document was read without the bridge record");
    }
  }
}
