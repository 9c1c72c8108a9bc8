package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import dev.snapmcp.core.BrowserText;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sessions this bridge knows in memory: which connection carries each, and what the browser last told about it.
 *
 * <p>Every store write about a session goes through that session's queue, appended while holding this registry's
 * lock: the order the store sees connects and disconnects is the order the bridge decided them in, even though the
 * writes themselves run on the store's executor (file I/O never blocks an event loop).
 */
final class SessionRegistry {

  private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

  /** How many events a session keeps for {@code GET /api/v1/sessions}. */
  static final int EVENT_LIMIT = 20;

  /** An event bigger than this (as JSON) is kept only as its kind and size: a frame may be megabytes. */
  static final int EVENT_BYTES_LIMIT = 16 * 1024;

  private final SessionStore store;
  private final ExecutorService storeExecutor;
  private final Clock clock;
  private final Duration touchEvery;
  private final Map<String, LiveSession> sessions = new HashMap<>();
  private final Tabs tabs;
  private volatile java.util.function.Consumer<BridgeConnection> onWelcome = c -> { };

  private static final class LiveSession {
    BridgeConnection current;
    ClientInfo client;
    SessionView.Tab tab;
    ObjectNode ready;
    String project;
    Instant lastSeenAt;
    Instant lastTouchedStore = Instant.EPOCH;
    final Deque<ObjectNode> events = new ArrayDeque<>();
    final TabHistory history = new TabHistory();
    CompletableFuture<?> storeQueue = CompletableFuture.completedFuture(null);
  }

  SessionRegistry(SessionStore store, ExecutorService storeExecutor, Clock clock, Duration touchEvery, Tabs tabs) {
    this.tabs = tabs;
    this.store = store;
    this.storeExecutor = storeExecutor;
    this.clock = clock;
    this.touchEvery = touchEvery;
  }

  /**
   * Makes {@code connection} the one carrying its session and records it in the store. An older connection of the
   * same session is closed with {@code replaced}; its close, whenever it comes, is recorded after this connect, so the
   * store's connection-id rule keeps the session connected.
   *
   * @return completes once the store has the connect
   */
  CompletableFuture<Session> attach(BridgeConnection connection, Frame.Identify identify) {
    String id = connection.sessionId();
    ClientInfo client = identify.client() == null ? ClientInfo.UNKNOWN : identify.client();
    BridgeConnection replaced;
    CompletableFuture<Session> committed;
    synchronized (this) {
      LiveSession s = sessions.computeIfAbsent(id, k -> new LiveSession());
      replaced = s.current;
      s.current = connection;
      s.client = client;
      s.tab = SessionView.Tab.of(identify.tab());
      s.ready = null; // a new connection may be a new page (a reload): its readiness is unknown until it says
      s.history.clear(); // likewise its history: the relay reports it after the welcome
      s.lastSeenAt = clock.instant();
      committed = enqueue(s, () -> store.markConnected(id, connection.id(), client));
    }
    connection.channel().closeFuture().addListener(f -> detach(connection));
    if (replaced != null && replaced != connection) {
      log.info("session {}: connection {} replaced by {}", id, replaced.id(), connection.id());
      replaced.close(
          WebSocketErrorCode.REPLACED.code(),
          new Frame.Error(WebSocketErrorCode.REPLACED, "a newer connection for this session said hello; this one is closed"),
          WebSocketCloseStatus.POLICY_VIOLATION);
    }
    return committed;
  }

  /** The tab's commands, which follow its connections. */
  Tabs tabs() {
    return tabs;
  }

  /** {@code connection} was welcomed: its session's commands go to it from now on. */
  void welcomed(BridgeConnection connection) {
    tabs.attached(connection);
    onWelcome.accept(connection);
  }

  /** Who else hears of each welcome (a cluster node records that it holds the tab). */
  void onWelcome(java.util.function.Consumer<BridgeConnection> listener) {
    this.onWelcome = listener;
  }

  /** The connection closed: recorded in the store with its reason (a late close of a replaced one changes nothing). */
  void detach(BridgeConnection connection) {
    String id = connection.sessionId();
    String reason = connection.closeReason();
    tabs.dropped(connection, reason);
    synchronized (this) {
      LiveSession s = sessions.get(id);
      if (s == null) {
        return;
      }
      if (s.current == connection) {
        s.current = null;
      }
      enqueue(s, () -> store.markDisconnected(id, connection.id(), reason))
          .whenComplete(
              (session, error) -> {
                if (error != null) {
                  log.warn("session {}: could not record that {} closed: {}", id, connection.id(), error.toString());
                }
              });
    }
    log.info("session {}: connection {} closed ({})", id, connection.id(), reason);
  }

