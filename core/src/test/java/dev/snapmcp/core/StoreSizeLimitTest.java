package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.MutableClock;
import dev.snapmcp.core.testing.TempStateDir;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, availability: a 100 MB {@code sessions.json} made {@code session list} and {@code doctor} print a raw
 * OutOfMemoryError. The store now refuses a file over its documented limit (4 MiB) by its size alone, in one line that
 * names the file and its size, and moves it aside like any damaged file; and it never writes a document past the limit.
 */
class StoreSizeLimitTest {

  /** The limit {@code docs/store-format.md} documents. */
  private static final int LIMIT = 4 * 1024 * 1024;

  private final TempStateDir state = TempStateDir.create();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

  @AfterEach
  void cleanUp() {
    state.close();
  }

  @Test
  void aHugeFileIsRefusedByItsSizeInOneLineAndMovedAside() throws Exception {
    Files.createDirectories(state.path());
    try (RandomAccessFile huge = new RandomAccessFile(state.sessionsFile().toFile(), "rw")) {
      huge.setLength(100_000_000); // sparse: costs no disk
    }
    long allocatedBefore = allocatedByThisThread();

    StoreException e = assertThrows(StoreException.class, () -> state.open(clock));

    long allocated = allocatedByThisThread() - allocatedBefore;
    assertTrue(allocated < 16 * 1024 * 1024, "reading the size cost " + allocated + " bytes of heap");
    assertEquals(StoreException.Kind.CORRUPT, e.kind());
    String message = e.getMessage();
    assertFalse(message.contains("\n"), "one line: " + message);
    assertTrue(message.contains(state.sessionsFile().toString()), message);
    assertTrue(message.contains("100000000 bytes"), message);
    assertTrue(message.contains("4 MiB"), message);
    Path aside = onlyAside();
    assertTrue(message.contains(aside.toString()), message);
    assertEquals(100_000_000, Files.size(aside));
    assertFalse(Files.exists(state.sessionsFile()));

    try (SessionStore store = state.open(clock)) {
      assertEquals(List.of(), store.list());
      store.create(Duration.ofHours(1));
    }
  }

  @Test
  void aFileAtTheLimitIsStillRead() throws Exception {
    Files.createDirectories(state.path());
    Files.write(state.sessionsFile(), padded(LIMIT));
    try (SessionStore store = state.open(clock)) {
      assertEquals(7, store.revision());
    }
  }

  @Test
  void aCommitThatWouldPassTheLimitIsRefusedAndChangesNothing() throws Exception {
    Files.createDirectories(state.path());
    byte[] original = padded(LIMIT - 64); // a new session adds far more than 64 bytes
    Files.write(state.sessionsFile(), original);
    try (SessionStore store = state.open(clock)) {
      StoreException e = assertThrows(StoreException.class, () -> store.create(Duration.ofHours(1)));
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(e.getMessage().contains("4 MiB"), e.getMessage());
      assertTrue(e.getMessage().contains("snap-mcp session purge"), e.getMessage());
      assertEquals(7, store.revision());
    }
    assertArrayEquals(original, Files.readAllBytes(state.sessionsFile()));
  }

  @Test
  void importingAHugeFileIsRefusedInOneLine() throws Exception {
    Path huge = state.path().resolveSibling("active_sessions.json");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(100_000_000);
    }
    try (SessionStore store = state.open(clock)) {
      StoreException e = assertThrows(StoreException.class, () -> store.importSessions(huge));
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(e.getMessage().contains("100000000 bytes"), e.getMessage());
      assertEquals(List.of(), store.list());
    }
  }

  /** A good document of exactly {@code size} bytes, revision 7, padded by an unknown top-level field. */
  private static byte[] padded(int size) {
    String start = "{\"format\":\"snap-mcp-sessions\",\"version\":\"1.0\",\"revision\":7,\"sessions\":{},"
        + "\"bridge\":null,\"padding\":\"";
    String end = "\"}\n";
    return (start + "x".repeat(size - start.length() - end.length()) + end).getBytes(StandardCharsets.UTF_8);
  }

  private static long allocatedByThisThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private Path onlyAside() throws Exception {
    try (Stream<Path> files = Files.list(state.path())) {
      List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("sessions.json.corrupt-")).toList();
      assertEquals(1, aside.size(), aside.toString());
      return aside.get(0);
    }
  }
}
