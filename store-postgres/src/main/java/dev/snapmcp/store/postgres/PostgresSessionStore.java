package dev.snapmcp.store.postgres;

import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.ClientInfo;
import dev.snapmcp.core.Cluster;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.PartialDocument;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionWait;
import dev.snapmcp.core.SharedKeys;
import dev.snapmcp.core.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The session store on a PostgreSQL server, which several snap-mcp processes on several machines share: one row per
 * session holding the session's JSON as {@code sessions.json} would (docs/store-format.md, "The PostgreSQL store").
 *
 * <p>Every change is one transaction ({@link Transactions}): it locks the rows it changes ({@code SELECT … FOR
 * UPDATE}), applies the call with core's {@link PartialDocument} (the very code the file store runs, so both keep one
 * set of rules), records the expiries it finds, writes back what changed, counts one revision and notifies the
 * changed sessions' ids; {@link #await} wakes on those notifications ({@link SessionNotifications}). Reads take no
 * lock. Tokens are stored only as hashes.
 *
 * <p>Why row locks in READ COMMITTED and not SERIALIZABLE: a change is a read-modify-write of the rows it names, and
 * the lock makes the second of two changes of one session wait for the first and then read its result, so no work is
 * lost or redone; under SERIALIZABLE the same contention aborts and retries whole transactions, which costs most
 * exactly when many processes update the same sessions (the harness's hot sessions).
 */
final class PostgresSessionStore implements SessionStore {

  private final Database db;
  private final Transactions transactions;
  private final SessionNotifications notifications;
  private final PostgresCluster cluster;
  private final PostgresKeys keys;
  private final Path stateDir;
  private final Clock clock;
  private volatile boolean closed;

  private PostgresSessionStore(Database db, Path stateDir, Clock clock) {
    this.db = db;
    this.transactions = new Transactions(db);
    this.notifications = new SessionNotifications(db);
    this.cluster = new PostgresCluster(db, transactions);
    this.keys = new PostgresKeys(db, transactions);
    this.stateDir = stateDir;
    this.clock = clock;
  }

  /** Connects to {@code url} and brings its schema up to date. */
  static PostgresSessionStore open(PostgresUrl url, Path stateDir, Clock clock) {
    warmUp(clock.instant());
    return new PostgresSessionStore(Database.open(url), stateDir, clock);
  }

  /**
   * Runs the document code once in memory (a session made, written, read back, changed, written again) before any
   * transaction: a fresh process would otherwise load and compile those classes while holding its first row lock, and
   * under load the other processes' updates of that row waited out the lock timeout behind it.
   */
  private static void warmUp(Instant now) {
    PartialDocument made = PartialDocument.read("warm-up", Map.of());
    String id = made.create(Duration.ofMinutes(1), now).session().id();
    PartialDocument again = PartialDocument.read("warm-up", made.written());
    again.update(id, UnaryOperator.identity());
    again.recordExpiries(now);
    again.written();
  }

  @Override
  public Path file() {
    throw new UnsupportedOperationException("the PostgreSQL store " + db.url() + " is not a file");
  }

  @Override
  public String location() {
    return db.url().display();
  }

  @Override
  public Path stateDir() {
    return stateDir;
  }

  // ---------------------------------------------------------------- reads: no lock

  /** A read: one statement in auto-commit mode (one snapshot), tried again through a lost connection. */
  private <T> T read(String what, Transactions.Read<T> read) {
    checkOpen();
    return transactions.read(what, read);
  }

  private PartialDocument part(Map<String, String> rows) {
    return PartialDocument.read(db.url().display(), rows);
  }

  @Override
  public Optional<Session> get(String id) {
    if (id == null) {
      return Optional.empty();
    }
    return part(read("read session " + id, c -> SessionRows.one(c, id))).session(id);
  }

  @Override
  public List<Session> list() {
    return part(read("list the sessions", SessionRows::all)).sessionsOldestFirst();
  }

  @Override
  public Optional<BridgeRecord> bridge() {
    String json = read("read the bridge record", SessionRows::bridge);
    return PartialDocument.readWithBridge(db.url().display(), Map.of(), json).bridge();
  }

  @Override
  public long revision() {
    return read("read the revision", SessionRows::revision);
  }

  @Override
  public TokenCheck verifyToken(String id, String token) {
    Session s = get(id).orElse(null); // the token is hashed and compared whether or not the session exists
    return PartialDocument.verifyToken(s, token, clock.instant());
  }

  // ---------------------------------------------------------------- changes: one transaction each

  /** What one call does to the part of the document its transaction holds. */
  private interface Change<T> {
    T apply(PartialDocument part, Instant now);
  }

  /** A change of the one session {@code id}: its row locked, the call applied, expiries recorded, written back. */
  private <T> T changeSession(String what, String id, Change<T> change) {
    checkOpen();
    return transactions.run(what, tx -> {
      Instant now = now();
      SessionRows.Locked locked = id == null ? new SessionRows.Locked(Map.of(), Map.of())
          : SessionRows.lockForChange(tx, id, now);
      PartialDocument part = part(locked.session());
      T result = change.apply(part, now);
      part.include(locked.expired()); // (after the change: it sees the session as it was, as in the file store)
      part.recordExpiries(now);
      SessionRows.writeBack(tx, part, false);
      return result;
    });
  }

  /** A change of the bridge record or of many sessions: the store's row locked first, then {@code rows}' sessions. */
  private <T> T changeStore(String what, RowsToLock rowsToLock, Change<T> change) {
    checkOpen();
    return transactions.run(what, tx -> {
      String bridge = SessionRows.lockStore(tx.connection());
      Instant now = now();
      Map<String, String> rows = rowsToLock.lock(tx.connection(), now);
      PartialDocument part = PartialDocument.readWithBridge(db.url().display(), rows, bridge);
      T result = change.apply(part, now);
      commit(tx, part, rows.keySet(), now, true);
      return result;
    });
  }

  private interface RowsToLock {
    Map<String, String> lock(Connection c, Instant now) throws SQLException;
  }

  /** What every commit does last: records the expiries it finds, then writes back, counting one revision. */
  private void commit(Transactions.Tx tx, PartialDocument part, Set<String> held, Instant now, boolean holdsStore)
      throws SQLException {
    part.include(SessionRows.lockExpired(tx.connection(), now, held));
    part.recordExpiries(now);
    SessionRows.writeBack(tx, part, holdsStore);
  }

  @Override
  public NewSession create(Duration ttl) {
    checkOpen();
    return transactions.run("create a session", tx -> {
      PartialDocument part = part(Map.of());
      Instant now = now();
      NewSession created = part.create(ttl, now);
      commit(tx, part, Set.of(), now, false);
      return created;
    });
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    return changeSession("update session " + id, id, (part, now) -> part.update(id, change));
  }

  @Override
  public Session markConnected(String id, String connectionId, ClientInfo client) {
    return changeSession("mark session " + id + " connected", id,
        (part, now) -> part.markConnected(id, connectionId, client, now));
  }

  @Override
  public Session markDisconnected(String id, String connectionId, String reason) {
    return changeSession("mark session " + id + " disconnected", id,
        (part, now) -> part.markDisconnected(id, connectionId, reason, now));
  }

  @Override
  public void touch(String id, String connectionId) {
    if (!PartialDocument.touchWrites(get(id).orElse(null), connectionId, clock.instant())) {
      return; // not ours, or refreshed recently enough: no transaction
    }
    changeSession("touch session " + id, id, (part, now) -> {
      part.touch(id, connectionId, now);
      return null;
    });
  }

  @Override
  public boolean revoke(String id) {
    return changeSession("revoke session " + id, id, (part, now) -> part.revoke(id, now));
  }

  @Override
  public int purgeExpired() {
    return changeStore("purge expired sessions", SessionRows::lockPurgeable, PartialDocument::purgeExpired);
  }

  @Override
  public int importSessions(Path source) {
    checkOpen();
    PartialDocument.ImportedSessions imported = PartialDocument.readImport(source);
    return transactions.run("import " + source, tx -> {
      Map<String, String> rows = SessionRows.existing(tx.connection(), imported.ids());
      PartialDocument part = part(rows);
      Instant now = now();
      int added = part.addImported(imported, now);
      commit(tx, part, rows.keySet(), now, false);
      return added;
    });
  }

  @Override
  public Optional<BridgeRecord> claimBridge(BridgeRecord mine, Predicate<BridgeRecord> isLive) {
    return changeStore("claim the bridge record", (c, now) -> SessionRows.lockConnected(c),
        (part, now) -> part.claimBridge(mine, isLive, now));
  }

  @Override
  public boolean heartbeatBridge(long pid) {
    return changeStore("refresh the bridge's heartbeat", (c, now) -> Map.of(),
        (part, now) -> part.heartbeatBridge(pid, now));
  }

  @Override
  public void releaseBridge(long pid) {
    changeStore("release the bridge record", (c, now) -> Map.of(), (part, now) -> {
      part.releaseBridge(pid);
      return null;
    });
  }

  /** Bridge nodes share this store: the directory, the tabs' holders and the command relay (docs/cluster.md). */
  @Override
  public Optional<Cluster> cluster() {
    checkOpen();
    return Optional.of(cluster);
  }

  /** The keys of {@code serve --http}, shared by every node (table {@code http_keys}). */
  @Override
  public Optional<SharedKeys> httpKeys() {
    checkOpen();
    return Optional.of(keys);
  }

  // ---------------------------------------------------------------- waiting

  @Override
  public Session await(String id, Predicate<Session> condition, Duration timeout) {
    checkOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    Session first = existing(id);
    if (condition.test(first)) {
      return first; // no need to listen
    }
    // Listening before the next read: a change after that read is notified; one before it, the read sees.
    try (SessionNotifications.Watch watch = notifications.watch(id, timeout.toNanos())) {
      return SessionWait.until(id, () -> existing(id), condition, timeout, deadline, watch::awaitChange);
    } catch (InterruptedException e) { // while starting to listen
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.TIMEOUT, "interrupted while waiting for session " + id, e);
    }
  }

  private Session existing(String id) {
    return get(id).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND,
        "no session " + id + " in " + location()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store on " + location() + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      notifications.close();
      db.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresSessionStore[" + location() + "]";
  }
}
