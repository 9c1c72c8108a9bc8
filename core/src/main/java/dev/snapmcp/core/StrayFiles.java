package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The housekeeping a store does when it opens: temporary files a killed writer left are deleted, and the copies of
 * {@code sessions.json} kept aside get their private mode back (they hold token hashes, a prototype's even tokens).
 * Neither follows a symbolic link: a link of a temporary file's name is deleted as a link, one of an aside copy's
 * name is left alone.
 */
final class StrayFiles {

  private static final Logger LOG = LoggerFactory.getLogger(StrayFiles.class);

  /** Temporary files older than this are stray whatever their pid says. */
  static final Duration STRAY_AGE = Duration.ofMinutes(10);

  private static final String FILE_NAME = StateFiles.SESSIONS;

  private StrayFiles() {}

  /**
   * Cleans {@code dir}. Only a lock holder writes temporary files, so while we hold the lock no one is writing any; as
   * a second guard against programs that break that rule, a file is deleted only if the pid in its name ({@code
   * sessions.json.<pid>.<n>.tmp}) is not alive, is ours, or the file is older than {@link #STRAY_AGE} (the pid may
   * have been reused). If another process holds the lock right now, cleaning waits for a later open.
   */
  static void clean(Path dir, StoreLock lock) {
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
          repairAside(p);
        }
      }
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot clean up " + dir + ": " + e, e);
    }
  }

  /**
   * Aside copies hold token hashes (a prototype's even tokens): back to 0600. A link or other odd file of such a name is
   * left alone, reported, and does not stop the store (sessions.json itself and its lock are checked where they are
   * used).
   */
  private static void repairAside(Path p) throws IOException {
    try {
      Permissions.repairFile(p);
    } catch (FileReads.Refused odd) {
      LOG.warn("left alone: {}", odd.getMessage());
    }
  }

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
    boolean old = Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toInstant().plus(STRAY_AGE)
        .isBefore(Instant.now());
    return writerGone || old;
  }
}
