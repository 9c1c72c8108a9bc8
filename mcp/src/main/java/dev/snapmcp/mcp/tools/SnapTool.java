package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One tool: its description for the client ({@link #tool()}) and its thin handler ({@link #handle}). Every result,
 * good or bad, is an object with the connection {@code state}, given both as structured content and as the same JSON
 * in a text content (for clients that only read text).
 *
 * <p>A tool is written once, in the SDK's 2025-11-25 schema types; {@link SnapToolCatalog} hands the same tools to the
 * server of each protocol era (translating definitions and results for 2026-07-28 in {@link ModernTools}).
 */
abstract class SnapTool {

  private static final Logger LOG = LoggerFactory.getLogger(SnapTool.class);

  final SnapTabs tabs;
  private volatile McpSchema.Tool definition;
  /** The teacher's mode this tool's calls are checked against (null: none, every call allowed). */
  private volatile Teaching teaching;
  /** The teacher's log every call is written to (null: none). */
  private volatile Journal journal;

  SnapTool(SnapTabs tabs) {
    this.tabs = tabs;
  }

  /** {@link #tool()}, made once (on first use: start-up does not pay for the schemas). */
  final McpSchema.Tool definition() {
    McpSchema.Tool made = definition;
    if (made == null) {
      made = tool();
      definition = made;
    }
    return made;
  }

  /** The tool as {@code tools/list} shows it. */
  abstract McpSchema.Tool tool();

  /** Handles one call; expected failures are thrown as {@link ToolError}. */
  abstract McpSchema.CallToolResult handle(ToolCall call);

  /**
   * Runs one call, whichever protocol era or transport it came in: expected failures and bugs alike become an error
   * result (with the state), never a protocol error.
   */
  final McpSchema.CallToolResult call(Map<String, Object> arguments, CallContext context) {
    McpSchema.CallToolResult result = answer(arguments, context);
    Journal log = journal;
    if (log != null) {
      log.record(definition().name(), arguments, result, clientName(context));
    }
    return result;
  }

  /** "name version" of the calling client for the teacher's log, cut to 200 characters; null when unknown. */
  private static String clientName(CallContext context) {
    McpSchema.Implementation client = context == null ? null : context.client();
    if (client == null || client.name() == null || client.name().isBlank()) {
      return null;
    }
    String both = (client.name() + " " + (client.version() == null ? "" : client.version())).strip();
    return both.length() > 200 ? both.substring(0, 200) : both;
  }

  private McpSchema.CallToolResult answer(Map<String, Object> arguments, CallContext context) {
    try {
      ToolCall call = new ToolCall(definition().name(), arguments, context);
      Teaching mode = teaching;
      if (mode != null) {
        mode.check(definition().name(), call);
      }
      return handle(call);
    } catch (ToolError e) {
      return error(e);
    } catch (RuntimeException e) {
      LOG.error("tool {} failed unexpectedly", definition().name(), e);
      return error(new ToolError(ToolErrorCode.INTERNAL_ERROR, "snap-mcp failed unexpectedly (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). Details are in snap-mcp's log (stderr); "
          + "`snap-mcp doctor` checks the setup.", null));
    }
  }

  /** The teacher's mode this tool is checked against, or null. */
  final Teaching teaching() {
    return teaching;
  }

  /** Writes every call to the teacher's log from now on. */
  final void journal(Journal log) {
    this.journal = log;
  }

  /** Checks every call against the teacher's mode from now on. */
  final void enforce(Teaching mode) {
    this.teaching = mode;
  }

  /**
   * Describes a tool. Its annotations carry only the hints that differ from the spec's defaults (a client reads an
   * absent hint as its default; the title is the tool's own): every hint costs the model's context in every
   * conversation. {@code openWorldHint} is always false: a tool reaches only the user's own Snap! tab.
   */
  static McpSchema.Tool define(String name, String title, String description, Hints hints,
      Map<String, Object> input, Map<String, Object> output) {
    return McpSchema.Tool.builder()
        .name(name)
        .title(title)
        .description(description)
        .inputSchema(input)
        .outputSchema(output)
        .annotations(new McpSchema.ToolAnnotations(null, hints.readOnly() ? Boolean.TRUE : null,
            hints.readOnly() || hints.destructive() ? null : Boolean.FALSE,
            !hints.readOnly() && hints.idempotent() ? Boolean.TRUE : null, false, null))
        .build();
  }

  /** A successful result: {@code body} plus the state. */
  static McpSchema.CallToolResult ok(ConnectionState state, ObjectNode body) {
    return result(state, body, false, null);
  }

  /** A successful result that also carries an image. */
  static McpSchema.CallToolResult okWithImage(ConnectionState state, ObjectNode body, String base64Png) {
    return result(state, body, false, new McpSchema.ImageContent(null, base64Png, "image/png"));
  }

  static McpSchema.CallToolResult error(ToolError e) {
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", e.code());
    error.put("message", e.getMessage());
    if (e.details() != null && !e.details().isNull()) {
      error.set("details", e.details());
    }
    return result(e.state(), body, true, null);
  }

  /**
   * The members of a browser's answer, without its {@code state} (the result carries its own) and without the tab's
   * history size {@code undoable} (a change's result says it as {@code undoCheckpoints}).
   */
  static ObjectNode members(JsonNode value) {
    ObjectNode copy = object();
    if (value != null && value.isObject()) {
      copy.setAll((ObjectNode) value);
      copy.remove("state");
      copy.remove("undoable");
    }
    return copy;
  }

  /** Runs a read-only op in the chosen tab and answers with what it returned. */
  final McpSchema.CallToolResult read(ToolCall call, String op, java.util.Map<String, Object> args) {
    SnapTabs.Target target = tabs.target(call);
    SnapTabs.Answer answer = tabs.run(target, op, args, tabs.commandTimeout());
    return ok(answer.state(), members(answer.value()));
  }

  /** Runs an op that changes the project and answers with what it returned, and how many changes undo can take back. */
  final McpSchema.CallToolResult change(ToolCall call, String op, java.util.Map<String, Object> args) {
    SnapTabs.Target target = tabs.target(call);
    SnapTabs.Answer answer = tabs.run(target, op, args, tabs.commandTimeout());
    return changed(answer);
  }

  /** The result of a change: the browser's answer plus {@code undoCheckpoints}, the size of the tab's undo history. */
  static McpSchema.CallToolResult changed(SnapTabs.Answer answer) {
    ObjectNode body = members(answer.value());
    JsonNode undoable = answer.value() == null ? null : answer.value().get("undoable");
    if (undoable != null && undoable.isInt()) {
      body.put("undoCheckpoints", undoable.intValue());
    }
    return ok(answer.state(), body);
  }

  /** A fresh object for a result's members. */
  static ObjectNode object() {
    return Json.mapper().createObjectNode();
  }

  private static McpSchema.CallToolResult result(ConnectionState state, ObjectNode body, boolean isError,
      McpSchema.Content extra) {
    ObjectNode structured = Json.mapper().createObjectNode();
    structured.set("state", Json.mapper().valueToTree(state));
    if (state != null && state.session() != null || body.has("sessions")) {
      structured.put(PageText.FIELD, PageText.NOTICE); // the result carries text from a page: say it is data
    }
    structured.setAll(body);
    Map<String, Object> asMap = Json.mapper().convertValue(structured, new TypeReference<Map<String, Object>>() {});
    String text = structured.toString();
    McpSchema.CallToolResult.Builder builder =
        McpSchema.CallToolResult.builder().structuredContent(asMap).isError(isError).content(
            extra == null ? List.of(new McpSchema.TextContent(text))
                : List.of(extra, new McpSchema.TextContent(text)));
    return builder.build();
  }

  /**
   * The annotations' hints. Destructive and idempotent say something only about a tool that changes things (the
   * spec's defaults: not read-only, destructive, not idempotent).
   */
  record Hints(boolean readOnly, boolean destructive, boolean idempotent) {
    static final Hints READ = new Hints(true, false, true);
    static final Hints ADD = new Hints(false, false, false);
    static final Hints CHANGE = new Hints(false, true, false);
    static final Hints CHANGE_IDEMPOTENT = new Hints(false, true, true);
  }
}
