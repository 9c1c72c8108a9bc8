package dev.snapmcp.core;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The project's one JSON mapper configuration: the store, the wire protocol and the command line all use it. */
public final class Json {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private Json() {}

  /** The shared, thread-safe mapper. Instants are written as ISO-8601 strings. */
  public static JsonMapper mapper() {
    return MAPPER;
  }
}
