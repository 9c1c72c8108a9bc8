package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The prompts a client can offer (as slash commands, say) for what users ask most: explain this project, find the bug,
 * build something step by step. Each is one user message that tells the model which tools to use in which order.
 * Written once, served to either protocol era; a missing required argument is the protocol's invalid-params error.
 */
public final class SnapPrompts {

  private static final int INVALID_PARAMS = -32602;

  /** A prompt: its definition and the text of its one message, made from the arguments. */
  private record Prompt(McpSchema.Prompt definition, Function<Map<String, String>, String> text) {}

  private static final List<Prompt> PROMPTS = List.of(
      new Prompt(new McpSchema.Prompt("explain_project", "Explain this project",
          "Explains the Snap! project open in the browser: what it does and how each script works.",
          List.of(new McpSchema.PromptArgument("audience", "Who it is for, e.g. \"a 10-year-old\" (optional).",
              false))),
          args -> "Explain the Snap! project open in my browser" + optional(" for ", args.get("audience")) + ". "
              + "Call snap_status first (and snap_pair if no tab is connected), then snap_get_project; a "
              + "snap_screenshot of the stage may help. Say what happens when the green flag is clicked, then how "
              + "each sprite's scripts work, in plain words, quoting short pieces of their text code. Change "
              + "nothing."),
      new Prompt(new McpSchema.Prompt("find_bug", "Find the bug",
          "Finds why the Snap! project does not do what it should, and proposes the smallest fix.",
          List.of(new McpSchema.PromptArgument("problem", "What goes wrong, and what should happen instead.",
              false))),
          args -> "My Snap! project does not work as it should" + optional(": ", args.get("problem")) + ". Read it "
              + "with snap_get_project, run it with snap_run (and snap_screenshot) to see what really happens, and "
              + "find the cause. Check the mistakes Snap! does not report (resource snap://guide/text-code), such "
              + "as a bare word where a variable was meant: (item 1 hello) instead of (item 1 (get hello)). Explain "
              + "the bug and propose the smallest fix; change the project only once I agree (snap_undo takes a "
              + "change back)."),
      new Prompt(new McpSchema.Prompt("build_step_by_step", "Build it step by step",
          "Builds a program in Snap! with the user in small steps, running each one.",
          List.of(new McpSchema.PromptArgument("goal", "What to build, e.g. \"a cat that chases the mouse\".", true),
              new McpSchema.PromptArgument("level", "The user's experience, e.g. \"first time\" (optional).", false))),
          args -> "Help me build this in Snap!: " + args.get("goal") + "." + optional(" My experience: ",
              args.get("level")) + " Work in small steps. For each, say what we add and why, add it with "
              + "snap_add_script or snap_define_block (look block names up with snap_find_blocks; the syntax is in "
              + "resource snap://guide/text-code), run it with snap_run, look with snap_screenshot, and wait for me "
              + "before the next step. Start with snap_status, and snap_pair if no tab is connected."));

  /** The prompts for the SDK's legacy server. */
  public List<McpStatelessServerFeatures.SyncPromptSpecification> legacyPrompts() {
    return PROMPTS.stream().map(prompt -> new McpStatelessServerFeatures.SyncPromptSpecification(prompt.definition(),
        (transport, request) -> {
          try {
            return legacyResult(prompt, request.arguments());
          } catch (IllegalArgumentException e) {
            throw McpError.builder(INVALID_PARAMS).message(e.getMessage()).build();
          }
        })).toList();
  }

  /** The same prompts for the SDK's 2026-07-28 server. */
  public McpSyncPromptRepository modernRepository() {
    List<io.modelcontextprotocol.modern.McpSchema.Prompt> definitions = PROMPTS.stream()
        .map(p -> SnapResources.modern(p.definition(), io.modelcontextprotocol.modern.McpSchema.Prompt.class))
        .toList();
    return new McpSyncPromptRepository() {
      @Override
      public PromptsPage list(io.modelcontextprotocol.modern.server.McpRequestContext ctx, String cursor) {
        return PromptsPage.of(definitions);
      }

      @Override
      public McpSyncPrompt find(io.modelcontextprotocol.modern.server.McpRequestContext ctx, String name) {
        for (int i = 0; i < PROMPTS.size(); i++) {
          Prompt prompt = PROMPTS.get(i);
          if (prompt.definition().name().equals(name)) {
            return McpSyncPrompt.of(definitions.get(i), (context, request) -> {
              McpSchema.GetPromptResult legacy;
              try {
                legacy = legacyResult(prompt, request.arguments());
              } catch (IllegalArgumentException e) {
                throw McpException.invalidParams(e.getMessage());
              }
              return McpSyncResponse.result(SnapResources.modern(legacy,
                  io.modelcontextprotocol.modern.McpSchema.GetPromptResult.class));
            });
          }
        }
        return null;
      }
    };
  }

  private static McpSchema.GetPromptResult legacyResult(Prompt prompt, Map<String, ?> given) {
    Map<String, String> args = new java.util.HashMap<>();
    if (given != null) {
      given.forEach((k, v) -> {
        if (v != null && !v.toString().isBlank()) {
          args.put(k, v.toString().strip());
        }
      });
    }
    for (McpSchema.PromptArgument argument : prompt.definition().arguments()) {
      if (Boolean.TRUE.equals(argument.required()) && !args.containsKey(argument.name())) {
        throw new IllegalArgumentException("The prompt " + prompt.definition().name() + " needs the argument '"
            + argument.name() + "': " + argument.description());
      }
    }
    return new McpSchema.GetPromptResult(prompt.definition().description(), List.of(
        new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(prompt.text().apply(args)))));
  }

  private static String optional(String before, String value) {
    return value == null ? "" : before + value;
  }
}
