package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeException;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.StoreException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snap-mcp bridge}: runs the bridge in the foreground until stopped (Ctrl-C or SIGTERM close it cleanly: every
 * connection is recorded as {@code bridge_stopped} and the bridge record released). Everything it says goes to stderr.
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the bridge: holds the browser extension's WebSocket and serves the control API other snap-mcp processes"
          + " use, on one loopback port, until stopped with Ctrl-C.",
    })
final class BridgeCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "" + Protocol.DEFAULT_PORT,
      description = "Port to listen on (default ${DEFAULT-VALUE}, the extension's default; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}). Anything but loopback is reachable from other"
          + " machines: the WebSocket still needs a session token, the control API still answers loopback only.")
  String host;

  @Option(
      names = "--allow-origin",
      paramLabel = "ORIGIN",
      description = "Also accept WebSockets from this page origin, e.g. https://snap.example.org or"
          + " http://192.168.1.5:* (repeatable).")
  List<String> allowOrigins = new ArrayList<>();

  @Option(names = "--reconnect-grace", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long a tab that dropped (a reload, a restarted extension) counts as reconnecting: calls for"
          + " it wait that long before they fail (default: 30s).")
  Duration reconnectGrace = BridgeConfig.DEFAULT_RECONNECT_GRACE;

  @Option(names = "--advertise", paramLabel = "URL",
      description = "With --store postgresql://…: the address tabs reach this node by, through the TLS proxy in front"
          + " (e.g. wss://snap.school.example/ws), recorded in the store's node directory.")
  String advertise;

  @Option(names = "--insecure-for-testing",
      description = "Accept plain (non-TLS) connections from other machines. For tests only: beyond loopback the"
          + " bridge belongs behind a reverse proxy that terminates TLS and connects from loopback.")
  boolean insecureForTesting;

  /** How often a node beats in the cluster's directory (3 missed beats: dead). For tests and the harness. */
  @Option(names = "--heartbeat", hidden = true, paramLabel = "DURATION", converter = DurationConverter.class)
  Duration heartbeat;

  @Mixin StateDirOption state;

  @Spec CommandSpec spec;

  /** The bridge's own loggers, which a foreground bridge shows at info: who connected, who was refused, and why. */
  private static final String BRIDGE_LOG_LEVEL = "org.slf4j.simpleLogger.log.dev.snapmcp.bridge";

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    // Must happen before the first bridge logger exists; a -D on the command line still wins.
    System.setProperty(BRIDGE_LOG_LEVEL, System.getProperty(BRIDGE_LOG_LEVEL, "info"));
    if (!isLoopback(host)) {
      err.println(insecureForTesting
          ? "snap-mcp: warning: listening on " + host + " and accepting plain connections from other machines"
              + " (--insecure-for-testing): anyone on the way can read the commands"
          : "snap-mcp: listening on " + host + ": connections from other machines are refused unless they come"
              + " through a TLS proxy on this machine (docs/cluster.md)");
      err.flush();
    }
    if (advertise != null && !advertise.matches("(?i)(wss?|https?)://[^\\s/?#]+(/[^\\s]*)?")) {
      throw new CliErrors.CliFailure("--advertise takes the URL tabs reach this node by, e.g."
          + " wss://snap.school.example/ws, not \"" + advertise + "\"");
    }
    SessionStore store = state.open();
    BridgeServer bridge;
    try {
      BridgeConfig.Builder config =
          BridgeConfig.builder(store).host(host).port(port).reconnectGrace(reconnectGrace).advertise(advertise)
              .insecureForTesting(insecureForTesting);
      if (heartbeat != null) {
        config.heartbeatEvery(heartbeat);
      }
      allowOrigins.forEach(config::allowOrigin);
      bridge = new BridgeServer(config.build());
    } catch (IllegalArgumentException e) {
      store.close();
      throw e;
    }
    try {
      bridge.start();
    } catch (BridgeException | StoreException e) {
      bridge.close();
      store.close();
      throw new CliErrors.CliFailure(e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread shutdown =
        new Thread(
            () -> {
              bridge.close();
              store.close();
              stopped.countDown();
            },
            "snap-mcp-bridge-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    err.println(
        "snap-mcp bridge: listening on " + host + ":" + bridge.port() + " (pid " + ProcessHandle.current().pid()
            + ", state " + store.stateDir() + (state.storeUrl() == null ? "" : ", store " + store.location())
            + (store.cluster().isPresent() ? ", a node of the cluster sharing it" : "")
            + "); stop with Ctrl-C");
    err.flush();
    stopped.await();
    return 0;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
