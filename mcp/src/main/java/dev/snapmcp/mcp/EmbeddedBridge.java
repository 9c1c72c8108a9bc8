package dev.snapmcp.mcp;

import java.nio.file.Path;

/** Starts a bridge inside this process, for when no live bridge exists on the machine. */
@FunctionalInterface
public interface EmbeddedBridge {

  /**
   * Starts a bridge listening on 127.0.0.1:{@code port} with its state in {@code stateDir}; it registers itself in
   * the store and writes {@code bridge.token} before returning.
   *
   * @return closes the bridge
   * @throws Exception when it cannot start (for example, the port is taken)
   */
  AutoCloseable start(Path stateDir, int port) throws Exception;
}
