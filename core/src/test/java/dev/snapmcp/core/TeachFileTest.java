package dev.snapmcp.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeachFileTest {

  @TempDir Path dir;

  @Test
  void noFileIsBuildModeUnlocked() {
    TeachSettings settings = TeachFile.read(dir);
    assertEquals(TeachSettings.DEFAULT, settings);
    assertEquals(TeachMode.BUILD, settings.modeOf("sess_any"));
    assertFalse(settings.locked());
  }

  @Test
  void aSessionsOwnModeOverridesTheMachineWideOne() throws Exception {
    TeachFile.update(dir, s -> s.withMode(null, TeachMode.GUIDE).withMode("sess_a", TeachMode.OBSERVE));
    TeachSettings read = TeachFile.read(dir);
    assertEquals(TeachMode.GUIDE, read.mode());
    assertEquals(TeachMode.OBSERVE, read.modeOf("sess_a"));
    assertEquals(TeachMode.GUIDE, read.modeOf("sess_b"));
    assertEquals(TeachMode.GUIDE, read.withoutSession("sess_a").modeOf("sess_a"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(StateFiles.teach(dir))));
  }

  @Test
  void thePassphraseIsStoredHashedSaltedAndChecked() throws Exception {
    Passphrase lock = Passphrase.of("Owls at noon".toCharArray(), 1000);
    TeachFile.update(dir, s -> s.withLock(lock));
    String text = Files.readString(StateFiles.teach(dir));
    assertFalse(text.contains("Owls"), text);
    Passphrase stored = TeachFile.read(dir).lock();
    assertTrue(stored.matches("Owls at noon".toCharArray()));
    assertFalse(stored.matches("owls at noon".toCharArray()));
    assertFalse(stored.matches(new char[0]));
    assertNotEquals(lock.salt(), Passphrase.of("Owls at noon".toCharArray(), 1000).salt(), "a fresh salt each time");
    assertFalse(stored.toString().contains(stored.hash()));
  }

  @Test
  void theDefaultKdfIsSlow() {
    long start = System.nanoTime();
    Passphrase slow = Passphrase.of("x".toCharArray());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Passphrase.ITERATIONS, slow.iterations());
    assertTrue(ms > 20, "PBKDF2 with " + Passphrase.ITERATIONS + " rounds took only " + ms + " ms");
  }

  @Test
  void aDamagedFileIsReportedAndLeftAlone() throws Exception {
    Files.writeString(StateFiles.teach(dir), "{\"mode\":\"anarchy\"}");
    StoreException e = assertThrows(StoreException.class, () -> TeachFile.read(dir));
    assertEquals(StoreException.Kind.CORRUPT, e.kind());
    assertTrue(e.getMessage().contains("anarchy"), e.getMessage());
    assertEquals("{\"mode\":\"anarchy\"}", Files.readString(StateFiles.teach(dir)));
  }

  @Test
  void concurrentChangesAreNotLost() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int n = t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 10; i++) {
          String id = "sess_" + n + "_" + i;
          TeachFile.update(dir, s -> s.withMode(id, TeachMode.GUIDE));
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(40, TeachFile.read(dir).sessions().size());
  }

  @Test
  void theWatchTellsOfAChangeMadeByAnotherWriter() {
    try (TeachWatch watch = new TeachWatch(dir)) {
      AtomicInteger changes = new AtomicInteger();
      watch.onChange(changes::incrementAndGet);
      watch.start();
      assertEquals(TeachMode.BUILD, watch.current().mode());
      TeachFile.update(dir, s -> s.withMode(null, TeachMode.OBSERVE));
      assertEquals(TeachMode.OBSERVE, watch.current().mode(), "a call sees the change at once");
      await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() >= 1);
    }
  }
}
