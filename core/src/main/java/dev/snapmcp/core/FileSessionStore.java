package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
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
  /**
   * The documents last read or written, keyed by their exact bytes: the same bytes need no second parse. Content
   * addressed, so it can never serve a stale document: every read still reads the file, and only a byte-for-byte
   * equal content is answered from here.
   */
  private final ParseCache parsed = new ParseCache();

  /** What the last write wrote for each session, by id; only the committing leader uses it. */
  private Map<String, DocumentCodec.SessionJson> lastSessionJson = new HashMap<>();

  /** A document and the exact file content it came from (or was written as). Never changed once made. */
  private record Parsed(byte[] bytes, StoreDocument doc) {}

  /**
   * The last few parses, newest first. More than one, because a reader that read the file just before (or while) a
   * commit of this process replaced it holds the previous content: with a single entry its parse would evict the
   * newer one, and every later reader would parse again.
   */
  private static final class ParseCache {
    private static final int SIZE = 4;
    private volatile Parsed[] entries = new Parsed[0];

    StoreDocument find(byte[] bytes) {
      for (Parsed p : entries) {
        if (p.bytes().length == bytes.length && Arrays.equals(p.bytes(), bytes)) {
          return p.doc();
        }
      }
      return null;
    }

    synchronized void add(Parsed p) {
      Parsed[] old = entries;
      Parsed[] next = new Parsed[Math.min(SIZE, old.length + 1)];
      next[0] = p;
      int n = 1;
      for (int i = 0; i < old.length && n < next.length; i++) {
        if (!Arrays.equals(old[i].bytes(), p.bytes())) {
          next[n++] = old[i];
        }
      }
      entries = n == next.length ? next : Arrays.copyOf(next, n);
    }
  }

  private FileSessionStore(Path dir, Clock clock, Options options, StoreLock lock) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
    this.clock = clock;
    this.options = options;
    this.lock = lock;
    this.commits = new GroupCommit(options.groupCommit(), options.lockTimeout(), file, this::commitBatch);
  }

  static FileSessionStore open(Path stateDir, Clock clock, Options options) {
    Path requested = stateDir.toAbsolutePath().normalize();
    StoreLock lock;
    Path dir;
    try {
      Permissions.ensurePrivateFolder(requested);
      dir = requested.toRealPath();
      Permissions.repairFile(dir.resolve(LOCK_NAME));
      Permissions.repairFile(dir.resolve(FILE_NAME));
      lock = StoreLock.acquireShared(dir.resolve(LOCK_NAME)); // creates the lock file 0600 if needed
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
    byte[] bytes = committedBytes();
    if (bytes == null) {
      return StoreDocument.empty();
    }
    try {
      return parse(bytes);
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

  /**
   * One committed session, read without a lock like {@link #read()}, but without parsing the whole document when this
   * exact content was not parsed before (a hello, a waiter, another process's commit): a streaming lookup finds just
   * {@code sessions.<id>}. Damage, or the prototype's format, is left to the full read, which reports it as before.
   */
  private Optional<Session> readSession(String id) {
    checkOpen();
    if (id == null) {
      return Optional.empty();
    }
    byte[] bytes = committedBytes();
    if (bytes == null) {
      return Optional.empty();
    }
    StoreDocument known = parsed.find(bytes);
    if (known != null) {
      return Optional.ofNullable(known.sessions.get(id));
    }
    try {
      DocumentCodec.Found found = DocumentCodec.findSession(bytes, id);
      if (found != null) {
        return Optional.ofNullable(found.session());
      }
    } catch (DocumentCodec.BadDocument bad) {
      throw newerVersion(bad); // findSession reports only a newer version; anything else answers null
    }
    return Optional.ofNullable(read().sessions.get(id));
  }

  /** The committed file's bytes, or null when there is no file yet. */
  private byte[] committedBytes() {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + file + ": " + e, e);
    }
  }

  /** Reads under the lock; a damaged file is moved aside and reported. */
  private StoreDocument readLocked() {
    byte[] bytes = committedBytes();
    if (bytes == null) {
      return StoreDocument.empty();
    }
    try {
      return parse(bytes);
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

  /**
   * Parses, or reuses the last document when the bytes are exactly the same (compared in full: file metadata such as
   * inode, size and a coarse mtime can repeat across different contents). The result is shared: callers must not
   * change it ({@link StoreDocument#copy()} first).
   */
  private StoreDocument parse(byte[] bytes) throws DocumentCodec.BadDocument {
    StoreDocument known = parsed.find(bytes);
    if (known != null) {
      return known;
    }
    StoreDocument doc = DocumentCodec.parse(bytes);
    parsed.add(new Parsed(bytes, doc));
    return doc;
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
    String offered = Tokens.hash(token == null ? "" : token); // always hashed, whether or not the id exists
    checkOpen();
    Session s = readSession(id).orElse(null);
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
    return commitSession(id, (current, now) -> {
      Session next = change.apply(current);
      if (next == null || !id.equals(next.id())) {
        throw new IllegalArgumentException("an update must return the same session, not " + next);
      }
      return next;
    });
  }

  @Override
  public Session markConnected(String id, String connectionId, ClientInfo client) {
    return commitSession(id, (current, now) -> SessionChanges.connected(current, connectionId, client, now));
  }

  @Override
  public Session markDisconnected(String id, String connectionId, String reason) {
    return commitSession(id, (current, now) -> SessionChanges.disconnected(current, connectionId, reason, now));
  }

  /** Commits the change of one existing session (NOT_FOUND if there is none) and returns it as committed. */
  private Session commitSession(String id, BiFunction<Session, Instant, Session> change) {
    return commit((doc, now) -> {
      Session next = change.apply(existing(doc, id), now);
      doc.put(next);
      return next;
    });
  }

  @Override
  public void touch(String id, String connectionId) {
    Session seen = readSession(id).orElse(null);
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
      StoreDocument committed = readLocked();
      StoreDocument doc = committed.copy();
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      for (GroupCommit.Pending<?> p : batch) {
        p.applyTo(doc, now);
      }
      recordExpiries(doc, now);
      if (doc.dirty || committed.prototype) {
        doc.revision = committed.revision + 1;
        Map<String, DocumentCodec.SessionJson> sessionJson = new HashMap<>();
        byte[] bytes = DocumentCodec.write(doc, lastSessionJson, sessionJson);
        try {
          if (committed.prototype) {
            keepPrototype();
          }
          // What a parse of these bytes would give, known before the rename: a reader that sees the new file while
          // this commit still forces the folder finds it, and neither it nor the next commit parses these bytes.
          // Harmless if the replace fails: the cache answers only for a file holding exactly these bytes.
          parsed.add(new Parsed(bytes, new StoreDocument(committed.prototype ? null : doc.rawTop, doc.revision,
              doc.sessions, doc.rawSessions, doc.bridge, doc.rawBridge, false)));
          AtomicFileWriter.replace(file, bytes);
          lastSessionJson = sessionJson;
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
    WatchService watcher = openWatcher();
    try {
      while (true) {
        Session s = readSession(id).orElse(null);
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
        long wait = Math.min(left, POLL_INTERVAL.toNanos());
        if (watcher == null) {
          TimeUnit.NANOSECONDS.sleep(wait); // no watcher available: polling alone
          continue;
        }
        WatchKey key = watcher.poll(wait, TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Kind.TIMEOUT, "interrupted while waiting for session " + id, e);
    } finally {
      if (watcher != null) {
        WATCHER_CLOSER.execute(() -> {
          try {
            watcher.close();
          } catch (IOException ignored) {
            // closing an inotify instance does not fail in practice; nothing to recover
          }
        });
      }
    }
  }

  /**
   * Closes await's folder watchers off the caller's path: closing an inotify instance waits for a kernel grace period
   * (7 to 20 ms measured on Linux), which await's caller would otherwise pay after its condition already held.
   */
  private static final java.util.concurrent.Executor WATCHER_CLOSER =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "snap-mcp-store-watcher-closer");
        t.setDaemon(true);
        return t;
      });

  /**
   * A watcher registered on the folder before the first look, so a change made between the look and the wait is not
   * missed; null when none can be had (e.g. the per-user inotify limit is reached): then polling alone serves.
   */
  private WatchService openWatcher() {
    WatchService watcher = null;
    try {
      watcher = dir.getFileSystem().newWatchService();
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      return watcher;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot watch {} ({}); polling every {} ms instead", dir, e, POLL_INTERVAL.toMillis());
      if (watcher != null) {
        try {
          watcher.close();
        } catch (IOException ignored) {
          // already failing over to polling
        }
      }
      return null;
    }
  }

  // ---------------------------------------------------------------- housekeeping

  /**
   * Deletes temporary files a killed writer left. Only a lock holder writes temporary files, so while we hold the
   * lock no one is writing any; as a second guard against programs that break that rule, a file is deleted only if
   * the pid in its name ({@code sessions.json.<pid>.<n>.tmp}) is not alive, is ours, or the file is older than {@link
   * #STRAY_AGE} (the pid may have been reused). If another process holds the lock right now, cleaning waits for a
   * later open.
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
          if (isStray(p, name)) {
            Files.deleteIfExists(p);
            LOG.info("deleted {}, left by a writer that was killed", p);
          }
        } else if (name.startsWith(FILE_NAME)) {
          Permissions.repairFile(p); // aside copies hold token hashes (a prototype's even tokens)
        }
      }
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot clean up " + dir + ": " + e, e);
    }
  }

  /** Temporary files older than this are stray whatever their pid says. */
  static final Duration STRAY_AGE = Duration.ofMinutes(10);

  private static boolean isStray(Path temp, String name) throws IOException {
    String[] parts = name.substring(FILE_NAME.length() + 1).split("\\.");
    long pid;
    try {
      pid = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      pid = -1; // not our naming: judged by age alone
    }
    boolean writerGone = pid > 0
        && (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    boolean old = Files.getLastModifiedTime(temp).toInstant().plus(STRAY_AGE).isBefore(Instant.now());
    return writerGone || old;
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
}
