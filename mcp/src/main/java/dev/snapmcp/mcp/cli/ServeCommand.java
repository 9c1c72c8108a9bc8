package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.mcp.SnapMcpServer;
import dev.snapmcp.mcp.http.HttpAddress;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code snap-mcp serve}: the MCP server on stdio, for an MCP client to spawn. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Speaks MCP on stdin/stdout (one JSON-RPC message per line) for an MCP client to spawn, or with --http over",
      "streamable HTTP at http://HOST:PORT/mcp until stopped (both protocol eras either way).",
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

  @Option(names = "--http", paramLabel = "[HOST:]PORT",
      description = "Serve MCP over HTTP instead of stdio, at http://HOST:PORT/mcp (HOST defaults to 127.0.0.1). "
          + "Beyond loopback every client needs a key ('snap-mcp key new'); on loopback a key is optional.")
  String http;

  @Option(names = "--public-url", paramLabel = "URL",
      description = "With --http behind a reverse proxy (TLS, a load balancer): the URL clients use, e.g. "
          + "https://snap.school.example. Requests naming it pass the Host check, and every client needs a key.")
  String publicUrl;

  @Spec CommandSpec spec;

  @Option(names = "--projects-dir", paramLabel = "DIR", description = "The one folder snap_save_project writes to and "
      + "snap_load_project reads from (default ~/snap-projects, made on the first save).")
  java.nio.file.Path projectsDir;

  /**
   * {@code serve} with its plain options ({@code --port N}, {@code --port=N}, {@code --state-dir DIR}, {@code
   * --state-dir=DIR}, {@code --projects-dir DIR}, {@code --store URL} likewise) read without picocli, whose set-up
   * (reflection over every command, old class files the JVM's start-up caches cannot hold) is a large part of the start
   * a client waits for. Anything else (help, a mistake, an
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
      if (!name.equals("--port") && !name.equals("--state-dir") && !name.equals("--projects-dir")
          && !name.equals("--store") || !seen.add(name)) {
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
      } else if (name.equals("--projects-dir")) {
        serve.projectsDir = java.nio.file.Path.of(value);
      } else if (name.equals("--store")) {
        serve.stateDir.store = value;
      } else {
        serve.stateDir.stateDir = java.nio.file.Path.of(value);
      }
    }
    return serve;
  }

  @Override
  public Integer call() throws Exception {
    if (publicUrl != null && http == null) {
      throw new ParameterException(spec.commandLine(), "--public-url goes with --http (it names where HTTP clients "
          + "reach this server)");
    }
    if (http != null) {
      HttpAddress address;
      try {
        address = HttpAddress.parse(http);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
      }
      try {
        address = publicUrl == null ? address : address.withPublicUrl(publicUrl);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--public-url: " + e.getMessage());
      }
      return HttpServe.run(address, stateDir.resolve(), stateDir.storeUrl(), port, reconnectGrace, projects());
    }
    // stdout belongs to MCP from here on: keep the real one for the transport and send everything else
    // (whatever any library prints to System.out) to stderr.
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    new SnapMcpServer(stateDir.resolve(), stateDir.storeUrl(), port, new InProcessBridge(reconnectGrace), projects())
        .serve(new FileInputStream(FileDescriptor.in), protocolOut);
    return 0;
  }

  /** {@code --projects-dir}, or the default folder (~/snap-projects). */
  private java.nio.file.Path projects() {
    return projectsDir != null ? projectsDir : dev.snapmcp.mcp.tools.ProjectFiles.defaultFolder();
  }
}
