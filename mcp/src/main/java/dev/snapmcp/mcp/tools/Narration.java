package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * A script built where the student can follow it ({@code narrate} of snap_add_script and snap_replace_script): the
 * tab shows it one block of its top-level sequence at a time, every {@link #STEP_MS} ms, each new block highlighted
 * with its note in a balloon, a progress notification per block. {@code snap_stop} or the client's cancellation ends
 * it early: the script stays as far as it was shown (a whole script). The tab's undo history gets ONE change for it.
 *
 * <p>Each step is its own command in the bridge's queue for the tab (issue 12: the bridge orders every client's
 * commands, nothing here holds the tab), so another client's command may run between two steps. That is accepted:
 * what it sees is the script as far as it was shown, which is a whole script of its own, and the steps name their
 * narration ({@code narration}, a random id), so a step or end meant for a narration another call has since replaced
 * or finished is answered as stopped rather than acting on the other's script (docs/protocol.md).
 */
final class Narration {

  /** How long each block stays the newest before the next appears: readable, short enough for a long script. */
  static final long STEP_MS = 500;
  static final int MAX_NOTE = 120;
  static final int MAX_NOTES = 100;

  static final String SCHEMA = """
      "narrate": {"anyOf": [{"type": "boolean"}, {"type": "array", "maxItems": 100, "items": {"type": "string"}}], \
      "description": "Build it block by block (true, or a note per block)."}""";

  private Narration() {}

  /** Whether the call asks for narration; the notes (maybe none) are checked here. */
  static List<String> notes(ToolCall call) {
    Object given = call.raw("narrate");
    if (given == null || Boolean.FALSE.equals(given)) {
      return null;
    }
    if (Boolean.TRUE.equals(given)) {
      return List.of();
    }
    if (!(given instanceof List<?> list)) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "narrate is true or a list of short notes, one per block.", null);
    }
    if (list.size() > MAX_NOTES) {
      throw new ToolError(ToolErrorCode.BAD_ARGS, "narrate has at most " + MAX_NOTES + " notes, one per block.", null);
    }
    List<String> notes = new ArrayList<>();
    for (Object note : list) {
      if (!(note instanceof String text) || text.length() > MAX_NOTE) {
        throw new ToolError(ToolErrorCode.BAD_ARGS, "each note of narrate is a string of at most " + MAX_NOTE
            + " characters.", null);
      }
      notes.add(text);
    }
    return notes;
  }

  /** Builds the script narrated; {@code args} are the op's (add: code, sprite, x, y; replace: also id, revision). */
  static McpSchema.CallToolResult build(SnapTabs tabs, ToolCall call, Map<String, Object> args, List<String> notes) {
    SnapTabs.Target target = tabs.target(call);
    String narration = java.util.UUID.randomUUID().toString();
    Map<String, Object> start = new HashMap<>(args);
    start.put("notes", notes);
    start.put("narration", narration);
    JsonNode started = tabs.run(target, "narrate_start", start, tabs.commandTimeout()).value();
    int steps = started.path("steps").asInt(1);
    int shown = started.path("shown").asInt(1);
    call.progress(shown, (double) steps, "block " + shown + " of " + steps);
    boolean complete = true;
    while (shown < steps) {
      if (pause(call)) {
        complete = false;
        break;
      }
      JsonNode step = tabs.run(target, "narrate_step", Map.of("narration", narration), tabs.commandTimeout()).value();
      if (step.path("stopped").asBoolean(false)) {
        complete = false;
        break;
      }
      shown = step.path("shown").asInt(shown + 1);
      call.progress(shown, (double) steps, "block " + shown + " of " + steps);
    }
    if (complete) {
      pause(call); // the last block and its note stay a moment too
    }
    return SnapTool.changed(tabs.run(target, "narrate_end", Map.of("complete", complete, "narration", narration),
        tabs.commandTimeout()));
  }

  /** Waits one step; true when the client cancelled meanwhile (then it returns at once). */
  private static boolean pause(ToolCall call) {
    try {
      call.cancellation().get(STEP_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
