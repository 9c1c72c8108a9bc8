package dev.snapmcp.mcp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.StateFiles;
import dev.snapmcp.core.testing.TempStateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Keys at rest: only SHA-256 hashes, in a private file of the state folder; listed, accepted, revoked. */
class HttpKeysTest {

  @Test
  void onlyHashesAreStoredInAPrivateFileAndTheKeyIsAcceptedUntilRevoked() throws IOException {
    try (TempStateDir state = TempStateDir.create()) {
      HttpKeys keys = new HttpKeys(state.path(), Clock.systemUTC());
      HttpKeys.NewKey made = keys.create("laptop");
      assertTrue(made.key().matches("snapmcp_[A-Za-z0-9_-]{43}"), "256 bits, base64url: " + made.key().length());

      Path file = StateFiles.httpKeys(state.path());
      String text = Files.readString(file);
      assertFalse(text.contains(made.key()), "the key itself is in no file");
      assertFalse(text.contains(made.key().substring(KEY_BODY)), "nor its random part");
      assertTrue(text.contains(HttpKeys.hash(made.key())), "its SHA-256 hash is: " + text);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.path())));

      assertTrue(keys.accepts(made.key()));
      String key = made.key();
      assertFalse(keys.accepts(key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A")), "one off");
      assertFalse(keys.accepts(HttpKeys.hash(made.key())), "the stored hash is not a key");
      assertFalse(keys.accepts(""));
      assertFalse(keys.accepts(null));

      assertEquals(List.of("laptop"), keys.list().stream().map(HttpKeys.KeyInfo::name).toList());
      String id = keys.list().get(0).id();
      assertTrue(HttpKeys.isId(id), id);
      assertTrue(keys.revoke(id));
      assertFalse(keys.accepts(made.key()), "a revoked key is refused");
      assertFalse(keys.revoke(id), "revoked already");
      assertTrue(keys.list().isEmpty());
    }
  }

  private static final int KEY_BODY = HttpKeys.KEY_PREFIX.length();

  @Test
  void keysMadeAtOnceAreAllKept() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<HttpKeys.NewKey>> made = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          String name = "k" + i;
          made.add(pool.submit(() -> new HttpKeys(state.path(), Clock.systemUTC()).create(name)));
        }
        HttpKeys keys = new HttpKeys(state.path(), Clock.systemUTC());
        Set<String> ids = new HashSet<>();
        for (Future<HttpKeys.NewKey> key : made) {
          assertTrue(keys.accepts(key.get().key()));
          ids.add(key.get().info().id());
        }
        assertEquals(12, keys.list().size());
        assertEquals(12, ids.size());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aKeyFileThatIsASymbolicLinkIsRefused() throws IOException {
    try (TempStateDir state = TempStateDir.create()) {
      HttpKeys keys = new HttpKeys(state.path(), Clock.systemUTC());
      HttpKeys.NewKey made = keys.create(null);
      Path file = StateFiles.httpKeys(state.path());
      Path elsewhere = state.path().resolveSibling("elsewhere.json");
      Files.move(file, elsewhere);
      Files.createSymbolicLink(file, elsewhere);
      assertThrows(IOException.class, () -> keys.accepts(made.key()));
      assertThrows(IOException.class, () -> keys.create("x"));
    }
  }

  @Test
  void aNameIsOneShortLine() throws IOException {
    try (TempStateDir state = TempStateDir.create()) {
      HttpKeys keys = new HttpKeys(state.path(), Clock.systemUTC());
      assertThrows(IllegalArgumentException.class, () -> keys.create("two\nlines"));
      assertThrows(IllegalArgumentException.class, () -> keys.create("x".repeat(HttpKeys.NAME_MAX + 1)));
      assertFalse(Files.exists(StateFiles.httpKeys(state.path())), "nothing written");
    }
  }
}
