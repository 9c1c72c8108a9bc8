package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Snap! the e2e suite fails, saying how to get it; it never skips silently. */
class SnapHomeTest {

  @Test
  void missingSnapFailsWithHowToInstallIt(@TempDir Path home) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SnapHome.locate(Map.of(), home));
    assertTrue(e.getMessage().contains(home.resolve(".cache/snap-mcp/snap").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("SNAP_HOME") && e.getMessage().contains("github.com/jmoenig/Snap"), e.getMessage());
  }

  @Test
  void snapHomeWinsOverTheDefaultFolder(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("snap.html"), "<html></html>");
    Files.writeString(dir.resolve("src/gui.js"), "");
    Files.writeString(dir.resolve("SNAP_VERSION"), "version=10.4.0\ncommit=abc\n");
    assertEquals(dir, SnapHome.locate(Map.of("SNAP_HOME", dir.toString()), Path.of("/nonexistent")));
    assertEquals("10.4.0", SnapHome.version(dir));
  }
}
