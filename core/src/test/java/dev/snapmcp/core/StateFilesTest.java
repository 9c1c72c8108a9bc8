package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
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
  void updatesFromTwoProcessesAtOnceAreAllKept() throws Exception {
    Path file = StateFiles.httpKeys(state.path()); // the folder does not exist yet: the update makes it, 0700
    List<ChildJvm> children = List.of("a", "b").stream().map(name -> ChildJvm.builder(PrivateFileUpdaterMain.class)
        .args(file.toString(), name, "300").name("updater-" + name).start()).toList();
    for (ChildJvm child : children) {
      assertEquals(0, child.waitFor(java.time.Duration.ofSeconds(60)), child.stderr());
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(600, lines.size(), "no update lost");
    assertEquals(600, lines.stream().distinct().count());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.path())));
    assertTrue(Files.exists(state.path().resolve(StateFiles.HTTP_KEYS_LOCK)));
  }

  @Test
  void anUpdateRefusesALinkedLockOrFile() throws Exception {
    Path file = StateFiles.httpKeys(state.path());
    StateFiles.updatePrivate(file, text -> "one");
    Path lock = state.path().resolve(StateFiles.HTTP_KEYS_LOCK);
    Path elsewhere = state.path().resolveSibling("elsewhere");
    Files.move(lock, elsewhere);
    Files.createSymbolicLink(lock, elsewhere);
    org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> StateFiles.updatePrivate(file, text -> "two"));
    assertEquals(Optional.of("one"), StateFiles.readPrivate(file), "unchanged");
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
