package dev.snapmcp.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.StateFiles;
import dev.snapmcp.core.TeachFile;
import dev.snapmcp.core.TeachMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mode enforcement on its own: which tools each mode allows, per-session modes, a damaged file. */
class TeachingTest {

  @TempDir Path dir;

  private static ToolCall call(String session) {
    return new ToolCall("snap_run", session == null ? Map.of() : Map.of("session", session), CallContext.NONE);
  }

  @Test
  void eachModeAllowsItsTools() {
    for (String tool : new String[] {"snap_add_script", "snap_replace_script", "snap_delete_script",
        "snap_define_block", "snap_set_variable", "snap_new_project", "snap_load_project", "snap_save_project",
        "snap_undo"}) {
      assertTrue(ModePolicy.allows(TeachMode.BUILD, tool));
      assertFalse(ModePolicy.allows(TeachMode.GUIDE, tool), tool);
      assertFalse(ModePolicy.allows(TeachMode.OBSERVE, tool), tool);
    }
    for (String tool : new String[] {"snap_run", "snap_stop"}) {
      assertTrue(ModePolicy.allows(TeachMode.GUIDE, tool));
      assertFalse(ModePolicy.allows(TeachMode.OBSERVE, tool));
    }
    for (String tool : new String[] {"snap_status", "snap_pair", "snap_get_project", "snap_get_variables",
        "snap_screenshot", "snap_find_blocks", "snap_explain"}) {
      assertTrue(ModePolicy.allows(TeachMode.OBSERVE, tool), tool);
    }
  }

  @Test
  void aCallIsCheckedAgainstItsSessionsMode() {
    TeachFile.update(dir, s -> s.withMode(null, TeachMode.GUIDE).withMode("sess_b", TeachMode.BUILD));
    try (Teaching teaching = new Teaching(dir, null)) {
      ToolError refused = assertThrows(ToolError.class, () -> teaching.check("snap_add_script", call("sess_a")));
      assertEquals("not_allowed_in_mode", refused.code());
      assertTrue(refused.getMessage().contains("guide mode"), refused.getMessage());
      teaching.check("snap_add_script", call("sess_b")); // its own mode: build
      teaching.check("snap_run", call("sess_a"));
      assertFalse(teaching.listed().test("snap_add_script"), "no session connected: the machine-wide mode");
    }
  }

  @Test
  void aDamagedFileIsEnforcedAsObserve() throws Exception {
    Files.writeString(StateFiles.teach(dir), "not json");
    try (Teaching teaching = new Teaching(dir, null)) {
      assertThrows(ToolError.class, () -> teaching.check("snap_run", call(null)));
      teaching.check("snap_get_project", call(null));
    }
    Files.delete(StateFiles.teach(dir));
    try (Teaching teaching = new Teaching(dir, null)) {
      teaching.check("snap_add_script", call(null));
    }
  }
}
