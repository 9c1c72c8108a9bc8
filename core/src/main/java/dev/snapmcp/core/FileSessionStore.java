package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on one file, {@code sessions.json}, in a private folder. See docs/store-format.md for the protocol.
 *
 * <p>Writes go through {@link GroupCommit}: the changes of every thread waiting at the same moment are applied to
 * one fresh read of the document under the lock and committed with one durable replace.
 */
final class FileSessionStore implements SessionStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileSessionStore.class);

  static final String FILE_NAME = "sessions.json";
  static final String LOCK_NAME = FILE_NAME + ".lock";
  /** How often a waiter looks at the file even without a folder event (the watcher's fallback). */
  static final Duration POLL_INTERVAL = Duration.ofMillis(25);
  /** A touch within this long of the stored last-seen instant writes nothing. */
  static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(1);

  private static final DateTimeFormatter ASIDE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Tuning for tests and benchmarks. */
  record Options(Duration lockTimeout, boolean groupCommit) {
    static final Options DEFAULT = new Options(Duration.ofSeconds(10), true);
  }

  private final Path dir;
  private final Path file;
  private final Clock clock;
  private final Options options;
  private final StoreLock lock;
  private final GroupCommit commits;
  private volatile boolean closed;

  private FileSessionStore(Path dir, Clock clock, Options options, StoreLock lock) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
    this.clock = clock;
    this.options = options;
    this.lock = lock;
    this.commits = new GroupCommit(options.groupCommit());
  }

  static FileSessionStore open(Path stateDir, Clock clock, Options options) {
    Path requested = stateDir.toAbsolutePath().normalize();
    StoreLock lock;
    Path dir;
    try {
      Permissions.ensurePrivateFolder(requested);
      dir = requested.toRealPath();
      lock = StoreLock.acquireShared(dir.resolve(LOCK_NAME));
      Permissions.repairFile(dir.resolve(LOCK_NAME));
      Permissions.repairFile(dir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO,
          "cannot open the state folder " + requested + ": " + e + " (check that it is yours and writable)", e);
    }
    FileSessionStore store = new FileSessionStore(dir, clock, options, lock);
    try {
      store.cleanStrayTempFiles();
      store.read(); // fails early on a damaged or newer document
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public Path stateDir() {
    return dir;
  }

  // ---------------------------------------------------------------- reads: never locked

  /** The committed document, or an empty one when there is no file yet. */
  StoreDocument read() {
    checkOpen();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return StoreDocument.empty();
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + file + ": " + e, e);
    }
    try {
      return DocumentCodec.parse(bytes);
    } catch (DocumentCodec.BadDocument bad) {
      if (bad.newerVersion) {
        throw newerVersion(bad);
      }
      // Only the lock holder may move the file aside: a writer may have replaced it since we read it.
      try (StoreLock.Held held = lock.lock(options.lockTimeout())) {
        return readLocked();
      }
    }
  }

  /** Reads under the lock; a damaged file is moved aside and reported. */
  private StoreDocument readLocked() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return StoreDocument.empty();
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + file + ": " + e, e);
    }
    try {
      return DocumentCodec.parse(bytes);
    } catch (DocumentCodec.BadDocument bad) {
      if (bad.newerVersion) {
        throw newerVersion(bad);
      }
      Path aside = moveAside("corrupt");
      throw new StoreException(StoreException.Kind.CORRUPT,
          file + " is damaged: " + bad.getMessage() + ". It was moved to " + aside + " and is not used; snap-mcp"
              + " starts a new, empty " + FILE_NAME + " on the next change. To recover, repair " + aside.getFileName()
              + " and move it back, or create new sessions with 'snap-mcp session new'.");
    }
  }

  private StoreException newerVersion(DocumentCodec.BadDocument bad) {
    return new StoreException(StoreException.Kind.NEWER_VERSION,
        file + " cannot be used: " + bad.getMessage() + ". Upgrade snap-mcp, or point this one at another state"
            + " folder with --state-dir. The file was left untouched.");
  }

  /** Renames the current file to {@code sessions.json.<what>-<UTC stamp>}, never overwriting an earlier one. */
  private Path moveAside(String what) {
    String stamp = ASIDE_STAMP.format(clock.instant());
    Path aside = dir.resolve(FILE_NAME + "." + what + "-" + stamp);
    for (int n = 2; Files.exists(aside); n++) {
      aside = dir.resolve(FILE_NAME + "." + what + "-" + stamp + "-" + n);
    }
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      AtomicFileWriter.forceFolder(dir);
      LOG.info("moved the damaged {} aside to {}", file, aside);
      return aside;
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot move the damaged " + file + " aside: " + e, e);
    }
  }

  @Override
  public Optional<Session> get(String id) {
    return Optional.ofNullable(read().sessions.get(id));
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
    String offered = Tokens.hash(token == null ? "" : token); // always hashed, whether or not the id exists
    Session s = id == null ? null : read().sessions.get(id);
    String stored = s == null || s.tokenHash() == null ? Tokens.UNKNOWN_SESSION_HASH : s.tokenHash();
    boolean matches = Tokens.hashesEqual(offered, stored);
    if (s == null || !matches || s.revoked()) {
      return TokenCheck.REJECTED;
    }
    return s.isExpiredAt(clock.instant()) ? TokenCheck.EXPIRED : TokenCheck.VALID;
  }

  // ---------------------------------------------------------------- writes: one group commit each

  @Override
  public NewSession create(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a session's time to live must be positive, not " + ttl);
    }
    String token = Tokens.newToken();
    String hash = Tokens.hash(token);
    Session created = commit((doc, now) -> {
      String id = Tokens.newSessionId();
      while (doc.sessions.containsKey(id)) {
        id = Tokens.newSessionId();
      }
      Session s = new Session(id, hash, now, now.plus(ttl), false, false, null, null, null, null, null, List.of());
      doc.put(s);
      return s;
    });
    return new NewSession(created, token);
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    return commit((doc, now) -> {
      Session next = change.apply(existing(doc, id));
      if (next == null || !id.equals(next.id())) {
        throw new IllegalArgumentException("an update must return the same session, not " + next);
      }
      doc.put(next);
      return next;
    });
  }

  @Override
  public Session markConnected(String id, String connectionId, ClientInfo client) {
    return commit((doc, now) -> {
      Session next = SessionChanges.connected(existing(doc, id), connectionId, client, now);
      doc.put(next);
      return next;
    });
  }

  @Override
  public Session markDisconnected(String id, String connectionId, String reason) {
    return commit((doc, now) -> {
      Session next = SessionChanges.disconnected(existing(doc, id), connectionId, reason, now);
      doc.put(next);
      return next;
    });
  }

  @Override
  public void touch(String id, String connectionId) {
    Session seen = read().sessions.get(id);
    if (!isCurrent(seen, connectionId)
        || (seen.lastSeenAt() != null && seen.lastSeenAt().plus(TOUCH_GRANULARITY).isAfter(clock.instant()))) {
      return; // not ours, or refreshed recently enough: no disk write
    }
    commit((doc, now) -> {
      Session s = doc.sessions.get(id);
      if (isCurrent(s, connectionId)) {
        doc.put(SessionChanges.seen(s, now));
      }
      return null;
    });
  }

  private static boolean isCurrent(Session s, String connectionId) {
    return s != null && s.connected() && connectionId != null && connectionId.equals(s.connectionId());
  }

  @Override
  public boolean revoke(String id) {
    return commit((doc, now) -> {
      Session s = doc.sessions.get(id);
      if (s == null) {
        return false;
      }
      if (!s.revoked()) {
        doc.put(SessionChanges.revoked(s, now));
      }
      return true;
    });
  }

  @Override
  public int purgeExpired() {
    return commit((doc, now) -> {
      List<String> gone = new ArrayList<>();
      for (Session s : doc.sessions.values()) {
        if (s.revoked() || s.isExpiredAt(now)) {
          gone.add(s.id());
        }
      }
      gone.forEach(doc::remove);
      return gone.size();
    });
  }

  @Override
  public int importSessions(Path source) {
    StoreDocument imported;
    try {
      imported = DocumentCodec.parse(Files.readAllBytes(source));
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + source + ": " + e, e);
    } catch (DocumentCodec.BadDocument bad) {
      throw new StoreException(bad.newerVersion ? StoreException.Kind.NEWER_VERSION : StoreException.Kind.CORRUPT,
          "cannot import " + source + ": " + bad.getMessage() + ". Nothing was imported.");
    }
    return commit((doc, now) -> {
      int added = 0;
      for (Session s : imported.sessions.values()) {
        if (!doc.sessions.containsKey(s.id())) {
          // Whatever connection the other file knew of belongs to another bridge: imported sessions start idle.
          doc.put(SessionChanges.copy(s, s.revoked(), false, s.connectionId(), s.connectedAt(),
              s.connected() ? now : s.disconnectedAt(), s.lastSeenAt(), s.client(), s.expiresAt(), s.history()));
          added++;
        }
      }
      return added;
    });
  }

  @Override
  public Optional<BridgeRecord> claimBridge(BridgeRecord mine, Predicate<BridgeRecord> isLive) {
    return commit((doc, now) -> {
      BridgeRecord current = doc.bridge;
      if (current != null && current.pid() != mine.pid() && isLive.test(current)) {
        return Optional.of(current);
      }
      doc.setBridge(mine);
      for (Session s : new ArrayList<>(doc.sessions.values())) {
        if (s.connected()) {
          doc.put(SessionChanges.disconnected(s, s.connectionId(), "bridge_restarted", now));
        }
      }
      return Optional.<BridgeRecord>empty();
    });
  }

  @Override
  public boolean heartbeatBridge(long pid) {
    return commit((doc, now) -> {
      BridgeRecord b = doc.bridge;
      if (b == null || b.pid() != pid) {
        return false;
      }
      doc.setBridge(new BridgeRecord(b.pid(), b.host(), b.port(), b.startedAt(), now, b.version()));
      return true;
    });
  }

  @Override
  public void releaseBridge(long pid) {
    commit((doc, now) -> {
      if (doc.bridge != null && doc.bridge.pid() == pid) {
        doc.setBridge(null);
      }
      return null;
    });
  }

  private static Session existing(StoreDocument doc, String id) {
    Session s = id == null ? null : doc.sessions.get(id);
    if (s == null) {
      throw new StoreException(StoreException.Kind.NOT_FOUND, "no session " + id);
    }
    return s;
  }

  /** A change to the document: pure apart from changing {@code doc}; throws before changing anything. */
  interface Change<T> {
    T apply(StoreDocument doc, Instant now);
  }

  private <T> T commit(Change<T> change) {
    checkOpen();
    return commits.submit(change);
  }

  /**
   * Commits one batch: lock, read, apply every change in order, record expiries, write once if anything changed.
   * Called by the batch's leader thread only.
   */
  private void commitBatch(List<GroupCommit.Pending<?>> batch) {
    try (StoreLock.Held held = lock.lock(options.lockTimeout())) {
      StoreDocument committed = readLocked();
      StoreDocument doc = committed.copy();
      Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      for (GroupCommit.Pending<?> p : batch) {
        p.applyTo(doc, now);
      }
      recordExpiries(doc, now);
      if (doc.dirty || committed.prototype) {
        doc.revision = committed.revision + 1;
        byte[] bytes = DocumentCodec.write(doc);
        try {
          if (committed.prototype) {
            keepPrototype();
          }
          AtomicFileWriter.replace(file, bytes);
        } catch (AtomicMoveNotSupportedException e) {
          throw new StoreException(StoreException.Kind.IO,
              "the file system of " + dir + " cannot rename atomically; use a local folder with --state-dir", e);
        } catch (IOException e) {
          throw new StoreException(StoreException.Kind.IO,
              "cannot write " + file + ": " + e.getMessage() + " (is the disk full or the folder read-only?)", e);
        }
      }
    }
  }

  /** Before the first write over a prototype document, its original is kept beside it. */
  private void keepPrototype() throws IOException {
    String stamp = ASIDE_STAMP.format(clock.instant());
    Path kept = dir.resolve(FILE_NAME + ".prototype-" + stamp);
    for (int n = 2; Files.exists(kept); n++) {
      kept = dir.resolve(FILE_NAME + ".prototype-" + stamp + "-" + n);
    }
    AtomicFileWriter.replace(kept, Files.readAllBytes(file));
    LOG.info("migrated the prototype's {}; the original is kept as {}", file, kept);
  }

  private static void recordExpiries(StoreDocument doc, Instant now) {
    for (Session s : new ArrayList<>(doc.sessions.values())) {
      if (s.isExpiredAt(now) && !s.revoked() && !SessionChanges.hasExpiredEvent(s)) {
        doc.put(SessionChanges.expired(s, now));
      }
    }
  }

  // ---------------------------------------------------------------- waiting

  @Override
  public Session await(String id, Predicate<Session> condition, Duration timeout) {
    checkOpen();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (WatchService watcher = dir.getFileSystem().newWatchService()) {
      // Registered before the first look, so a change made between the look and the wait is not missed.
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      while (true) {
        Session s = read().sessions.get(id);
        if (s == null) {
          throw new StoreException(StoreException.Kind.NOT_FOUND, "no session " + id + " in " + file);
        }
        if (condition.test(s)) {
          return s;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StoreException(StoreException.Kind.TIMEOUT,
              "session " + id + " did not reach the awaited state within " + timeout.toMillis() + " ms");
        }
        // Wakes on a folder event or after the polling interval, whichever comes first.
        WatchKey key = watcher.poll(Math.min(left, POLL_INTERVAL.toNanos()), TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    } catch (IOException | ClosedWatchServiceException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot watch " + dir + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.TIMEOUT, "interrupted while waiting for session " + id, e);
    }
  }

  // ---------------------------------------------------------------- housekeeping

  /**
   * Deletes temporary files a killed writer left. Only a lock holder writes temporary files, so while we hold the
   * lock every one we see is stray; if another process holds it right now we leave them for a later open.
   */
  private void cleanStrayTempFiles() {
    StoreLock.Held held;
    try {
      held = lock.lock(Duration.ZERO);
    } catch (StoreException busy) {
      if (busy.kind() == StoreException.Kind.BUSY) {
        return;
      }
      throw busy;
    }
    try (held; DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (AtomicFileWriter.isTemp(FILE_NAME, name)) {
          Files.deleteIfExists(p);
          LOG.info("deleted {}, left by a writer that was killed", p);
        } else if (name.startsWith(FILE_NAME)) {
          Permissions.repairFile(p); // aside copies hold token hashes (a prototype's even tokens)
        }
      }
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot clean up " + dir + ": " + e, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store on " + file + " is closed");
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
    return "FileSessionStore[" + file + "]";
  }

  /**
   * Batches the changes of concurrent callers: each caller queues its change; whichever caller becomes leader drains
   * the queue and commits it as one batch; the others find their change done when they get their turn.
   */
  final class GroupCommit {
    private final boolean enabled;
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending<?>> queue =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.locks.ReentrantLock leader = new java.util.concurrent.locks.ReentrantLock();

    GroupCommit(boolean enabled) {
      this.enabled = enabled;
    }

    <T> T submit(Change<T> change) {
      Pending<T> mine = new Pending<>(change);
      queue.add(mine);
      long deadline = System.nanoTime() + options.lockTimeout().toNanos();
      while (!mine.done) {
        boolean lead;
        try {
          lead = leader.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          lead = false;
        }
        if (!lead) {
          if (queue.remove(mine)) { // not taken by a leader: safe to give up
            throw new StoreException(StoreException.Kind.BUSY, "store busy: other threads of this process have"
                + " been committing to " + file + " for more than " + options.lockTimeout().toMillis() + " ms");
          }
          // A leader has it: its batch ends within its own bounded wait.
          leader.lock();
          leader.unlock();
          continue;
        }
        try {
          if (mine.done) {
            break;
          }
          List<Pending<?>> batch = new ArrayList<>();
          for (Pending<?> p; (enabled || batch.isEmpty()) && (p = queue.poll()) != null; ) {
            batch.add(p);
          }
          try {
            commitBatch(batch);
          } catch (RuntimeException | Error e) {
            for (Pending<?> p : batch) {
              p.fail(e);
            }
          }
          for (Pending<?> p : batch) {
            p.done = true;
          }
        } finally {
          leader.unlock();
        }
      }
      return mine.result();
    }

    /** One queued change and, once its batch is committed, its outcome. */
    final class Pending<T> {
      private final Change<T> change;
      private T value;
      private RuntimeException changeFailure;
      private Throwable commitFailure;
      volatile boolean done;

      Pending(Change<T> change) {
        this.change = change;
      }

      void applyTo(StoreDocument doc, Instant now) {
        try {
          value = change.apply(doc, now);
        } catch (RuntimeException e) {
          changeFailure = e; // this change only; the rest of the batch goes on
        }
      }

      void fail(Throwable e) {
        commitFailure = e;
      }

      T result() {
        if (commitFailure instanceof RuntimeException r) {
          throw r;
        }
        if (commitFailure instanceof Error e) {
          throw e;
        }
        if (changeFailure != null) {
          throw changeFailure;
        }
        return value;
      }
    }
  }
}