  /** The welcomed connection carrying {@code sessionId} now, if any. */
  synchronized Optional<BridgeConnection> connection(String sessionId) {
    LiveSession s = sessions.get(sessionId);
    if (s == null || s.current == null || !s.current.welcomed() || !s.current.channel().isActive()) {
      return Optional.empty();
    }
    return Optional.of(s.current);
  }

  /** Counts welcomed, open connections. */
  synchronized int connectionCount() {
    int n = 0;
    for (LiveSession s : sessions.values()) {
      if (s.current != null && s.current.welcomed() && s.current.channel().isActive()) {
        n++;
      }
    }
    return n;
  }

  /** Keeps an event as the session's latest state; a {@code history} event is the tab's undo history index. */
  void recordEvent(BridgeConnection connection, Frame.Event event) {
    synchronized (this) {
      LiveSession s = sessions.get(connection.sessionId());
      if (s == null || s.current != connection) {
        return;
      }
      if ("history".equals(event.event())) {
        s.history.update(event.body());
      } else {
        keep(s, connection, event);
      }
    }
    seen(connection);
  }

  /**
   * Keeps an event among the session's last ones (a huge one only as its kind and size), and a ready or project event
   * as the session's state too. Called holding this registry's lock.
   */
  private void keep(LiveSession s, BridgeConnection connection, Frame.Event event) {
    ObjectNode body = event.body().deepCopy();
    capTexts(body); // page text (an error's message, a project's name) is the page's: never kept longer than this
    int size = body.toString().length();
    if (size > EVENT_BYTES_LIMIT) {
      ObjectNode small = Json.mapper().createObjectNode();
      small.put("type", "event");
      small.put("event", event.event());
      small.put("truncated", true);
      small.put("bytes", size);
      body = small;
    }
    if (!body.has("receivedAt")) {
      body.put("receivedAt", clock.instant().toString());
    }
    String kind = event.event();
    if ("ready".equals(kind)) {
      s.ready = body;
      learnSnapVersion(s, connection, body.get("snap"));
    }
    JsonNode project = body.get("project");
    if (project != null && project.isString()) {
      s.project = project.stringValue();
    }
    s.events.addLast(body);
    while (s.events.size() > EVENT_LIMIT) {
      s.events.removeFirst();
    }
  }

