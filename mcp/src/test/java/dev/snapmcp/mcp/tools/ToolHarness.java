package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.mcp.BridgeLink;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Calls the tools' handlers directly (no MCP transport), against whatever bridge listens on {@code port} with the
 * token in {@code stateDir}, and checks every result against the output schema the tool declares (the whole shape of
 * its result; {@code tools/list} carries it only for some tools, see {@link SnapToolCatalog#OUTPUT_SCHEMAS}).
 */
public final class ToolHarness implements AutoCloseable {

  private final BridgeLink link;
  private final SnapTabs tabs;
  private final SnapToolCatalog catalog;
  private final JsonSchemaValidator validator = McpJsonDefaults.getSchemaValidator();

  public ToolHarness(Path stateDir, int port, Supplier<SessionStore> store, Duration commandTimeout) {
    this.link = new BridgeLink(stateDir, port, () -> Optional.empty(), null, Duration.ofSeconds(2),
        Clock.systemUTC());
    this.tabs = new SnapTabs(link, store, commandTimeout);
    this.catalog = SnapToolCatalog.of(tabs);
  }

  /** The tools as {@code tools/list} gives them. */
  public List<McpSchema.Tool> tools() {
    return catalog.definitions();
  }

  /** The tools as they declare themselves, every output schema included. */
  List<McpSchema.Tool> declared() {
    return catalog.definitions().stream().map(t -> catalog.find(t.name()).orElseThrow().definition()).toList();
  }

  /** Calls a tool and returns its result, checked against the output schema. */
  public McpSchema.CallToolResult call(String name, Map<String, Object> arguments) {
    return call(name, arguments, CallContext.NONE);
  }

  /** Calls a tool with a transport's {@code context} (progress, cancellation), checked against the output schema. */
  public McpSchema.CallToolResult call(String name, Map<String, Object> arguments, CallContext context) {
    SnapTool tool = catalog.find(name).orElseThrow();
    McpSchema.CallToolResult result = tool.call(arguments, context);
    var validation = validator.validate(tool.definition().outputSchema(), result.structuredContent());
    if (!validation.valid()) {
      throw new AssertionError(name + " answered outside its output schema: " + validation.errorMessage());
    }
    return result;
  }

  /** The result's structured content as JSON (read back from text, so numbers compare as they would on the wire). */
  public static JsonNode structured(McpSchema.CallToolResult result) {
    return Json.mapper().readTree(Json.mapper().writeValueAsString(result.structuredContent()));
  }

  /** The text content, which must be the same JSON as the structured content. */
  public static JsonNode text(McpSchema.CallToolResult result) {
    for (McpSchema.Content content : result.content()) {
      if (content instanceof McpSchema.TextContent text) {
        return Json.mapper().readTree(text.text());
      }
    }
    throw new AssertionError("no text content");
  }

  @Override
  public void close() {
    tabs.close();
    link.close();
  }
}
