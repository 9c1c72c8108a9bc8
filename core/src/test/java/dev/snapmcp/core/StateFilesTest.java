package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.TempStateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The state folder's file names agree with the docs; a private file is written whole, mode 0600, and read back. */
class StateFilesTest {

  private final TempStateDir state = TempStateDir.create();

  @AfterEach
  void cleanUp() {
    state.close();
  }

  @Test
  void theNamesAreTheOnesTheDocsGiveOtherPrograms() throws Exception {
    String storeFormat = Files.readString(Path.of("..", "docs", "store-format.md"));
    assertTrue(storeFormat.contains("| `" + StateFiles.SESSIONS + "` | the document | 0600 |"), StateFiles.SESSIONS);
    assertTrue(storeFormat.contains("| `" + StateFiles.SESSIONS_LOCK + "` | the lock file"), StateFiles.SESSIONS_LOCK);
    String protocol = Files.readString(Path.of("..", "docs", "protocol.md"));
    assertTrue(protocol.contains("`STATE_DIR/" + StateFiles.BRIDGE_TOKEN + "` (mode 0600"), StateFiles.BRIDGE_TOKEN);
    assertEquals(state.sessionsFile(), StateFiles.sessions(state.path()));
  }

  @Test
  void aPrivateFileIsReplacedWholeWithMode0600AndNoTemporaryFileLeft() throws Exception {
    try (SessionStore store = state.open()) { // the store makes the folder
      Path token = StateFiles.bridgeToken(store.stateDir());
      assertEquals(Optional.empty(), StateFiles.readPrivate(token));
      Files.writeString(token, "an older, readable token");
      Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

      StateFiles.writePrivate(token, "secret-1");
      assertEquals(Optional.of("secret-1"), StateFiles.readPrivate(token));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
      try (Stream<Path> files = Files.list(store.stateDir())) {
        assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList());
      }
    }
  }

  @Test
  void deleteIfHoldsRemovesOnlyWhatTheCallerWrote() throws Exception {
    try (SessionStore store = state.open()) {
      Path token = StateFiles.bridgeToken(store.stateDir());
      assertFalse(StateFiles.deleteIfHolds(token, "mine"), "nothing there");
      StateFiles.writePrivate(token, "a successor's");
      assertFalse(StateFiles.deleteIfHolds(token, "mine"));
      assertEquals(Optional.of("a successor's"), StateFiles.readPrivate(token));
      StateFiles.writePrivate(token, "mine");
      assertTrue(StateFiles.deleteIfHolds(token, "mine"));
      assertFalse(Files.exists(token));
    }
  }
}
