package dev.snapmcp.bridge.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * An error code of the protocol, as it travels: a short snake_case word. Each family (WebSocket error frames, control
 * API errors, the browser's op errors) is an enum implementing this; the word is written into JSON as is.
 */
public interface ErrorCode {

  /** The code as it travels, e.g. {@code not_connected}. */
  String code();

  /** Whether {@code code} (from the wire, may be null) is this one. */
  default boolean is(String code) {
    return code().equals(code);
  }

  /** The constant of {@code family} whose code is {@code code}, if any (codes from the wire may be unknown). */
  static <E extends Enum<E> & ErrorCode> Optional<E> find(Class<E> family, String code) {
    return Arrays.stream(family.getEnumConstants()).filter(e -> e.code().equals(code)).findFirst();
  }
}
