package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TeachLogTest {

  @TempDir Path dir;

  private static ObjectNode record(String at, String session, String tool) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("at", at);
    r.put("session", session);
    r.put("tool", tool);
    return r;
  }

  @Test
  void recordsAreWrittenPrivatelyAndReadBackBySessionAndTime() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    try (TeachLog.Writer log = TeachLog.writer(dir, () -> 30, clock)) {
      log.record(() -> record("2026-12-03T09:00:00Z", "sess_a", "snap_add_script"));
      log.record(() -> record("2026-12-03T09:30:00Z", "sess_b", "snap_run"));
      log.record(() -> record("2026-12-03T09:45:00Z", "sess_a", "snap_screenshot"));
      log.flush(5000);
    }
    assertEquals(3, TeachLog.read(dir, null, null).size());
    List<JsonNode> a = TeachLog.read(dir, Instant.parse("2026-12-03T09:10:00Z"), "sess_a");
    assertEquals(1, a.size());
    assertEquals("snap_screenshot", a.get(0).path("tool").asString());
    Path file = TeachLog.fileOf(dir, LocalDate.of(2026, 12, 3));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(TeachLog.folder(dir))));
  }

  @Test
  void oldDaysExpireAndPurgeDeletesEverything() throws Exception {
    Files.createDirectories(TeachLog.folder(dir));
    Files.writeString(TeachLog.fileOf(dir, LocalDate.of(2026, 10, 1)), "{\"at\":\"2026-10-01T08:00:00Z\"}\n");
    Files.writeString(TeachLog.fileOf(dir, LocalDate.of(2026, 11, 20)), "{\"at\":\"2026-11-20T08:00:00Z\"}\n");
    Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    try (TeachLog.Writer log = TeachLog.writer(dir, () -> 30, clock)) {
      log.record(() -> record("2026-12-03T10:00:00Z", "sess_a", "snap_run"));
      log.flush(5000);
    }
    List<JsonNode> left = TeachLog.read(dir, null, null);
    assertEquals(2, left.size(), "the day from October is past 30 days: " + left);
    assertFalse(Files.exists(TeachLog.fileOf(dir, LocalDate.of(2026, 10, 1))));
    assertEquals(2, TeachLog.purge(dir));
    assertTrue(TeachLog.read(dir, null, null).isEmpty());
  }

  @Test
  void aFullQueueDropsAndNeverBlocksTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TeachLog.Writer log = TeachLog.writer(dir, () -> 30, Clock.systemUTC())) {
      log.record(() -> {
        try {
          release.await(10, TimeUnit.SECONDS); // the log's thread is stuck on a slow disk
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return record(Instant.now().toString(), "sess_a", "first");
      });
      long start = System.nanoTime();
      int accepted = 0;
      for (int i = 0; i < TeachLog.QUEUE + 100; i++) {
        if (log.record(() -> record(Instant.now().toString(), "sess_a", "more"))) {
          accepted++;
        }
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 2000, "never waits: " + ms + " ms");
      assertTrue(accepted <= TeachLog.QUEUE, "accepted " + accepted);
      assertTrue(log.dropped() >= 99, "dropped " + log.dropped());
      release.countDown();
      log.flush(10_000);
    }
    List<JsonNode> written = TeachLog.read(dir, null, null);
    assertTrue(written.stream().anyMatch(r -> r.path("dropped").asLong() >= 99), "the loss is said in the log");
  }

  @Test
  void costPerCallOnTheCallersThread() throws Exception {
    try (TeachLog.Writer log = TeachLog.writer(dir, () -> 30, Clock.systemUTC())) {
      int n = 20_000;
      long total = 0;
      for (int i = 0; i < n; i++) {
        ObjectNode args = Json.mapper().createObjectNode().put("code", "(receiveGo) (forward " + i + ")");
        long t = System.nanoTime();
        log.record(() -> record(Instant.now().toString(), "sess_a", "snap_add_script").set("arguments", args));
        total += System.nanoTime() - t;
        if (i % 512 == 0) {
          log.flush(10_000); // keep the queue from filling: the cost of a call, not of a full queue
        }
      }
      log.flush(30_000);
      System.err.printf("figure: teacher's log, cost on the calling thread: %.2f µs per call (%d calls)%n",
          total / 1e3 / n, n);
    }
  }
}
