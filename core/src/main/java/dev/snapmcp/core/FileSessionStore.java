package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The store on one file, {@code sessions.json}, in a private folder. See docs/store-format.md for the protocol.
 *
 * <p>This class says what each call means, as changes of the document; its helpers do the rest. Writes go through
 * {@link GroupCommit}: the changes of every thread waiting at the same moment are applied to one fresh read of the
 * document under the lock and committed with one durable replace. {@link DocumentFile} reads and replaces the file
 * (with the {@link ParseCache}), {@link FolderWatcher} wakes {@link #await}, and {@link StrayFiles} tidies the folder
 * on open.
 */
final class FileSessionStore implements SessionStore {

  private final Path dir;
  private final DocumentFile document;
  private final Clock clock;
  private final StoreOptions options;
  private final StoreLock lock;
  private final GroupCommit commits;
  private volatile boolean closed;

  private FileSessionStore(Path dir, Clock clock, StoreOptions options, StoreLock lock) {
    this.dir = dir;
    this.document = new DocumentFile(dir, clock, lock, options.lockTimeout());
    this.clock = clock;
    this.options = options;
    this.lock = lock;
    this.commits = new GroupCommit(options.groupCommit(), options.lockTimeout(), document.path(), this::commitBatch);
  }

  static FileSessionStore open(Path stateDir, Clock clock, StoreOptions options) {
    Path requested = stateDir.toAbsolutePath().normalize();
    StoreLock lock;
    Path dir;
    try {
      Permissions.ensurePrivateFolder(requested);
      dir = requested.toRealPath();
      Permissions.repairFile(dir.resolve(StateFiles.SESSIONS_LOCK));
      Permissions.repairFile(StateFiles.sessions(dir));
      lock = StoreLock.acquireShared(dir.resolve(StateFiles.SESSIONS_LOCK)); // creates the lock file 0600 if needed
    } catch (FileReads.Refused e) {
      throw new StoreException(StoreException.Kind.IO, e.getMessage(), e); // a link: the message says it all
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO,
          "cannot open the state folder " + requested + ": " + e + " (check that it is yours and writable)", e);
    }
    FileSessionStore store = new FileSessionStore(dir, clock, options, lock);
    try {
      StrayFiles.clean(dir, lock);
      store.read(); // fails early on a damaged or newer document
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  @Override
  public Path file() {
    return document.path();
  }

  @Override
  public Path stateDir() {
    return dir;
  }

  // ---------------------------------------------------------------- reads: never locked

  /** The committed document, or an empty one when there is no file yet. */
  StoreDocument read() {
    checkOpen();
    return document.read();
  }

  private Optional<Session> readSession(String id) {
    checkOpen();
    return document.readSession(id);
  }

  @Override
  public Optional<Session> get(String id) {
    return readSession(id);
  }

  @Override
  public List<Session> list() {
    return read().sessionsOldestFirst();
  }

  @Override
  public Optional<BridgeRecord> bridge() {
    return Optional.ofNullable(read().bridge);
  }

  @Override
  public long revision() {
    return read().revision;
  }

  @Override
  public TokenCheck verifyToken(String id, String token) {
    checkOpen();
    return Tokens.check(readSession(id).orElse(null), token, clock.instant());
  }

  // ---------------------------------------------------------------- writes: one group commit each

  @Override
  public NewSession create(Duration ttl) {
    DocumentChanges.requirePositiveTtl(ttl);
    String token = Tokens.newToken();
    String hash = Tokens.hash(token);
    return new NewSession(commit((doc, now) -> DocumentChanges.create(doc, hash, ttl, now)), token);
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    return commit((doc, now) -> DocumentChanges.update(doc, id, change));
  }

  @Override
  public Session markConnected(String id, String connectionId, ClientInfo client) {
    return commit((doc, now) -> DocumentChanges.connected(doc, id, connectionId, client, now));
  }

  @Override
  public Session markDisconnected(String id, String connectionId, String reason) {
    return commit((doc, now) -> DocumentChanges.disconnected(doc, id, connectionId, reason, now));
  }

  @Override
  public void touch(String id, String connectionId) {
    if (!DocumentChanges.touchWrites(readSession(id).orElse(null), connectionId, clock.instant())) {
      return; // not ours, or refreshed recently enough: no disk write
    }
    commit((doc, now) -> DocumentChanges.touch(doc, id, connectionId, now));
  }

  @Override
  public boolean revoke(String id) {
    return commit((doc, now) -> DocumentChanges.revoke(doc, id, now));
  }

  @Override
  public int purgeExpired() {
    return commit(DocumentChanges::purgeExpired);
  }

  @Override
  public int importSessions(Path source) {
    StoreDocument imported = ImportFile.read(source);
    return commit((doc, now) -> DocumentChanges.addImported(doc, imported, now));
  }

  @Override
  public Optional<BridgeRecord> claimBridge(BridgeRecord mine, Predicate<BridgeRecord> isLive) {
    return commit((doc, now) -> DocumentChanges.claimBridge(doc, mine, isLive, now));
  }

  @Override
  public boolean heartbeatBridge(long pid) {
    return commit((doc, now) -> DocumentChanges.heartbeatBridge(doc, pid, now));
  }

  @Override
  public void releaseBridge(long pid) {
    commit((doc, now) -> DocumentChanges.releaseBridge(doc, pid));
  }

  /** How many changes wait for the next batch (for tests). */
  int queuedChanges() {
    return commits.queued();
  }

  /** The JVM-wide lock of this store's folder (for tests). */
  StoreLock lock() {
    return lock;
  }

  private <T> T commit(GroupCommit.Change<T> change) {
    checkOpen();
    return commits.submit(change);
  }

  /**
   * Commits one batch: lock, read, apply every change in order, record expiries, write once if anything changed.
   * Called by the batch's leader thread only.
   */
  private void commitBatch(List<GroupCommit.Pending<?>> batch) {
    try (StoreLock.Held held = lock.lock(options.lockTimeout())) {
      StoreDocument committed = document.readLocked();
      StoreDocument doc = committed.copy();
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      for (GroupCommit.Pending<?> p : batch) {
        p.applyTo(doc, now);
      }
      DocumentChanges.recordExpiries(doc, now);
      if (doc.dirty || committed.prototype) {
        doc.revision = committed.revision + 1;
        document.replace(committed, doc);
      }
    }
  }

  // ---------------------------------------------------------------- waiting

  @Override
  public Session await(String id, Predicate<Session> condition, Duration timeout) {
    checkOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (FolderWatcher watcher = FolderWatcher.open(dir)) { // before the first look: no change is missed
      return SessionWait.until(id, () -> readSession(id).orElseThrow(() -> new StoreException(
          StoreException.Kind.NOT_FOUND, "no session " + id + " in " + document.path())), condition, timeout, deadline,
          watcher::awaitChange);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store on " + document.path() + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      lock.releaseShared();
    }
  }

  @Override
  public String toString() {
    return "FileSessionStore[" + document.path() + "]";
  }
}
