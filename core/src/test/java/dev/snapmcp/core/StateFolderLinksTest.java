package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.snapmcp.core.testing.TempStateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, availability: a symbolic link among the state folder's files made the store's {@code chmod} change the
 * mode of whatever it pointed to. The store never follows one: {@code sessions.json}, its lock and {@code
 * bridge.token} are refused with an error naming the file, an aside copy is left alone, and a temporary file's link is
 * deleted as a link. Each target here is a readable file outside the folder that must come out unchanged.
 */
class StateFolderLinksTest {

  private static final String GOOD =
      "{\"format\":\"snap-mcp-sessions\",\"version\":\"1.0\",\"revision\":3,\"sessions\":{},\"bridge\":null}\n";

  private final TempStateDir state = TempStateDir.create();
  private Path target;

  @BeforeEach
  void folderAndTarget() throws IOException {
    assumeTrue(Files.getFileStore(state.path().getParent()).supportsFileAttributeView("posix"));
    Files.createDirectory(state.path(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    target = state.path().resolveSibling("someone-elses-file");
    Files.writeString(target, GOOD);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
  }

  @AfterEach
  void cleanUp() {
    state.close();
  }

  private void assertTargetUntouched() throws IOException {
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertEquals(GOOD, Files.readString(target));
  }

  private static void assertNamesTheLink(StoreException e, Path link) {
    assertTrue(e.getMessage().contains(link.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }

  @Test
  void aLinkedSessionsFileIsRefusedAndItsTargetUntouched() throws IOException {
    Files.createSymbolicLink(state.sessionsFile(), target);
    StoreException e = assertThrows(StoreException.class, state::open);
    assertNamesTheLink(e, state.sessionsFile());
    assertTargetUntouched();
    assertTrue(Files.isSymbolicLink(state.sessionsFile()), "the link itself is left for the user to look at");
  }

  @Test
  void aSessionsFileLinkedWhileOpenIsRefusedOnRead() throws IOException {
    try (SessionStore store = state.open()) {
      store.create(Duration.ofHours(1));
      Files.delete(state.sessionsFile());
      Files.createSymbolicLink(state.sessionsFile(), target);
      assertNamesTheLink(assertThrows(StoreException.class, store::list), state.sessionsFile());
      assertNamesTheLink(assertThrows(StoreException.class, () -> store.create(Duration.ofHours(1))),
          state.sessionsFile());
    }
    assertTargetUntouched();
  }

  @Test
  void aLinkedLockFileIsRefusedAndItsTargetUntouched() throws IOException {
    Path lock = state.path().resolve(StateFiles.SESSIONS_LOCK);
    Files.createSymbolicLink(lock, target);
    assertNamesTheLink(assertThrows(StoreException.class, state::open), lock);
    assertTargetUntouched();
  }

  @Test
  void aDanglingLockLinkCreatesNothing() throws IOException {
    Path lock = state.path().resolve(StateFiles.SESSIONS_LOCK);
    Path nowhere = state.path().resolveSibling("created-through-a-link");
    Files.createSymbolicLink(lock, nowhere);
    assertNamesTheLink(assertThrows(StoreException.class, state::open), lock);
    assertFalse(Files.exists(nowhere, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aLinkedAsideCopyIsLeftAloneAndTheStoreStillOpens() throws IOException {
    Path aside = state.path().resolve("sessions.json.corrupt-20260101T100000.000Z");
    Files.createSymbolicLink(aside, target);
    try (SessionStore store = state.open()) {
      store.create(Duration.ofHours(1));
    }
    assertTargetUntouched();
    assertTrue(Files.isSymbolicLink(aside));
  }

  @Test
  void aLinkedTemporaryFileIsDeletedAsALink() throws IOException {
    Path temp = state.path().resolve("sessions.json.999999999.1.tmp");
    Files.createSymbolicLink(temp, target);
    try (SessionStore store = state.open()) {
      store.create(Duration.ofHours(1));
    }
    assertFalse(Files.exists(temp, LinkOption.NOFOLLOW_LINKS));
    assertTargetUntouched();
  }

  @Test
  void aLinkedTokenFileIsNeitherReadNorDeletedAndIsReplacedAsALink() throws IOException {
    Path token = StateFiles.bridgeToken(state.path());
    Files.createSymbolicLink(token, target);
    IOException read = assertThrows(IOException.class, () -> StateFiles.readPrivate(token));
    assertTrue(read.getMessage().contains(token.toString()) && read.getMessage().contains("symbolic link"),
        read.getMessage());
    assertFalse(StateFiles.deleteIfHolds(token, GOOD));
    assertTrue(Files.isSymbolicLink(token));

    StateFiles.writePrivate(token, "a fresh token");
    assertFalse(Files.isSymbolicLink(token), "the rename replaces the link, not its target");
    assertEquals(Optional.of("a fresh token"), StateFiles.readPrivate(token));
    assertTargetUntouched();
  }
}
