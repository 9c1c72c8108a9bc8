package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import tools.jackson.databind.JsonNode;

/** Small assertions on JSON answers. */
final class JsonAssert {

  private JsonAssert() {}

  static void hasText(JsonNode node, String expected) {
    assertEquals(expected, node.isMissingNode() || node.isNull() ? null : node.asString(), () -> "JSON: " + node);
  }
}
