package dev.snapmcp.mcp.cli;

import dev.snapmcp.mcp.http.HttpAddress;
import dev.snapmcp.mcp.http.SnapMcpHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve --http}: starts the HTTP server and keeps it until the process is told to stop (SIGTERM, SIGINT),
 * then closes it (and the bridge it hosts) before the JVM exits. stdin is left alone. A class of its own so that
 * {@code serve} on stdio never loads a Jetty class, not even to verify {@link ServeCommand}.
 */
final class HttpServe {

  private HttpServe() {}

  static int run(HttpAddress address, Path stateDir, String storeUrl, int bridgePort, Duration reconnectGrace,
      Path projectsDir) throws Exception {
    SnapMcpHttpServer server =
        SnapMcpHttpServer.start(address, stateDir, storeUrl, bridgePort, new InProcessBridge(reconnectGrace),
            projectsDir);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      closed.countDown();
    }, "snap-mcp-http-shutdown"));
    System.err.println("snap-mcp: serving MCP on " + server.url() + " until stopped (Ctrl-C or SIGTERM)");
    closed.await();
    return 0;
  }
}
