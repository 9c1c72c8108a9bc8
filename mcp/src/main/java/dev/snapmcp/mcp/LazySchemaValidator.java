package dev.snapmcp.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's default JSON Schema validator, created on the first tool call instead of at start-up: it loads a few
 * hundred classes that the answer to {@code initialize} does not need.
 *
 * <p>The SDK checks every tool's schemas against the JSON Schema meta-schema while the server is built, which would
 * load the validator at start-up. Our schemas are constants: {@code ToolSchemasTest} checks each of them with the real
 * validator in the build, so at start-up that check is answered "valid" without loading anything.
 */
final class LazySchemaValidator implements JsonSchemaValidator {

  private volatile JsonSchemaValidator delegate;

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    return delegate().validate(schema, structuredContent);
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    return ValidationResponse.asValid(null);
  }

  private JsonSchemaValidator delegate() {
    JsonSchemaValidator current = delegate;
    if (current == null) {
      synchronized (this) {
        current = delegate;
        if (current == null) {
          current = McpJsonDefaults.getSchemaValidator();
          delegate = current;
        }
      }
    }
    return current;
  }
}
