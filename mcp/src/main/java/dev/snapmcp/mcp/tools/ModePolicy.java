package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.TeachMode;
import java.util.Set;

/**
 * Which tools each teacher's mode allows, and what the assistant is told to do instead. {@code build}: all.
 * {@code guide}: read, run, stop, look, explain; nothing that changes the project (scripts, blocks, variables, the
 * project itself, undo) and no project files. {@code observe}: read and look, and explain.
 */
final class ModePolicy {

  private static final Set<String> OBSERVE = Set.of("snap_status", "snap_pair", "snap_get_project",
      "snap_get_variables", "snap_screenshot", "snap_find_blocks", "snap_explain");
  private static final Set<String> GUIDE = union(OBSERVE, Set.of("snap_run", "snap_stop"));

  private ModePolicy() {}

  static boolean allows(TeachMode mode, String tool) {
    return switch (mode) {
      case BUILD -> true;
      case GUIDE -> GUIDE.contains(tool);
      case OBSERVE -> OBSERVE.contains(tool);
    };
  }

  /** The refusal's message: which mode, and what the assistant may do instead. */
  static String refusal(TeachMode mode, String tool) {
    return switch (mode) {
      case GUIDE -> "Your teacher has set guide mode: " + tool + " is not allowed (the student builds the "
          + "project). Explain with snap_explain (a balloon at a block) and let the student build it; you may also "
          + "read the project, run it, stop it and take screenshots.";
      case OBSERVE -> "Your teacher has set observe mode: " + tool + " is not allowed. You may read the project "
          + "(snap_get_project, snap_get_variables), look at it (snap_screenshot) and explain with snap_explain.";
      case BUILD -> "";
    };
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