  /** Caps every string inside {@code node} to {@link BrowserText#MAX_BYTES}, in place. */
  private static void capTexts(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (String name : new java.util.ArrayList<>(object.propertyNames())) {
        JsonNode value = object.get(name);
        if (value.isString()) {
          object.put(name, BrowserText.cap(value.stringValue()));
        } else {
          capTexts(value);
        }
      }
    } else if (node instanceof tools.jackson.databind.node.ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isString()) {
          array.set(i, array.stringNode(BrowserText.cap(array.get(i).stringValue())));
        } else {
          capTexts(array.get(i));
        }
      }
    }
  }

  /**
   * A hello sent before the page knew its Snap! version (a tab paired as Snap! finished loading) left the store without
   * it: the first ready event that names the version completes the stored client.
   */
  private void learnSnapVersion(LiveSession s, BridgeConnection connection, JsonNode snap) {
    if (snap == null || !snap.isString()
        || BrowserText.cap(snap.stringValue()).equals(s.client == null ? null : s.client.snap())) {
      return;
    }
    ClientInfo known = s.client == null ? ClientInfo.UNKNOWN : s.client;
    ClientInfo client = new ClientInfo(known.extension(), snap.stringValue(), known.userAgent());
    s.client = client;
    String id = connection.sessionId();
    enqueue(s, () -> store.update(id, stored -> !connection.id().equals(stored.connectionId()) ? stored
        : new Session(stored.id(), stored.tokenHash(), stored.createdAt(), stored.expiresAt(), stored.revoked(),
            stored.connected(), stored.connectionId(), stored.connectedAt(), stored.disconnectedAt(),
            stored.lastSeenAt(), client, stored.history())))
        .whenComplete((session, error) -> {
          if (error != null) {
            log.warn("session {}: could not record Snap!'s version: {}", id, error.toString());
          }
        });
  }

  /** A sign of life: remembered, and written to the store at most every {@code touchEvery}. */
  void seen(BridgeConnection connection) {
    String id = connection.sessionId();
    if (id == null) {
      return;
    }
    Instant now = clock.instant();
    synchronized (this) {
      LiveSession s = sessions.get(id);
      if (s == null || s.current != connection) {
        return;
      }
      s.lastSeenAt = now;
      if (Duration.between(s.lastTouchedStore, now).compareTo(touchEvery) < 0) {
        return;
      }
      s.lastTouchedStore = now;
      enqueue(
          s,
          () -> {
            store.touch(id, connection.id());
            return null;
          });
    }
  }

  /** Every open connection, for shutdown. */
  synchronized List<BridgeConnection> connections() {
    List<BridgeConnection> all = new ArrayList<>();
    for (LiveSession s : sessions.values()) {
      if (s.current != null) {
        all.add(s.current);
      }
    }
    return all;
  }

  /**
   * Forgets what the bridge remembered of sessions that are no longer in the store and have no connection, so a
   * long-running bridge does not keep every session it ever saw.
   */
  synchronized void forgetAllBut(java.util.Set<String> stored) {
    tabs.forgetAllBut(stored);
    sessions.entrySet().removeIf(e -> e.getValue().current == null && !stored.contains(e.getKey())
        && e.getValue().storeQueue.isDone());
  }

  /** Completes when every store write queued so far has run. */
  synchronized CompletableFuture<Void> drained() {
    return CompletableFuture.allOf(
        sessions.values().stream().map(s -> s.storeQueue).toArray(CompletableFuture[]::new));
  }

  /**
   * The live view of {@code GET /api/v1/sessions}: the store's sessions that can still connect, and any session with
   * a live connection, with what the browser last reported.
   */
  List<SessionView> view(List<Session> stored) {
    return view(stored, java.util.Set.of());
  }

  /**
   * The live view, in a cluster: a session the store marks connected whose tab another live node holds is {@code
   * connected} here too.
   */
  List<SessionView> view(List<Session> stored, java.util.Set<String> heldElsewhere) {
    Instant now = clock.instant();
    Map<String, SessionView> out = new LinkedHashMap<>();
    synchronized (this) {
      for (Session session : stored) {
        LiveSession s = sessions.get(session.id());
        boolean live = s != null && s.current != null && s.current.welcomed();
        if (!live && (session.revoked() || session.isExpiredAt(now))) {
          continue;
        }
        if (!live && session.connected() && heldElsewhere.contains(session.id())) {
          out.put(session.id(), describe(session, s, new SessionStatus(
              dev.snapmcp.bridge.control.SessionState.CONNECTED, null), true));
          continue;
        }
        out.put(session.id(), describe(session, s, tabs.status(session, live && s.current.channel().isActive()),
            false));
      }
    }
    return new ArrayList<>(out.values());
  }

  private static SessionView describe(Session session, LiveSession s, SessionStatus status, boolean elsewhere) {
    boolean live = elsewhere
        || s != null && s.current != null && s.current.welcomed() && s.current.channel().isActive();
    String connection = live && !elsewhere ? s.current.id() : session.connectionId();
    ObjectNode ready = s == null ? null : s.ready;
    String readyReason = ready == null ? null : text(ready.get("reason"));
    ClientInfo client = s != null && s.client != null ? s.client : session.client();
    String snap = ready == null ? null : text(ready.get("snap"));
    if (snap == null && client != null) {
      snap = client.snap();
    }
    Instant lastSeen = s != null && s.lastSeenAt != null ? s.lastSeenAt : session.lastSeenAt();
    return new SessionView(
        session.id(),
        live,
        connection,
        live && ready != null && ready.path("ready").asBoolean(false),
        readyReason,
        snap,
        s == null ? null : s.project,
        client,
        lastSeen,
        s == null ? null : s.tab,
        session.expiresAt(),
        s == null ? List.of() : List.copyOf(s.events),
        status.state().code(),
        status.droppedAt(),
        s == null ? List.of() : s.history.entries());
  }

  private static String text(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : null;
  }

  private <T> CompletableFuture<T> enqueue(LiveSession s, Supplier<T> write) {
    CompletableFuture<T> next = s.storeQueue.handle((r, e) -> null).thenApplyAsync(x -> write.get(), storeExecutor);
    s.storeQueue = next.handle((r, e) -> null);
    return next;
  }
}
