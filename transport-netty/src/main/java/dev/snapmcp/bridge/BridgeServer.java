package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.Cluster;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.StateFiles;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge: holds the browsers' WebSockets and serves the control API on one loopback port, recording every
 * connect and disconnect in the session store.
 *
 * <pre>{@code
 * try (BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build())) {
 *   bridge.start();
 *   int port = bridge.port();
 * }
 * }</pre>
 *
 * <p>{@link #start()} refuses (with a {@link BridgeException} naming pid and port) while another live bridge is
 * registered in the store, takes over the record of a dead one (the store then marks its sessions {@code
 * bridge_restarted}), and writes a fresh control API token to {@code <stateDir>/bridge.token} (mode 0600). {@link
 * #close()} closes every connection ({@code bridge_stopped}), waits for the store to record it, and releases the
 * record. See {@code WebSocketAuthTest} and {@code BridgeLifecycleTest} for whole round trips.
 *
 * <p>When the store offers a {@link Cluster} (PostgreSQL), the bridge is one node of several instead: it claims no
 * bridge record but joins the store's node directory, and commands for tabs other nodes hold travel through the store
 * ({@code ClusterNode}, docs/cluster.md).
 */
public final class BridgeServer implements Closeable {

  /** The file in the state folder holding the control API's bearer token. */
  public static final String TOKEN_FILE = StateFiles.BRIDGE_TOKEN;

  private static final Logger log = LoggerFactory.getLogger(BridgeServer.class);
  private static final long CLOSE_WAIT_MILLIS = 5_000;
  private static final int STORE_THREADS = 64;

  /**
   * How often a connection's sign of life is written to the store ({@code lastSeenAt}). Every write rewrites the whole
   * file, so with many tabs open this stays coarse; the control API's live view has the precise instant.
   */
  private static final java.time.Duration STORE_TOUCH_EVERY = java.time.Duration.ofMinutes(1);

  private final BridgeConfig config;
  private final SessionStore store;
  private final long pid = ProcessHandle.current().pid();
  private final Object lifecycle = new Object();

  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private ExecutorService storeExecutor;
  private SessionRegistry registry;
  private CommandRouter router;
  private ClusterNode node;
  private Timers timers;
  private Channel serverChannel;
  private ScheduledFuture<?> heartbeat;
  private volatile int port = -1;
  private volatile Instant startedAt;
  private String token;
  private boolean started;
  private boolean running;
  private boolean closed;

  public BridgeServer(BridgeConfig config) {
    this.config = config;
    this.store = config.store();
  }

  /**
   * Binds, registers in the store and starts serving.
   *
   * @throws BridgeException if a live bridge is registered, the port is taken, or the token cannot be written
   */
  public BridgeServer start() {
    synchronized (lifecycle) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      Optional<Cluster> cluster = store.cluster();
      Optional<BridgeRecord> existing = cluster.isPresent() ? Optional.empty() : store.bridge();
      if (existing.isPresent() && existing.get().isLiveAt(config.clock().instant())) {
        throw alreadyRunning(existing.get());
      }
      token = newToken();
      storeExecutor = newStoreExecutor();
      acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("snap-mcp-bridge-accept", true),
          NioIoHandler.newFactory());
      ioGroup = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("snap-mcp-bridge-io", true),
          NioIoHandler.newFactory());
      timers = Timers.on(ioGroup);
      Tabs tabs = new Tabs(config.clock(), timers, config.reconnectGrace(), config.maxPendingCommands());
      registry = new SessionRegistry(store, storeExecutor, config.clock(), STORE_TOUCH_EVERY, tabs);
      router = new CommandRouter(store, registry, storeExecutor);
      HelloThrottle throttle = HelloThrottle.of(config);
      ConnectionsPerAddress perAddress = new ConnectionsPerAddress(config.maxConnectionsPerAddress());
      ControlApiHandler.BridgeStatus status =
          new ControlApiHandler.BridgeStatus() {
            @Override
            public int port() {
              return port;
            }

            @Override
            public Instant startedAt() {
              return startedAt;
            }
          };
      BridgeServerInitializer initializer =
          new BridgeServerInitializer(
              config,
              () -> port,
              token,
              registry,
              () -> new ControlApiHandler(config, registry, storeExecutor, status, router),
              () -> new HelloHandler(config, registry, storeExecutor, throttle, perAddress));
      boolean claimed = false;
      try {
        bind(initializer);
        startedAt = config.clock().instant();
        if (cluster.isPresent()) {
          // One of several nodes sharing the store: no single bridge record (claiming it would disconnect the other
          // nodes' tabs); the node directory has this node instead.
          node = new ClusterNode(cluster.get(), config, port, registry, router, storeExecutor, timers);
          node.start();
          router.routeThrough(node);
        } else {
          Optional<BridgeRecord> live =
              store.claimBridge(
                  new BridgeRecord(pid, config.host(), port, startedAt, startedAt, config.version()),
                  record -> record.isLiveAt(config.clock().instant()));
          if (live.isPresent()) {
            throw alreadyRunning(live.get());
          }
          claimed = true;
        }
        writeToken();
      } catch (RuntimeException e) {
        if (claimed) {
          releaseQuietly();
        }
        if (node != null) {
          node.close();
        }
        shutDownQuietly();
        throw e;
      }
      running = true;
      long every = config.heartbeatEvery().toMillis();
      heartbeat = ioGroup.next().scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
      log.info(
          "snap-mcp bridge {} listening on ws://{}:{}/ws and http://{}:{}/api/v1/ (pid {}, state {})",
          config.version(), config.host(), port, config.host(), port, pid, store.stateDir());
      return this;
    }
  }

  /** The port actually bound. */
  public int port() {
    if (port < 0) {
      throw new IllegalStateException("not started");
    }
    return port;
  }

  /** Commands queued or running for {@code session} (for tests of the queue). */
  int queued(String session) {
    return registry.tabs().tab(session).size();
  }

  /** The address bound. */
  public String host() {
    return config.host();
  }

  /** Where the control API token is ({@code <stateDir>/bridge.token}). */
  public Path tokenFile() {
    return StateFiles.bridgeToken(store.stateDir());
  }

  /** Closes every connection, records that in the store, releases the bridge record and stops. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed || !running) {
        closed = true;
        return;
      }
      closed = true;
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
      if (serverChannel != null) {
        serverChannel.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
      }
      List<BridgeConnection> open = registry.connections();
      for (BridgeConnection c : open) {
        c.close("bridge_stopped", null, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
      }
      for (BridgeConnection c : open) {
        c.channel().closeFuture().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
      }
      try {
        registry.drained().get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.warn("the store did not record every disconnect within {} ms", CLOSE_WAIT_MILLIS);
      } catch (Exception e) {
        log.warn("recording disconnects failed: {}", e.toString());
      }
      try {
        if (node != null) {
          node.close();
        } else {
          store.releaseBridge(pid);
        }
        deleteTokenIfOurs();
      } catch (RuntimeException e) {
        log.warn("could not release the bridge record: {}", e.getMessage());
      }
      shutDownQuietly();
      log.info("snap-mcp bridge on port {} stopped", port);
    }
  }

  private void bind(BridgeServerInitializer initializer) {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer);
    try {
      serverChannel = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
    } catch (Exception e) {
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new BridgeException(
            "port "
                + config.port()
                + " on "
                + config.host()
                + " is in use by another program; stop it or choose another port with --port");
      }
      throw new BridgeException("could not listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  private static BridgeException alreadyRunning(BridgeRecord r) {
    return new BridgeException(
        "a snap-mcp bridge is already running (pid " + r.pid() + ", port " + r.port() + "); use it, or stop it first");
  }

  /** Every few seconds: refresh the record, and drop tabs whose session was revoked or ran out meanwhile. */
  private void heartbeat() {
    storeExecutor.execute(
        () -> {
          try {
            if (node != null) {
              node.beat();
            } else if (!store.heartbeatBridge(pid)) {
              log.warn("the store's bridge record is no longer this bridge's (another bridge took over?)");
            }
            closeRevokedAndExpired();
          } catch (RuntimeException e) {
            log.warn("could not refresh the bridge record: {}", e.getMessage());
          }
        });
  }

  /**
   * A session revoked (or purged) by another process, or expired, must stop carrying commands even though its socket
   * is still open: the store is the authority, so it is read here rather than trusted from the hello.
   */
  private void closeRevokedAndExpired() {
    Map<String, Session> stored = new HashMap<>();
    for (Session s : store.list()) {
      stored.put(s.id(), s);
    }
    registry.forgetAllBut(stored.keySet());
    List<BridgeConnection> open = registry.connections();
    Instant now = config.clock().instant();
    for (BridgeConnection c : open) {
      if (!c.welcomed()) {
        continue;
      }
      Session s = stored.get(c.sessionId());
      if (s == null || s.revoked()) {
        log.info("session {}: revoked or removed; closing {}", c.sessionId(), c.id());
        c.close(
            "revoked",
            new Frame.Error(WebSocketErrorCode.UNAUTHORIZED, "this session was revoked: pair again with a new session"),
            WebSocketCloseStatus.POLICY_VIOLATION);
      } else if (s.isExpiredAt(now)) {
        log.info("session {}: expired; closing {}", c.sessionId(), c.id());
        c.close(
            WebSocketErrorCode.EXPIRED.code(),
            new Frame.Error(WebSocketErrorCode.EXPIRED, "this session has expired: make a new one (snap_pair or snap-mcp session new)"),
            WebSocketCloseStatus.POLICY_VIOLATION);
      }
    }
  }

  private void releaseQuietly() {
    try {
      store.releaseBridge(pid);
    } catch (RuntimeException e) {
      log.warn("could not release the bridge record: {}", e.getMessage());
    }
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Writes the token beside the store, readable by this user only, replacing the file atomically. */
  private void writeToken() {
    Path target = tokenFile();
    try {
      StateFiles.writePrivate(target, token);
    } catch (IOException e) {
      throw new BridgeException("could not write the control API token to " + target + ": " + e.getMessage(), e);
    }
  }

  private void deleteTokenIfOurs() {
    Path file = tokenFile();
    try {
      StateFiles.deleteIfHolds(file, token); // a successor's token stays
    } catch (IOException e) {
      log.debug("could not remove {}: {}", file, e.toString());
    }
  }

  private void shutDownQuietly() {
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
    }
    if (acceptGroup != null) {
      acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_WAIT_MILLIS);
    }
    if (ioGroup != null) {
      ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(CLOSE_WAIT_MILLIS);
    }
    if (storeExecutor != null) {
      storeExecutor.shutdown();
      try {
        if (!storeExecutor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
          storeExecutor.shutdownNow();
        }
      } catch (InterruptedException e) {
        storeExecutor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Store calls do file I/O and must not run on an event loop. Many threads (made on demand, dropped when idle), because
   * a store call blocks for a whole commit and the store batches the calls that wait together into one commit: the
   * more browsers connect at once, the more share each fsync. Per-session order is kept by the registry's queues.
   */
  private static ExecutorService newStoreExecutor() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            STORE_THREADS, STORE_THREADS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            new DefaultThreadFactory("snap-mcp-bridge-store", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
