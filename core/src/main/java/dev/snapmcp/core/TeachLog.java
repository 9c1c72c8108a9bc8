package dev.snapmcp.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The teacher's log (issue 15): one JSON object per line, one file per UTC day, {@code STATE/log/teach-DAY.jsonl},
 * in a private folder (0700, files 0600, never through a link). Nothing leaves the machine.
 *
 * <p>A running process writes through {@link #writer}: the caller hands over a {@link Supplier} of the record and
 * returns at once (a bounded queue, {@value #QUEUE} records; when it is full a record is dropped and counted, never
 * waited for); one daemon thread builds each record and appends it. A day's file holds at most {@link #MAX_FILE_BYTES}:
 * past that, records are written without their pictures, and past a further 8 MiB not at all (counted in the next
 * record's {@code dropped}). Files older than the retention ({@link TeachSettings#logRetentionDays}) are deleted when a
 * writer starts and once a day after.
 */
public final class TeachLog {

  public static final String FOLDER = "log";
  static final int QUEUE = 1024;
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
  static final long HARD_LIMIT = MAX_FILE_BYTES + 8L * 1024 * 1024;
  private static final String PREFIX = "teach-";
  private static final String SUFFIX = ".jsonl";
  private static final Logger LOG = LoggerFactory.getLogger(TeachLog.class);

  private TeachLog() {}

  public static Path folder(Path stateDir) {
    return stateDir.toAbsolutePath().resolve(FOLDER);
  }

  static Path fileOf(Path stateDir, LocalDate day) {
    return folder(stateDir).resolve(PREFIX + day + SUFFIX);
  }

  /** Starts a writer for this state folder; {@code retentionDays} is asked again at each clean-up. */
  public static Writer writer(Path stateDir, IntSupplier retentionDays, Clock clock) {
    return new Writer(stateDir, retentionDays, clock);
  }

  /** The log's files, oldest first, with their day. */
  static List<Path> files(Path stateDir) throws IOException {
    List<Path> files = new ArrayList<>();
    Path dir = folder(stateDir);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      stream.forEach(files::add);
    }
    files.sort(null);
    return files;
  }

  private static LocalDate dayOf(Path file) {
    String name = file.getFileName().toString();
    try {
      return LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The records at or after {@code since} (null: all), of {@code session} (null: every session), oldest first. A line
   * that is not a JSON object (a torn write) is skipped.
   */
  public static List<JsonNode> read(Path stateDir, Instant since, String session) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    LocalDate first = since == null ? null : since.atZone(ZoneOffset.UTC).toLocalDate();
    for (Path file : files(stateDir)) {
      LocalDate day = dayOf(file);
      if (day == null || first != null && day.isBefore(first)) {
        continue;
      }
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          JsonNode record;
          try {
            record = Json.mapper().readTree(line);
          } catch (RuntimeException e) {
            continue;
          }
          if (!record.isObject()) {
            continue;
          }
          Instant at = parse(record.path("at").asString(null));
          if (since != null && (at == null || at.isBefore(since))) {
            continue;
          }
          if (session != null && !session.equals(record.path("session").asString(null))) {
            continue;
          }
          records.add(record);
        }
      } catch (NoSuchFileException e) {
        // purged meanwhile
      }
    }
    return records;
  }

  private static Instant parse(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Deletes every file of the log. @return how many */
  public static int purge(Path stateDir) throws IOException {
    int deleted = 0;
    for (Path file : files(stateDir)) {
      if (Files.deleteIfExists(file)) {
        deleted++;
      }
    }
    return deleted;
  }

  /** Deletes the files of days more than {@code days} before {@code today}. @return how many */
  public static int expire(Path stateDir, int days, LocalDate today) throws IOException {
    int deleted = 0;
    LocalDate oldestKept = today.minusDays(days);
    for (Path file : files(stateDir)) {
      LocalDate day = dayOf(file);
      if (day != null && day.isBefore(oldestKept) && Files.deleteIfExists(file)) {
        deleted++;
      }
    }
    return deleted;
  }

  /** Appends records off the caller's thread. */
  public static final class Writer implements AutoCloseable {
    private final Path stateDir;
    private final IntSupplier retentionDays;
    private final Clock clock;
    private static final Supplier<ObjectNode> END = () -> null;
    private final BlockingQueue<Supplier<ObjectNode>> queue = new ArrayBlockingQueue<>(QUEUE + 1);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private LocalDate expiredOn;

    Writer(Path stateDir, IntSupplier retentionDays, Clock clock) {
      this.stateDir = stateDir.toAbsolutePath();
      this.retentionDays = retentionDays;
      this.clock = clock;
      this.thread = new Thread(this::run, "snap-mcp-teach-log");
      thread.setDaemon(true);
      thread.start();
    }

    /** Queues a record (built later, on the log's thread); never blocks. @return false if it was dropped */
    public boolean record(Supplier<ObjectNode> record) {
      if (closed || queue.size() >= QUEUE || !queue.offer(record)) {
        dropped.incrementAndGet();
        return false;
      }
      return true;
    }

    /** How many records were dropped (queue full, file full). */
    public long dropped() {
      return dropped.get();
    }

    /** Waits until every queued record is written (tests, and a clean exit). */
    public void flush(long timeoutMs) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      synchronized (this) {
        while (!queue.isEmpty() || busy) {
          long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
          if (left <= 0) {
            return;
          }
          wait(Math.min(left, 50));
        }
      }
    }

    private volatile boolean busy;

    private void run() {
      while (true) {
        try {
          Supplier<ObjectNode> next = queue.take();
          if (next == END) {
            return;
          }
          busy = true;
          write(next);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException | IOException e) {
          LOG.warn("could not write the teacher's log: {}", e.toString());
        } finally {
          busy = false;
          synchronized (this) {
            notifyAll();
          }
        }
      }
    }

    private void write(Supplier<ObjectNode> next) throws IOException {
      ObjectNode record = next.get();
      if (record == null) {
        return;
      }
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      Path dir = folder(stateDir);
      Permissions.ensurePrivateFolder(stateDir);
      Permissions.ensurePrivateFolder(dir);
      if (!today.equals(expiredOn)) {
        expiredOn = today;
        int removed = expire(stateDir, retentionDays.getAsInt(), today);
        if (removed > 0) {
          LOG.info("teacher's log: deleted {} day(s) older than {} days", removed, retentionDays.getAsInt());
        }
      }
      Path file = fileOf(stateDir, today);
      long size = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
      if (size >= HARD_LIMIT) {
        dropped.incrementAndGet();
        return;
      }
      if (size >= MAX_FILE_BYTES && record.has("pictures")) {
        record.put("pictures", record.path("pictures").size() + " picture(s) left out: the day's log is full");
      }
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        record.put("dropped", lost);
      }
      byte[] line = (record.toString() + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(file, Permissions.createOptions(StandardOpenOption.WRITE,
              StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), Permissions.privateFileAttributes(dir));
          OutputStream out = Channels.newOutputStream(channel)) {
        out.write(line);
      }
    }

    /** Writes what is queued (for at most 5 s), then stops. */
    @Override
    public void close() {
      closed = true;
      try {
        if (!queue.offer(END, 5, TimeUnit.SECONDS)) {
          thread.interrupt();
        }
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
