package dev.snapmcp.mcp;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StoreException;
import dev.snapmcp.core.Version;
import dev.snapmcp.mcp.tools.SnapTabs;
import dev.snapmcp.mcp.tools.SnapToolCatalog;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code snap-mcp serve}: the MCP server on a pair of streams (stdin and stdout in production), with the Snap! tools,
 * over the bridge found or started by a {@link BridgeLink}. Serves until the client closes its input.
 */
public final class SnapMcpServer {

  public static final String NAME = "snap-mcp";

  /** How long an ordinary browser op may take. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(SnapMcpServer.class);

  private static final String INSTRUCTIONS =
      "snap-mcp drives the Snap! IDE (snap.berkeley.edu) open in the user's own browser. Start with snap_status; if "
          + "no tab is connected, call snap_pair and give the user its instructions. Read the project with "
          + "snap_get_project; write scripts in Snap!'s text syntax, e.g. (receiveGo) (forward 10) (turn 15), "
          + "looking up block names with snap_find_blocks; run them with snap_run and look with snap_screenshot. "
          + "Every change keeps an undo checkpoint: snap_undo takes it back.";

  private final Path stateDir;
  private final String storeUrl;
  private final int port;
  private final EmbeddedBridge embedded;

  /**
   * @param stateDir the state folder (store and bridge token)
   * @param port where to start a bridge when none is running
   * @param embedded starts an in-process bridge
   */
  public SnapMcpServer(Path stateDir, int port, EmbeddedBridge embedded) {
    this(stateDir, null, port, embedded);
  }

  /**
   * @param stateDir the state folder (the bridge token; the store too when {@code storeUrl} is null)
   * @param storeUrl where the sessions live ({@code postgresql://…}), or null for the file in {@code stateDir}
   * @param port where to start a bridge when none is running
   * @param embedded starts an in-process bridge
   */
  public SnapMcpServer(Path stateDir, String storeUrl, int port, EmbeddedBridge embedded) {
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.storeUrl = storeUrl;
    this.port = port;
    this.embedded = Objects.requireNonNull(embedded, "embedded");
  }

  /** Serves MCP on {@code in}/{@code out} until {@code in} ends. */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    StdioGuard guard = new StdioGuard(in, out);
    Supplier<SessionStore> store = new LazyStore(stateDir, storeUrl);
    BridgeLink link = new BridgeLink(stateDir, port, () -> ((LazyStore) store).ifOpenable(), embedded,
        Duration.ofSeconds(10), Clock.systemUTC());
    SnapTabs tabs = new SnapTabs(link, store, COMMAND_TIMEOUT);
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(new JacksonMcpJsonMapper(Json.mapper()), guard.input(), guard.output());
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo(NAME, Version.CURRENT)
            .jsonMapper(new JacksonMcpJsonMapper(Json.mapper()))
            .jsonSchemaValidator(new LazySchemaValidator())
            .instructions(INSTRUCTIONS)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .tools(SnapToolCatalog.specifications(tabs))
            .build();
    // The extension may be waiting to reconnect: find or start the bridge soon, but after the answer to initialize
    // (on two cores, starting Netty alongside would delay that answer).
    Thread warmUp = new Thread(() -> {
      try {
        guard.firstLineWritten().get();
        link.client();
      } catch (RuntimeException | ExecutionException e) {
        LOG.warn("no bridge yet: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "snap-mcp-bridge-warmup");
    warmUp.setDaemon(true);
    warmUp.start();
    try {
      guard.endOfInput().get();
    } catch (ExecutionException e) {
      LOG.warn("stdin failed: {}", e.getMessage());
    } finally {
      LOG.info("the MCP client closed stdin; shutting down");
      server.closeGracefully();
      tabs.close();
      link.close();
      ((LazyStore) store).close();
    }
  }

  /** Opens the store on first use: start-up does not pay for it, and a broken store only fails the tools needing it. */
  private static final class LazyStore implements Supplier<SessionStore> {
    private final Path stateDir;
    private final String url;
    private SessionStore store;

    LazyStore(Path stateDir, String url) {
      this.stateDir = stateDir;
      this.url = url;
    }

    @Override
    public synchronized SessionStore get() {
      if (store == null) {
        store = SessionStores.open(url, stateDir, Clock.systemUTC());
      }
      return store;
    }

    /** The store, or empty when it cannot be opened (discovery then falls back to the default port). */
    Optional<SessionStore> ifOpenable() {
      try {
        return Optional.of(get());
      } catch (StoreException e) {
        LOG.debug("store not available: {}", e.getMessage());
        return Optional.empty();
      }
    }

    synchronized void close() {
      if (store != null) {
        store.close();
      }
    }
  }
}
