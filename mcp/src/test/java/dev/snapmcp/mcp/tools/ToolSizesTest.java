package dev.snapmcp.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.mcp.BridgeLink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each tool's definition as tools/list sends it (name, description, schemas, annotations), in bytes. */
class ToolSizesTest {

  @Test
  void theNewAndChangedToolsStayShort() {
    BridgeLink link = new BridgeLink(Path.of("/nonexistent"), 1, Optional::empty, null, Duration.ofSeconds(1),
        Clock.systemUTC());
    SnapToolCatalog catalog = SnapToolCatalog.of(new SnapTabs(link, () -> null, Duration.ofSeconds(1)));
    StringBuilder sizes = new StringBuilder();
    java.util.Map<String, Integer> size = new java.util.HashMap<>();
    for (var tool : catalog.definitions()) {
      int bytes = Json.mapper().writeValueAsBytes(tool).length;
      size.put(tool.name(), bytes);
      sizes.append(tool.name()).append('=').append(bytes).append(' ');
    }
    // snap_stop is the smallest tool: its size is mostly what every tool shares (the session argument, the state
    // and error members of every result); what a tool adds to that is its own
    int own = size.get("snap_explain") - size.get("snap_stop");
    assertTrue(own < 700, "snap_explain adds " + own + " bytes to what every tool has");
    System.err.println("figure: tool definition sizes (bytes): " + sizes);
  }
}
