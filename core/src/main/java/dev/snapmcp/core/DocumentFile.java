package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed {@code sessions.json} of one state folder: read without the lock (the whole document through the
 * {@link ParseCache}, or one session through a streaming lookup), read under the lock (where a damaged file is moved
 * aside and reported), and replaced by a commit (the prototype's original kept beside it first). A file over {@link
 * StateFiles#SESSIONS_MAX_BYTES} is damaged by its size alone and never read; a commit never writes one; a symbolic
 * link is never followed. What the file's content means is {@link DocumentCodec}'s and {@link DocumentWriter}'s; when
 * to read and write it is {@link FileSessionStore}'s.
 */
final class DocumentFile {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentFile.class);
  private static final String FILE_NAME = StateFiles.SESSIONS;
  private static final String LIMIT = FileReads.describe(StateFiles.SESSIONS_MAX_BYTES);
  private static final DateTimeFormatter ASIDE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final Path file;
  private final Clock clock;
  private final StoreLock lock;
  private final Duration lockTimeout;
  private final ParseCache parsed = new ParseCache();

  DocumentFile(Path dir, Clock clock, StoreLock lock, Duration lockTimeout) {
    this.dir = dir;
    this.file = StateFiles.sessions(dir);
    this.clock = clock;
    this.lock = lock;
    this.lockTimeout = lockTimeout;
  }

  Path path() {
    return file;
  }

  /** The committed document, or an empty one when there is no file yet. Shared: do not change it. */
  StoreDocument read() {
    byte[] bytes;
    try {
      bytes = committedBytes();
    } catch (FileReads.TooLarge big) {
      return readUnderLock();
    }
    if (bytes == null) {
      return StoreDocument.empty();
    }
    try {
      return parsed.parse(bytes);
    } catch (DocumentCodec.BadDocument bad) {
      if (bad.newerVersion) {
        throw newerVersion(bad);
      }
      return readUnderLock();
    }
  }

  /** Only the lock holder may move the file aside: a writer may have replaced it since we read it. */
  private StoreDocument readUnderLock() {
    try (StoreLock.Held held = lock.lock(lockTimeout)) {
      return readLocked();
    }
  }

  /**
   * One committed session, read without a lock like {@link #read()}, but without parsing the whole document when this
   * exact content was not parsed before (a hello, a waiter, another process's commit): a streaming lookup finds just
   * {@code sessions.<id>}. Damage, or the prototype's format, is left to the full read, which reports it as before.
   */
  Optional<Session> readSession(String id) {
    if (id == null) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = committedBytes();
    } catch (FileReads.TooLarge big) {
      return Optional.ofNullable(read().sessions.get(id)); // the full read reports it
    }
    if (bytes == null) {
      return Optional.empty();
    }
    StoreDocument known = parsed.find(bytes);
    if (known != null) {
      return Optional.ofNullable(known.sessions.get(id));
    }
    try {
      SessionLookup.Found found = SessionLookup.find(bytes, id);
      if (found != null) {
        return Optional.ofNullable(found.session());
      }
    } catch (DocumentCodec.BadDocument bad) {
      throw newerVersion(bad); // the lookup reports only a newer version; anything else answers null
    }
    return Optional.ofNullable(read().sessions.get(id));
  }

  /** Reads under the lock (the caller holds it); a damaged file is moved aside and reported. */
  StoreDocument readLocked() {
    byte[] bytes;
    try {
      bytes = committedBytes();
    } catch (FileReads.TooLarge big) {
      Path aside = moveAside("corrupt");
      throw new StoreException(StoreException.Kind.CORRUPT,
          file + " is " + big.size + " bytes, over the store's limit of " + LIMIT + ". It was moved to " + aside
              + " unread and is not used; snap-mcp starts a new, empty " + FILE_NAME + " on the next change. A store"
              + " this big is not one snap-mcp wrote: create new sessions with 'snap-mcp session new'.");
    }
    if (bytes == null) {
      return StoreDocument.empty();
    }
    try {
      return parsed.parse(bytes);
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
   * Writes {@code doc} (its revision already set) over {@code committed}, the document read under the same hold of
   * the lock, durably. Before the first write over a prototype document, its original is kept beside it.
   */
  void replace(StoreDocument committed, StoreDocument doc) {
    Map<String, DocumentWriter.SessionJson> sessionJson = new HashMap<>();
    byte[] bytes = DocumentWriter.write(doc, parsed.sessionJson(), sessionJson);
    if (bytes.length > StateFiles.SESSIONS_MAX_BYTES) {
      throw new StoreException(StoreException.Kind.IO,
          "this change would make " + file + " " + bytes.length + " bytes, over the store's limit of " + LIMIT
              + "; nothing was written. Remove expired and revoked sessions with 'snap-mcp session purge' and try"
              + " again.");
    }
    try {
      if (committed.prototype) {
        keepPrototype();
      }
      // What a parse of these bytes would give, known before the rename: a reader that sees the new file while
      // this commit still forces the folder finds it, and neither it nor the next commit parses these bytes.
      // Harmless if the replace fails: the cache answers only for a file holding exactly these bytes.
      parsed.written(bytes, new StoreDocument(committed.prototype ? null : doc.rawTop, doc.revision,
          doc.sessions, doc.rawSessions, doc.bridge, doc.rawBridge, false), sessionJson);
      AtomicFileWriter.replace(file, bytes);
    } catch (AtomicMoveNotSupportedException e) {
      throw new StoreException(StoreException.Kind.IO,
          "the file system of " + dir + " cannot rename atomically; use a local folder with --state-dir", e);
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO,
          "cannot write " + file + ": " + e.getMessage() + " (is the disk full or the folder read-only?)", e);
    }
  }

  /**
   * The committed file's bytes, or null when there is no file yet; never through a symbolic link, and never a file
   * over the limit (judged by its size, before reading).
   */
  private byte[] committedBytes() throws FileReads.TooLarge {
    try {
      return FileReads.read(file, StateFiles.SESSIONS_MAX_BYTES);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileReads.TooLarge e) {
      throw e;
    } catch (FileReads.Refused e) {
      throw new StoreException(StoreException.Kind.IO, e.getMessage(), e);
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + file + ": " + e, e);
    }
  }

  private StoreException newerVersion(DocumentCodec.BadDocument bad) {
    return new StoreException(StoreException.Kind.NEWER_VERSION,
        file + " cannot be used: " + bad.getMessage() + ". Upgrade snap-mcp, or point this one at another state"
            + " folder with --state-dir. The file was left untouched.");
  }

  /** Renames the current file to {@code sessions.json.<what>-<UTC stamp>}, never overwriting an earlier one. */
  private Path moveAside(String what) {
    Path aside = asideName(what);
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      AtomicFileWriter.forceFolder(dir);
      LOG.info("moved the damaged {} aside to {}", file, aside);
      return aside;
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot move the damaged " + file + " aside: " + e, e);
    }
  }

  /** Keeps a copy of the prototype's original before it is first replaced. */
  private void keepPrototype() throws IOException {
    Path kept = asideName("prototype");
    AtomicFileWriter.replace(kept, FileReads.read(file, StateFiles.SESSIONS_MAX_BYTES));
    LOG.info("migrated the prototype's {}; the original is kept as {}", file, kept);
  }

  /** {@code sessions.json.<what>-<UTC stamp>}, numbered {@code -2}, {@code -3}, ... when that name is taken. */
  private Path asideName(String what) {
    String stamp = ASIDE_STAMP.format(clock.instant());
    Path aside = dir.resolve(FILE_NAME + "." + what + "-" + stamp);
    for (int n = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); n++) {
      aside = dir.resolve(FILE_NAME + "." + what + "-" + stamp + "-" + n);
    }
    return aside;
  }
}
