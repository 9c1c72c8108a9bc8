package dev.snapmcp.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import dev.snapmcp.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * One Playwright, one Snap! page server and one Chromium (Debian's, with the extension loaded unpacked, a fresh
 * profile) per test class; each test opens its own pages. Only 127.0.0.1 (and the extension itself) is reachable:
 * Snap! would otherwise load an analytics script that delays {@code window.onload}, where its IDE is built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(FailureCapture.class)
abstract class SnapBrowserTest {

  /** Fixed by the manifest's {@code key}; the bridge's allowlist names it. */
  static final String EXTENSION_ID = dev.snapmcp.bridge.protocol.Protocol.EXTENSION_ID;
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SNAP_MCP_CHROMIUM", "/usr/bin/chromium"));
  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  protected Path snapHome;
  protected SnapPageServer snap;
  protected Playwright playwright;
  protected BrowserContext browser;
  private Path profile;
  private final List<String> console = new ArrayList<>();

  @BeforeAll
  void startBrowser() throws IOException {
    snapHome = SnapHome.locate();
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException("Chromium is needed at " + CHROMIUM + ": `apt-get install chromium` (./run-tests does it)");
    }
    snap = SnapPageServer.start(snapHome);
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    profile = Files.createTempDirectory("snap-mcp-e2e-profile");
    browser = launch(profile);
  }

  private BrowserContext launch(Path profileDir) {
    String extension = extensionDir().toString();
    BrowserContext context = playwright.chromium().launchPersistentContext(profileDir,
        new BrowserType.LaunchPersistentContextOptions()
            .setExecutablePath(CHROMIUM)
            .setHeadless(!"0".equals(System.getenv("SNAP_MCP_HEADLESS")))
            .setServiceWorkers(ServiceWorkerPolicy.BLOCK)
            .setViewportSize(1280, 720)
            .setArgs(List.of("--disable-extensions-except=" + extension, "--load-extension=" + extension,
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost")));
    context.route("**/*", SnapBrowserTest::onlyLoopback);
    context.onPage(page -> {
      page.onConsoleMessage(m -> log(page, m.type() + ": " + m.text()));
      page.onPageError(e -> log(page, "pageerror: " + e));
    });
    return context;
  }

  private static void onlyLoopback(Route route) {
    URI url = URI.create(route.request().url());
    if ("127.0.0.1".equals(url.getHost()) || "chrome-extension".equals(url.getScheme())) {
      route.resume();
    } else {
      route.abort();
    }
  }

  private void log(Page page, String line) {
    synchronized (console) {
      console.add(Instant.now() + " " + page.url() + " " + line);
    }
  }

  /** The page console so far (for failure reports). */
  List<String> console() {
    synchronized (console) {
      return List.copyOf(console);
    }
  }

  static Path extensionDir() {
    String configured = System.getProperty("snapmcp.extension");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "extension");
    return dir.toAbsolutePath().normalize();
  }

  /**
   * The extension's page scripts (its MAIN-world content scripts), in the order manifest.json lists them: the one list
   * the browser and the extension's worker inject, so a test that injects them by hand does the same.
   */
  static List<Path> pageScripts() {
    try {
      JsonNode manifest = Json.mapper().readTree(Files.readString(extensionDir().resolve("manifest.json")));
      JsonNode main = manifest.path("content_scripts").valueStream()
          .filter(s -> "MAIN".equals(s.path("world").asString())).findFirst().orElseThrow();
      return main.path("js").valueStream().map(js -> extensionDir().resolve(js.asString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path artifactsDir() {
    String configured = System.getProperty("snapmcp.artifacts");
    Path dir = configured != null ? Path.of(configured) : Path.of("target", "e2e");
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes what the previous test opened (kept open until now so a failure can be photographed). */
  @BeforeEach
  void closePreviousPages() {
    browser.pages().forEach(Page::close);
    snap.reset();
  }

  /** Opens Snap! ({@code snap.html} plus {@code suffix}, e.g. a #fragment) in a new tab and waits until it is ready. */
  Page openReadySnap(String suffix) {
    Page page = browser.newPage();
    page.navigate(snap.url("snap.html" + suffix).toString());
    awaitReady(page);
    return page;
  }

  Page openReadySnap() {
    return openReadySnap("");
  }

  /** Waits until the extension's page script says Snap! is ready. */
  static void awaitReady(Page page) {
    page.waitForFunction("() => !!window.snapMcp && window.snapMcp.readiness().ready", null,
        new Page.WaitForFunctionOptions().setTimeout(READY_TIMEOUT.toMillis()).setPollingInterval(50));
  }

  /** Runs one op through the extension's page script, as the bridge would: the answer {ok, value | error}. */
  static JsonNode exec(Page page, String op, Map<String, ?> args) {
    Object answer = page.evaluate("([op, args]) => window.snapMcp.exec(op, args)", List.of(op, args));
    return Json.mapper().valueToTree(answer);
  }

  /** The readiness the page script reports right now. */
  static JsonNode readiness(Page page) {
    return Json.mapper().valueToTree(page.evaluate("() => window.snapMcp ? window.snapMcp.readiness() : null"));
  }

  @AfterAll
  void stopBrowser() throws IOException {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (snap != null) {
      snap.close();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
