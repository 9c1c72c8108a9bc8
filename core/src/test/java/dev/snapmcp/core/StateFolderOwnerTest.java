package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.snapmcp.core.testing.TempStateDir;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, availability: snap-mcp run as root on another user's state folder would take it over (repair its mode,
 * write root-owned files into it). The store refuses a folder that the current user does not own, and changes nothing
 * in it. Needs root to hand a folder to another uid; the tests run as root here, and are skipped otherwise.
 */
class StateFolderOwnerTest {

  private static final int SOMEONE_ELSE = 4242;

  private final TempStateDir state = TempStateDir.create();

  @AfterEach
  void cleanUp() {
    state.close();
  }

  @Test
  void aFolderOwnedByAnotherUserIsRefusedAndLeftAsItWas() throws Exception {
    assumeTrue(Files.getFileStore(state.path().getParent()).supportsFileAttributeView("unix"));
    Files.createDirectory(state.path());
    Files.setPosixFilePermissions(state.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      Files.setAttribute(state.path(), "unix:uid", SOMEONE_ELSE);
    } catch (java.nio.file.FileSystemException notRoot) {
      assumeTrue(false, "only root can give a folder to another user: " + notRoot.getMessage());
    }

    StoreException e = assertThrows(StoreException.class, state::open);

    assertEquals(StoreException.Kind.IO, e.kind());
    String message = e.getMessage();
    assertTrue(message.contains(state.path().toString()), message);
    assertTrue(message.contains("owned by uid " + SOMEONE_ELSE), message);
    assertTrue(message.contains("--state-dir"), message);
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.path())));
    assertEquals(SOMEONE_ELSE, Files.getAttribute(state.path(), "unix:uid", LinkOption.NOFOLLOW_LINKS));
    try (var files = Files.list(state.path())) {
      assertEquals(0, files.count(), "nothing was written into another user's folder");
    }
  }
}
