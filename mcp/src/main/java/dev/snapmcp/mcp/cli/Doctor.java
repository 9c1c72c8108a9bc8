package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.control.Health;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.mcp.BridgeLink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of {@code snap-mcp doctor}, in the order a problem shows up: state folder, store, bridge, port,
 * extension, Snap!. Each prints one line, {@code ok} or {@code FAIL} with the fix.
 */
final class Doctor {

  private final Path stateDir;
  private final String storeUrl;
  private final int port;
  private final Clock clock;
  private final PrintWriter out;
  private int failures;
  private BridgeLink link;

  Doctor(Path stateDir, int port, Clock clock, PrintWriter out) {
    this(stateDir, null, port, clock, out);
  }

  /** @param storeUrl the store's URL ({@code --store}), or null for the file in {@code stateDir} */
  Doctor(Path stateDir, String storeUrl, int port, Clock clock, PrintWriter out) {
    this.stateDir = stateDir;
    this.storeUrl = storeUrl;
    this.port = port;
    this.clock = clock;
    this.out = out;
  }

  /** Runs every check; returns how many failed. */
  int run() {
    checkStateDir();
    Optional<SessionStore> store = checkStore();
    try {
      Optional<ControlClient> bridge = checkBridge(store);
      checkPort(bridge);
      Optional<SessionView> tab = checkExtension(bridge);
      checkSnap(tab);
    } finally {
      if (link != null) {
        link.close();
      }
      store.ifPresent(SessionStore::close);
    }
    out.flush();
    return failures;
  }

  private void checkStateDir() {
    if (!Files.isDirectory(stateDir, LinkOption.NOFOLLOW_LINKS)) {
      fail("state folder " + stateDir + " does not exist",
          "it is created on first use: let your MCP client start `snap-mcp serve`, or run `snap-mcp bridge`");
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(stateDir, LinkOption.NOFOLLOW_LINKS);
      String mode = PosixFilePermissions.toString(permissions);
      if (!mode.equals("rwx------")) {
        fail("state folder " + stateDir + " has permissions " + mode + " (others may read the tokens)",
            "chmod 700 " + stateDir);
        return;
      }
      if (!Files.isWritable(stateDir)) {
        fail("state folder " + stateDir + " is not writable", "chown $USER " + stateDir);
        return;
      }
      List<String> loose = new ArrayList<>();
      try (var files = Files.list(stateDir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
              && !PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).equals("rw-------")) {
            loose.add(file.getFileName().toString());
          }
        }
      }
      if (!loose.isEmpty()) {
        fail("files in the state folder readable by others: " + String.join(", ", loose),
            "chmod 600 " + stateDir + "/*");
        return;
      }
      pass("state folder " + stateDir + " (0700, files 0600)");
    } catch (IOException | UnsupportedOperationException e) {
      fail("cannot check the state folder " + stateDir + ": " + e.getMessage(), "check that it is a local folder");
    }
  }

  private Optional<SessionStore> checkStore() {
    try {
      SessionStore store = SessionStores.open(storeUrl, stateDir, clock);
      var sessions = store.list();
      long connected = sessions.stream().filter(s -> s.connected()).count();
      pass("store " + store.location() + ": " + sessions.size() + " session(s), " + connected + " marked connected");
      return Optional.of(store);
    } catch (RuntimeException e) {
      String where = storeUrl == null ? "in " + stateDir : SessionStores.redact(storeUrl);
      fail("store " + where + ": " + e.getMessage(), "follow the message; a damaged file is kept aside and a new "
          + "one started by the next `snap-mcp session new`");
      return Optional.empty();
    }
  }

  private Optional<ControlClient> checkBridge(Optional<SessionStore> store) {
    Optional<BridgeRecord> record = store.flatMap(SessionStore::bridge);
    link = new BridgeLink(stateDir, record.map(BridgeRecord::port).orElse(port), () -> store, null,
        Duration.ofSeconds(5), clock);
    Optional<ControlClient> client = link.probe();
    if (client.isPresent()) {
      Health health = client.get().health();
      pass("bridge alive: pid " + health.pid() + " on " + client.get().base() + " (version "
          + orElse(health.version(), "?") + ", " + health.connections() + " browser connection(s))");
    } else if (record.isPresent()) {
      BridgeRecord dead = record.get();
      fail("the store names a bridge (pid " + dead.pid() + ", port " + dead.port() + ", last heartbeat "
          + dead.heartbeatAt() + ") but it does not answer",
          "it is gone: the next `snap-mcp serve` tool call starts a new one, or run `snap-mcp bridge`");
    } else {
      fail("no bridge is running",
          "your MCP client starts one with `snap-mcp serve` (call any snap_ tool), or run `snap-mcp bridge`");
    }
    return client;
  }

  private void checkPort(Optional<ControlClient> bridge) {
    if (bridge.isPresent() && bridge.get().base().getPort() == port) {
      pass("port " + port + " is held by the snap-mcp bridge");
      return;
    }
    if (PortHolders.isFree(port)) {
      pass("port " + port + " is free for the bridge");
      return;
    }
    String who = PortHolders.holder(port).orElse("a process this user cannot see (try `ss -ltnp`)");
    fail("port " + port + " is held by " + who + ", which is not an answering snap-mcp bridge",
        "stop that program, or choose another port: `snap-mcp serve --port N` and the same port in the "
            + "extension's pairing code");
  }

  private Optional<SessionView> checkExtension(Optional<ControlClient> bridge) {
    if (bridge.isEmpty()) {
      fail("extension: unknown (no bridge to ask)", "start the bridge first (see above)");
      return Optional.empty();
    }
    List<SessionView> sessions;
    try {
      sessions = bridge.get().sessions();
    } catch (ControlException e) {
      fail("extension: the bridge's session list failed: " + e.getMessage(), "run `snap-mcp doctor` again");
      return Optional.empty();
    }
    for (SessionView session : sessions) {
      if (session.connected()) {
        SessionView.Tab tab = session.tab();
        String extension = session.client() == null ? null : session.client().extension();
        pass("extension " + orElse(extension, "(version unknown)") + " connected: session " + session.id()
            + ", tab \"" + orElse(tab == null ? null : tab.title(), orElse(tab == null ? null : tab.url(), "?")) + "\"");
        return Optional.of(session);
      }
    }
    fail("no Snap! tab is connected",
        "run `snap-mcp session new` (or ask the assistant to call snap_pair), open Snap!, click the snap-mcp "
            + "extension's icon and paste the code; install the extension from extension/ if it is missing");
    return Optional.empty();
  }

  private void checkSnap(Optional<SessionView> tab) {
    if (tab.isEmpty()) {
      fail("Snap!: unknown (no tab connected)", "connect a tab first (see above)");
      return;
    }
    SessionView session = tab.get();
    String version = orElse(session.snap(), orElse(session.client() == null ? null : session.client().snap(), "?"));
    if (session.ready()) {
      pass("Snap! " + version + " ready, project \"" + orElse(session.project(), "?") + "\"");
    } else {
      fail("Snap! " + version + " is not ready" + (session.readyReason() != null ? ": " + session.readyReason() : ""),
          "wait until Snap! has loaded, or reload the tab");
    }
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private void pass(String what) {
    out.println("ok    " + what);
  }

  private void fail(String what, String fix) {
    failures++;
    out.println("FAIL  " + what + "\n      fix: " + fix);
  }
}
