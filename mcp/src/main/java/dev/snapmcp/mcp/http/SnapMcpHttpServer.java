package dev.snapmcp.mcp.http;

import dev.snapmcp.mcp.EmbeddedBridge;
import dev.snapmcp.mcp.SnapMcpFeatures;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code snap-mcp serve --http [HOST:]PORT}: MCP over streamable HTTP at {@value #ENDPOINT}, both protocol eras at
 * that one place (2026-07-28 stateless through the SDK's {@code HttpServletMcpTransport}; 2025-03-26 to 2025-11-25
 * with sessions through its {@code HttpServletStreamableServerTransportProvider}), on embedded Jetty, with the same
 * tools over the same bridge as stdio ({@link SnapMcpFeatures}). Every request passes {@link RequestGuard} first
 * (Host, Origin, and a key from {@link HttpKeys} beyond loopback).
 *
 * <pre>{@code
 * try (SnapMcpHttpServer server = SnapMcpHttpServer.start(HttpAddress.parse("8080"), stateDir, 7627, bridge)) {
 *   server.url(); // http://127.0.0.1:8080/mcp
 * }
 * }</pre>
 *
 * Only this class and its package load Jetty: stdio never does.
 */
public final class SnapMcpHttpServer implements AutoCloseable {

  /** The path of the MCP endpoint. */
  public static final String ENDPOINT = "/mcp";

  private static final Logger LOG = LoggerFactory.getLogger(SnapMcpHttpServer.class);
  /** SSE comments this often keep a quiet stream (and the proxies on its way) open. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  /** A connection with no traffic for this long is closed (streams send keep-alives well within it). */
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);
  /** How long a stop waits for requests in flight. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

  private final Server jetty;
  private final SnapMcpFeatures features;
  private final HttpServletMcpTransport modern;
  private final McpSyncServer legacyServer;
  private final String url;
  private final HttpKeys keys;

  private SnapMcpHttpServer(Server jetty, SnapMcpFeatures features, HttpServletMcpTransport modern,
      McpSyncServer legacyServer, String url, HttpKeys keys) {
    this.jetty = jetty;
    this.features = features;
    this.modern = modern;
    this.legacyServer = legacyServer;
    this.url = url;
    this.keys = keys;
  }

  /**
   * Starts serving.
   *
   * @param address where to listen
   * @param stateDir the state folder (store, bridge token, keys)
   * @param bridgePort where to start a bridge when none is running
   * @param embedded starts an in-process bridge
   * @throws IllegalStateException when bound beyond loopback with no key made yet (every request would be refused)
   * @throws Exception when the address cannot be bound
   */
  public static SnapMcpHttpServer start(HttpAddress address, Path stateDir, int bridgePort, EmbeddedBridge embedded)
      throws Exception {
    return start(address, stateDir, null, bridgePort, embedded, dev.snapmcp.mcp.tools.ProjectFiles.defaultFolder());
  }

  /**
   * As above, with the sessions where {@code storeUrl} says (null: the file in {@code stateDir}) and the one folder
   * the project tools load from and save to ({@code serve --projects-dir}).
   */
  public static SnapMcpHttpServer start(HttpAddress address, Path stateDir, String storeUrl, int bridgePort,
      EmbeddedBridge embedded, Path projectsDir) throws Exception {
    Objects.requireNonNull(address, "address");
    // With a shared store, the keys are the store's: every node's serve --http accepts the same keys.
    HttpKeys keys = HttpKeys.open(stateDir, storeUrl, Clock.systemUTC());
    RequestGuard guard = new RequestGuard(address, keys);
    if (guard.keyRequired() && !keys.any()) {
      keys.close();
      throw new IllegalStateException((address.publicUrl() != null ? "clients reach this server through "
          + address.publicUrl() : address.host() + " is beyond loopback") + ", so every client needs a key, and there "
          + "is none yet: make one with 'snap-mcp key new" + (storeUrl == null ? "" : " --store …") + "' first");
    }
    SnapMcpFeatures features = new SnapMcpFeatures(stateDir, storeUrl, bridgePort, embedded, projectsDir);
    HttpServletMcpTransport modern = null;
    McpSyncServer legacyServer = null;
    Server jetty = null;
    try {
      modern = HttpServletMcpTransport.builder(features.modernServer())
          .jsonMapper(features.jsonMapper())
          .endpoint(ENDPOINT)
          .httpHeaderValidator(ServerHttpHeaderValidator.NOOP) // RequestGuard checked Host and Origin already
          .maxRequestSize(EraServlet.MAX_BODY_BYTES)
          .keepAliveInterval(KEEP_ALIVE)
          .build();
      HttpServletStreamableServerTransportProvider legacy = HttpServletStreamableServerTransportProvider.builder()
          .jsonMapper(features.jsonMapper())
          .mcpEndpoint(ENDPOINT)
          .httpHeaderValidator(ServerHttpHeaderValidator.NOOP) // the same: one check for both eras, ours
          .maxRequestSize(EraServlet.MAX_BODY_BYTES)
          .keepAliveInterval(KEEP_ALIVE)
          .build();
      legacyServer = features.legacySessionServer(legacy);

      QueuedThreadPool threads = new QueuedThreadPool(64, 4);
      threads.setName("snap-mcp-http");
      threads.setDaemon(true);
      jetty = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
      connector.setHost(address.host());
      connector.setPort(address.port());
      connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
      jetty.addConnector(connector);

      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      ServletHolder holder = new ServletHolder("mcp", new EraServlet(guard, modern, legacy));
      holder.setAsyncSupported(true);
      context.addServlet(holder, ENDPOINT);
      jetty.setHandler(context);
      jetty.setStopTimeout(STOP_TIMEOUT.toMillis());
      jetty.start();

      int port = connector.getLocalPort();
      guard.port(port);
      String url = "http://" + address.urlHost() + ":" + port + ENDPOINT;
      LOG.info("serving MCP on {} ({})", url, guard.keyRequired() ? "beyond loopback: every client needs a key"
          : "loopback: a key is optional");
      warmUp(features);
      return new SnapMcpHttpServer(jetty, features, modern, legacyServer, url, keys);
    } catch (Exception | Error e) {
      closeQuietly(jetty, modern, legacyServer, features);
      keys.close();
      throw e;
    }
  }

  /**
   * Finds or starts the bridge now, as stdio does after its first answer: a tab whose extension waits to reconnect
   * finds it before any client calls a tool.
   */
  private static void warmUp(SnapMcpFeatures features) {
    Thread warmUp = new Thread(() -> {
      try {
        features.link().client();
      } catch (RuntimeException e) {
        LOG.warn("no bridge yet: {}", e.getMessage());
      }
    }, "snap-mcp-bridge-warmup");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  /** The endpoint's URL, with the port actually bound. */
  public String url() {
    return url;
  }

  /** The port actually bound. */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** Where it listens, as bound. */
  public InetSocketAddress address() {
    ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /**
   * Ends the sessions and their open streams (so no client's stream holds the stop up), stops listening (requests in
   * flight get {@link #STOP_TIMEOUT} to finish), then closes the tools and the bridge this process hosts.
   */
  @Override
  public void close() {
    LOG.info("shutting down the HTTP server");
    closeQuietly(jetty, modern, legacyServer, features);
    keys.close();
  }

  private static void closeQuietly(Server jetty, HttpServletMcpTransport modern, McpSyncServer legacyServer,
      SnapMcpFeatures features) {
    try {
      if (legacyServer != null) {
        legacyServer.closeGracefully();
      }
      if (modern != null) {
        modern.closeGracefully();
      }
    } catch (RuntimeException e) {
      LOG.warn("closing the MCP servers: {}", e.toString());
    }
    try {
      if (jetty != null) {
        jetty.stop();
      }
    } catch (Exception e) {
      LOG.warn("stopping Jetty: {}", e.toString());
    }
    features.close();
  }
}
