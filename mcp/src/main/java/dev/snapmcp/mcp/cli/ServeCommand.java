package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.mcp.SnapMcpServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.Duration;
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

  @Option(names = "--reconnect-grace", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long the bridge this process starts waits for a tab that dropped (e.g. reloaded) before"
          + " calls for it fail (default: 30s).")
  Duration reconnectGrace = BridgeConfig.DEFAULT_RECONNECT_GRACE;

  @Mixin StateDirOption stateDir;

  /**
   * {@code serve} with its plain options ({@code --port N}, {@code --port=N}, {@code --state-dir DIR}, {@code
   * --state-dir=DIR}) read without picocli, whose set-up (reflection over every command, old class files the JVM's
   * start-up caches cannot hold) is a large part of the start a client waits for. Anything else (help, a mistake, an
   * option not listed here) gives null, and the whole command line goes through picocli as before.
   */
  static ServeCommand parseQuickly(String[] args) {
    if (args.length == 0 || !args[0].equals("serve")) {
      return null;
    }
    ServeCommand serve = new ServeCommand();
    serve.stateDir = new StateDirOption();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      if (!name.equals("--port") && !name.equals("--state-dir") || !seen.add(name)) {
        return null; // unknown, or given twice (picocli's error)
      }
      String value = equals >= 0 ? arg.substring(equals + 1) : ++i < args.length ? args[i] : null;
      if (value == null || value.isEmpty() || value.startsWith("-")) {
        return null;
      }
      if (name.equals("--port")) {
        if (!value.matches("[0-9]{1,5}")) {
          return null;
        }
        serve.port = Integer.parseInt(value);
      } else {
        serve.stateDir.stateDir = java.nio.file.Path.of(value);
      }
    }
    return serve;
  }

  @Override
  public Integer call() throws Exception {
    // stdout belongs to MCP from here on: keep the real one for the transport and send everything else
    // (whatever any library prints to System.out) to stderr.
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    new SnapMcpServer(stateDir.resolve(), port, new InProcessBridge(reconnectGrace))
        .serve(new FileInputStream(FileDescriptor.in), protocolOut);
    return 0;
  }
}
