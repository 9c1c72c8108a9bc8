package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.mcp.SnapMcpServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code snap-mcp serve}: the MCP server on stdio, for an MCP client to spawn. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Speaks MCP on stdin/stdout (one JSON-RPC message per line) for an MCP client to spawn.",
      "Uses the running snap-mcp bridge, or starts one in this process when there is none."
    })
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port of the bridge to start when none is running (default ${DEFAULT-VALUE}).")
  int port = Protocol.DEFAULT_PORT;

  @Mixin StateDirOption stateDir;

  @Override
  public Integer call() throws Exception {
    // stdout belongs to MCP from here on: keep the real one for the transport and send everything else
    // (whatever any library prints to System.out) to stderr.
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    new SnapMcpServer(stateDir.resolve(), stateDir.storeUrl(), port, new InProcessBridge())
        .serve(new FileInputStream(FileDescriptor.in), protocolOut);
    return 0;
  }
}
