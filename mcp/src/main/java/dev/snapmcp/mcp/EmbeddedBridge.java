package dev.snapmcp.mcp;

import dev.snapmcp.core.SessionStore;

/** Starts a bridge inside this process, for when no live bridge exists on the machine. */
@FunctionalInterface
public interface EmbeddedBridge {

  /**
   * Starts a bridge listening on 127.0.0.1:{@code port} over {@code store}; it registers itself in the store and
   * writes {@code bridge.token} into the store's folder before returning.
   *
   * @param port the port to bind; 0 picks a free one
   * @return the running bridge
   * @throws Exception when it cannot start (the port is taken, another live bridge registered first)
   */
  Hosted start(SessionStore store, int port) throws Exception;

  /** A bridge running in this process. */
  interface Hosted extends AutoCloseable {

    /** The port actually bound. */
    int port();
  }
}
