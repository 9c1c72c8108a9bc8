package dev.snapmcp.mcp;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code snap-mcp serve}: MCP on a pair of streams (stdin and stdout in production) for clients of every protocol era
 * (2024-11-05 to 2025-11-25 with {@code initialize}, 2026-07-28 without), with the Snap! tools of one {@link
 * SnapMcpFeatures}. Serves until the client closes its input (then answers what it still owes) or stops reading its
 * output; either way the bridge this process hosts is closed before {@link #serve} returns.
 */
public final class SnapMcpServer {

  /** How long answers to requests already read may take once the client has closed stdin. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(SnapMcpServer.class);

  private final Path stateDir;
  private final String storeUrl;
  private final int port;
  private final EmbeddedBridge embedded;
  private final Path projectsDir;

  /**
   * @param stateDir the state folder (store and bridge token)
   * @param port where to start a bridge when none is running
   * @param embedded starts an in-process bridge
   */
  public SnapMcpServer(Path stateDir, int port, EmbeddedBridge embedded) {
    this(stateDir, null, port, embedded, dev.snapmcp.mcp.tools.ProjectFiles.defaultFolder());
  }

  /** As above, with the folder the project tools load from and save to ({@code serve --projects-dir}). */
  public SnapMcpServer(Path stateDir, int port, EmbeddedBridge embedded, Path projectsDir) {
    this(stateDir, null, port, embedded, projectsDir);
  }

  /** As above, with the sessions where {@code storeUrl} says. */
  public SnapMcpServer(Path stateDir, String storeUrl, int port, EmbeddedBridge embedded) {
    this(stateDir, storeUrl, port, embedded, dev.snapmcp.mcp.tools.ProjectFiles.defaultFolder());
  }

  /**
   * @param stateDir the state folder (the bridge token; the store too when {@code storeUrl} is null)
   * @param storeUrl where the sessions live ({@code postgresql://…}), or null for the file in {@code stateDir}
   * @param port where to start a bridge when none is running
   * @param embedded starts an in-process bridge
   * @param projectsDir the one folder the project tools load from and save to
   */
  public SnapMcpServer(Path stateDir, String storeUrl, int port, EmbeddedBridge embedded, Path projectsDir) {
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.storeUrl = storeUrl;
    this.port = port;
    this.embedded = Objects.requireNonNull(embedded, "embedded");
    this.projectsDir = Objects.requireNonNull(projectsDir, "projectsDir");
  }

  /** Serves MCP on {@code in}/{@code out} until {@code in} ends or {@code out} fails. */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    try (SnapMcpFeatures features = new SnapMcpFeatures(stateDir, storeUrl, port, embedded, projectsDir)) {
      LineWriter writer = new LineWriter(out);
      StdioRouter router = new StdioRouter(new BufferedInputStream(in, 1 << 16), writer, features);
      router.start();
      // The extension may be waiting to reconnect: find or start the bridge soon, but after the first answer (on two
      // cores, starting Netty alongside would delay it).
      writer.firstLineWritten().thenRunAsync(() -> warmUp(features), command -> {
        Thread warmUp = new Thread(command, "snap-mcp-bridge-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
      });
      router.awaitFinish(SHUTDOWN_GRACE);
      LOG.info("shutting down");
    }
  }

  private static void warmUp(SnapMcpFeatures features) {
    try {
      features.link().client();
    } catch (RuntimeException e) {
      LOG.warn("no bridge yet: {}", e.getMessage());
    }
  }
}
