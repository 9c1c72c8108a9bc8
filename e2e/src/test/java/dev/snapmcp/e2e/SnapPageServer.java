package dev.snapmcp.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a Snap! folder over HTTP on 127.0.0.1 (port 0 by default: read it back with {@link #port()}), like a user's
 * local copy. Test behaviour is pluggable: {@link #delayScripts} holds Snap!'s scripts back (a slow network),
 * {@link #failPath} answers 404 for one file (a broken install), {@link #page} serves extra pages. It records the paths
 * it was asked for.
 */
final class SnapPageServer implements Closeable {

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css"), Map.entry("json", "application/json"), Map.entry("png", "image/png"),
      Map.entry("svg", "image/svg+xml"), Map.entry("gif", "image/gif"), Map.entry("jpg", "image/jpeg"),
      Map.entry("xml", "text/xml"), Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("wav", "audio/wav"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("ico", "image/x-icon"));

  private final Path root;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService delays;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private final Map<String, String> pages = new ConcurrentHashMap<>();
  private volatile Duration scriptDelay = Duration.ZERO;

  private SnapPageServer(Path root, HttpServer server) {
    this.root = root.toAbsolutePath().normalize();
    this.server = server;
    AtomicInteger n = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(8, r -> daemon(r, "snap-page-server-" + n.incrementAndGet()));
    this.delays = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "snap-page-server-delays"));
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
  }

  /** Starts serving {@code root} on 127.0.0.1 at {@code port} (0: any free port). */
  static SnapPageServer start(Path root, int port) {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      SnapPageServer s = new SnapPageServer(root, http);
      http.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Snap! page server", e);
    }
  }

  static SnapPageServer start(Path root) {
    return start(root, 0);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT/} followed by {@code pathAndMore} (which may carry a query and a #fragment). */
  URI url(String pathAndMore) {
    return URI.create("http://127.0.0.1:" + port() + "/" + (pathAndMore.startsWith("/") ? pathAndMore.substring(1) : pathAndMore));
  }

  /** Holds every answer for Snap!'s scripts ({@code /src/*.js}) back by {@code delay}. */
  void delayScripts(Duration delay) {
    scriptDelay = delay;
  }

  /** Answers 404 for {@code path} (e.g. {@code /src/gui.js}: Snap! then never builds its IDE). */
  void failPath(String path) {
    failing.add(path);
  }

  /** Serves {@code html} at {@code path}. */
  void page(String path, String html) {
    pages.put(path, html);
  }

  /** Back to serving the folder as it is. */
  void reset() {
    scriptDelay = Duration.ZERO;
    failing.clear();
    pages.clear();
    requests.clear();
  }

  /** The paths asked for since the last {@link #reset()}, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    requests.add(path);
    Duration delay = scriptDelay;
    if (!delay.isZero() && path.startsWith("/src/") && path.endsWith(".js")) {
      delays.schedule(() -> handlers.execute(() -> respond(exchange, path)), delay.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      respond(exchange, path);
    }
  }

  private void respond(HttpExchange exchange, String path) {
    try (exchange) {
      String extra = pages.get(path);
      if (extra != null) {
        send(exchange, 200, TYPES.get("html"), extra.getBytes(StandardCharsets.UTF_8));
        return;
      }
      Path file = root.resolve(path.equals("/") ? "snap.html" : path.substring(1)).normalize();
      if (failing.contains(path) || !file.startsWith(root) || !Files.isRegularFile(file)) {
        send(exchange, 404, TYPES.get("txt"), ("not found: " + path).getBytes(StandardCharsets.UTF_8));
        return;
      }
      String name = file.getFileName().toString();
      String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1).toLowerCase(), "application/octet-stream");
      send(exchange, 200, type, Files.readAllBytes(file));
    } catch (IOException e) {
      // The browser went away mid-answer (a reload, a closed page): nothing to tell anyone.
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    server.stop(0);
    delays.shutdownNow();
    handlers.shutdownNow();
  }
}
