package dev.snapmcp.bridge;

import dev.snapmcp.bridge.control.CommandRequest;
import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.Version;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link BridgeServer} listens and what it tolerates. Build one with {@link #builder(SessionStore)}; every limit
 * has the default written in {@code docs/protocol.md}.
 *
 * @param host the address to bind (default {@code 127.0.0.1}; anything else is reachable from other machines)
 * @param port the port to bind (default {@link Protocol#DEFAULT_PORT}; 0 picks a free one, read it back with {@link
 *     BridgeServer#port()})
 * @param allowedOrigins WebSocket origins accepted besides {@link Protocol#DEFAULT_ORIGINS}; a trailing {@code :*}
 *     matches any port
 * @param maxFrameBytes the largest frame accepted, and the largest control API body (a command travels to the tab in one
 *     frame)
 * @param maxPendingCommands commands a session may have queued or running before more are refused with {@code busy}
 * @param maxConnectionsPerAddress WebSocket connections one remote address may hold, and, counted apart, HTTP
 *     connections (not yet upgraded to a WebSocket)
 * @param helloTimeout how long a new WebSocket may take to say hello
 * @param pingInterval how often the bridge pings a quiet connection
 * @param idleTimeout how long a connection may send nothing (no frame, no pong) before {@code heartbeat_timeout}
 * @param commandTimeout the timeout of a command that names none
 * @param maxCommandTimeout the longest timeout a command may ask for
 * @param failedHelloLimit failed hellos per (origin, session id) in {@code failedHelloWindow} answered at once; later
 *     failures are answered after a growing delay, up to {@code failedHelloDelay}. A hello that verifies is never
 *     delayed or refused for them: nothing is counted by address (every browser tab is 127.0.0.1)
 * @param failedHelloWindow how long a failed hello is remembered
 * @param failedHelloDelay the longest delay before a failed hello's answer
 * @param maxHandshakesPerOrigin WebSockets one origin may have open and not yet proven (hello to welcome, including a
 *     failure's delayed answer); more are refused with {@code rate_limited}
 * @param heartbeatEvery how often the bridge refreshes its record in the store
 * @param requestTimeout how long an HTTP request may take to arrive whole (head and body) from its first byte, and a new
 *     connection to send its first byte
 * @param store the session store the bridge authenticates against and records connections in
 * @param clock the source of "now"
 * @param version snap-mcp's version, reported in welcome and health (default {@link Version#CURRENT})
 * @param reconnectGrace how long a session whose tab dropped (not by closing) is {@code reconnecting}: commands for it
 *     wait for the tab to come back (default {@link #DEFAULT_RECONNECT_GRACE})
 * @param advertise the URL tabs reach this bridge by when it is a node of a cluster (recorded in the node directory),
 *     or null
 * @param insecureForTesting whether plain (non-TLS) connections from other machines are accepted; false by default:
 *     beyond loopback a reverse proxy terminates TLS and connects from loopback (docs/cluster.md)
 */
public record BridgeConfig(
    String host,
    int port,
    List<String> allowedOrigins,
    int maxFrameBytes,
    int maxPendingCommands,
    int maxConnectionsPerAddress,
    Duration helloTimeout,
    Duration pingInterval,
    Duration idleTimeout,
    Duration commandTimeout,
    Duration maxCommandTimeout,
    int failedHelloLimit,
    Duration failedHelloWindow,
    Duration failedHelloDelay,
    int maxHandshakesPerOrigin,
    Duration heartbeatEvery,
    Duration requestTimeout,
    SessionStore store,
    Clock clock,
    String version,
    Duration reconnectGrace,
    String advertise,
    boolean insecureForTesting) {

  /** How long a dropped tab is expected back by default. */
  public static final Duration DEFAULT_RECONNECT_GRACE = Duration.ofSeconds(30);

  private static final java.util.regex.Pattern ORIGIN_SHAPE =
      java.util.regex.Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^/\\s:?#]+(:(\\d{1,5}|\\*))?");

  public BridgeConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(reconnectGrace, "reconnectGrace");
    if (reconnectGrace.isNegative()) {
      throw new IllegalArgumentException("reconnectGrace must not be negative: " + reconnectGrace);
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, not " + port);
    }
    positive(maxFrameBytes, "maxFrameBytes");
    positive(maxPendingCommands, "maxPendingCommands");
    positive(maxConnectionsPerAddress, "maxConnectionsPerAddress");
    positive(failedHelloLimit, "failedHelloLimit");
    positive(maxHandshakesPerOrigin, "maxHandshakesPerOrigin");
    Objects.requireNonNull(failedHelloDelay, "failedHelloDelay");
    if (failedHelloDelay.isNegative()) {
      throw new IllegalArgumentException("failedHelloDelay must not be negative: " + failedHelloDelay);
    }
    for (Duration d :
        List.of(
            helloTimeout,
            pingInterval,
            idleTimeout,
            commandTimeout,
            maxCommandTimeout,
            failedHelloWindow,
            heartbeatEvery,
            requestTimeout)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive: " + d);
      }
    }
  }

  /** Every origin the WebSocket handshake accepts: the defaults, then the extra ones. */
  public List<String> originPatterns() {
    List<String> all = new ArrayList<>(Protocol.DEFAULT_ORIGINS);
    all.addAll(allowedOrigins);
    return List.copyOf(all);
  }

  /** A builder with every default, over {@code store}. */
  public static Builder builder(SessionStore store) {
    return new Builder(store);
  }

  /** A copy of this configuration to change a few values. */
  public Builder toBuilder() {
    Builder b = new Builder(store);
    b.host = host;
    b.port = port;
    b.allowedOrigins = new ArrayList<>(allowedOrigins);
    b.maxFrameBytes = maxFrameBytes;
    b.maxPendingCommands = maxPendingCommands;
    b.maxConnectionsPerAddress = maxConnectionsPerAddress;
    b.helloTimeout = helloTimeout;
    b.pingInterval = pingInterval;
    b.idleTimeout = idleTimeout;
    b.commandTimeout = commandTimeout;
    b.maxCommandTimeout = maxCommandTimeout;
    b.failedHelloLimit = failedHelloLimit;
    b.failedHelloWindow = failedHelloWindow;
    b.failedHelloDelay = failedHelloDelay;
    b.maxHandshakesPerOrigin = maxHandshakesPerOrigin;
    b.heartbeatEvery = heartbeatEvery;
    b.requestTimeout = requestTimeout;
    b.clock = clock;
    b.version = version;
    b.reconnectGrace = reconnectGrace;
    b.advertise = advertise;
    b.insecureForTesting = insecureForTesting;
    return b;
  }

  private static void positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }

  /** Builds a {@link BridgeConfig}; unset values keep their defaults. */
  public static final class Builder {
    private final SessionStore store;
    private String host = "127.0.0.1";
    private int port = Protocol.DEFAULT_PORT;
    private List<String> allowedOrigins = new ArrayList<>();
    private int maxFrameBytes = 8 * 1024 * 1024;
    private int maxPendingCommands = 16;
    private int maxConnectionsPerAddress = 256;
    private Duration helloTimeout = Duration.ofSeconds(5);
    private Duration pingInterval = Duration.ofSeconds(15);
    private Duration idleTimeout = Duration.ofSeconds(45);
    private Duration commandTimeout = CommandRequest.DEFAULT_TIMEOUT;
    private Duration maxCommandTimeout = CommandRequest.MAX_TIMEOUT;
    private int failedHelloLimit = 3;
    private Duration failedHelloWindow = Duration.ofMinutes(1);
    private Duration failedHelloDelay = Duration.ofSeconds(2);
    private int maxHandshakesPerOrigin = 16;
    private Duration heartbeatEvery = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private String version = Version.CURRENT;
    private Duration reconnectGrace = DEFAULT_RECONNECT_GRACE;
    private String advertise;
    private boolean insecureForTesting;

    private Builder(SessionStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Adds one origin to accept: {@code scheme://host}, optionally with {@code :port} or {@code :*} (any port).
     *
     * @throws IllegalArgumentException if it is not shaped like an origin (a path or a missing scheme would never
     *     match, silently)
     */
    public Builder allowOrigin(String origin) {
      Objects.requireNonNull(origin, "origin");
      if (!ORIGIN_SHAPE.matcher(origin).matches()) {
        throw new IllegalArgumentException(
            "not an origin: \"" + origin + "\" (expected scheme://host, scheme://host:port or scheme://host:*,"
                + " e.g. https://snap.example.org)");
      }
      this.allowedOrigins.add(origin);
      return this;
    }

    public Builder maxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    public Builder maxPendingCommands(int maxPendingCommands) {
      this.maxPendingCommands = maxPendingCommands;
      return this;
    }

    public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
      this.maxConnectionsPerAddress = maxConnectionsPerAddress;
      return this;
    }

    public Builder helloTimeout(Duration helloTimeout) {
      this.helloTimeout = helloTimeout;
      return this;
    }

    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
      return this;
    }

    public Builder maxCommandTimeout(Duration maxCommandTimeout) {
      this.maxCommandTimeout = maxCommandTimeout;
      return this;
    }

    public Builder failedHelloLimit(int failedHelloLimit) {
      this.failedHelloLimit = failedHelloLimit;
      return this;
    }

    public Builder failedHelloWindow(Duration failedHelloWindow) {
      this.failedHelloWindow = failedHelloWindow;
      return this;
    }

    public Builder failedHelloDelay(Duration failedHelloDelay) {
      this.failedHelloDelay = failedHelloDelay;
      return this;
    }

    public Builder maxHandshakesPerOrigin(int maxHandshakesPerOrigin) {
      this.maxHandshakesPerOrigin = maxHandshakesPerOrigin;
      return this;
    }

    public Builder heartbeatEvery(Duration heartbeatEvery) {
      this.heartbeatEvery = heartbeatEvery;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** How long a dropped tab counts as {@code reconnecting} (0: never; commands for a dropped tab fail at once). */
    public Builder reconnectGrace(Duration reconnectGrace) {
      this.reconnectGrace = reconnectGrace;
      return this;
    }

    /**
     * The URL tabs reach this node by, behind the proxy (e.g. {@code wss://snap.school.example/ws}); recorded in the
     * cluster's node directory. Null: none.
     */
    public Builder advertise(String advertise) {
      this.advertise = advertise;
      return this;
    }

    /** Accept plain WebSockets from other machines (tests only: beyond loopback, a TLS proxy must be in front). */
    public Builder insecureForTesting(boolean insecure) {
      this.insecureForTesting = insecure;
      return this;
    }

    public BridgeConfig build() {
      return new BridgeConfig(
          host,
          port,
          allowedOrigins,
          maxFrameBytes,
          maxPendingCommands,
          maxConnectionsPerAddress,
          helloTimeout,
          pingInterval,
          idleTimeout,
          commandTimeout,
          maxCommandTimeout,
          failedHelloLimit,
          failedHelloWindow,
          failedHelloDelay,
          maxHandshakesPerOrigin,
          heartbeatEvery,
          requestTimeout,
          store,
          clock,
          version,
          reconnectGrace,
          advertise,
          insecureForTesting);
    }
  }
}
