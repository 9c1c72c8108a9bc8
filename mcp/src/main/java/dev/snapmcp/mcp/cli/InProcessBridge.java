package dev.snapmcp.mcp.cli;

import dev.snapmcp.mcp.EmbeddedBridge;
import java.nio.file.Path;

/** Starts the bridge (module transport-netty) inside this process. */
final class InProcessBridge implements EmbeddedBridge {

  @Override
  public AutoCloseable start(Path stateDir, int port) throws Exception {
    throw new IllegalStateException("the in-process bridge is not available in this build");
  }
}
