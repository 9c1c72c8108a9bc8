package dev.snapmcp.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tool's schemas, as declared and as listed, pass the SDK's own meta-schema check (serve skips that check at
 * start-up, see LazySchemaValidator), and a sample result of each shape passes its declared output schema.
 */
class ToolSchemasTest {

  @TempDir Path stateDir;

  @Test
  void everyInputAndOutputSchemaIsAValidJsonSchema() {
    JsonSchemaValidator validator = McpJsonDefaults.getSchemaValidator();
    try (ToolHarness tools = new ToolHarness(stateDir, 1, () -> null, Duration.ofSeconds(1))) {
      assertEquals(18, tools.tools().size());
      for (McpSchema.Tool listed : tools.tools()) {
        if (listed.outputSchema() != null) {
          assertTrue(validator.validateSchema(listed.outputSchema()).valid(), listed.name() + " listed output");
        }
      }
      for (McpSchema.Tool tool : tools.declared()) {
        var input = validator.validateSchema(tool.inputSchema());
        assertTrue(input.valid(), tool.name() + " input: " + input.errorMessage());
        var output = validator.validateSchema(tool.outputSchema());
        assertTrue(output.valid(), tool.name() + " output: " + output.errorMessage());
        var error = validator.validate(tool.outputSchema(), Map.of(
            "state", Map.of("session", "sess_x", "connected", false, "ready", false),
            "error", Map.of("code", "not_connected", "message", "m")));
        assertTrue(error.valid(), tool.name() + " error result: " + error.errorMessage());
      }
    }
  }
}
