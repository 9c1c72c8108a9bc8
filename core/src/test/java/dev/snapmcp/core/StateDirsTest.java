package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the state folder is: --state-dir, then $SNAP_MCP_STATE_DIR, then $XDG_STATE_HOME, then ~/.local/state. */
class StateDirsTest {

  private static final Path HOME = Path.of("/home/ada");

  @Test
  void precedence() {
    Map<String, String> env = Map.of("SNAP_MCP_STATE_DIR", "/env/state", "XDG_STATE_HOME", "/xdg");
    assertEquals(Path.of("/explicit"), StateDirs.resolve(Path.of("/explicit"), env, HOME));
    assertEquals(Path.of("/env/state"), StateDirs.resolve(null, env, HOME));
    assertEquals(Path.of("/xdg/snap-mcp"), StateDirs.resolve(null, Map.of("XDG_STATE_HOME", "/xdg"), HOME));
    assertEquals(Path.of("/home/ada/.local/state/snap-mcp"), StateDirs.resolve(null, Map.of(), HOME));
  }

  @Test
  void blankOrRelativeXdgIsIgnoredAndRelativeChoicesBecomeAbsolute() {
    assertEquals(Path.of("/home/ada/.local/state/snap-mcp"),
        StateDirs.resolve(null, Map.of("SNAP_MCP_STATE_DIR", " ", "XDG_STATE_HOME", "relative"), HOME));
    assertEquals(Path.of("rel").toAbsolutePath(), StateDirs.resolve(Path.of("rel"), Map.of(), HOME));
  }
}
