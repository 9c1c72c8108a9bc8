package dev.snapmcp.harness;

import dev.snapmcp.mcp.cli.Main;
import dev.snapmcp.testkit.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classroom's machines: per node, the real {@code snap-mcp bridge --store postgresql://…} (a node of the cluster)
 * and the real {@code snap-mcp serve --http} beside it (same state folder, so it finds its node's bridge and control
 * token), each a child JVM running snap-mcp's own command line. A node keeps its port across a kill -9 and restart, so
 * the front's list of nodes stays true.
 */
final class ClassroomNodes implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("serving MCP on (http://127\\.0\\.0\\.1:\\d+/mcp)");
  private static final Duration START_WAIT = Duration.ofSeconds(90);
  private static final String MAIN = "dev.snapmcp.mcp.cli.Main";
  private static final String[] JVM = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-Xss512k"};

  private final String storeUrl;
  private final Duration heartbeat;
  private final List<Path> stateDirs = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final ChildJvm[] bridges;
  private final ChildJvm[] serves;
  private final String[] mcpUrls;

  ClassroomNodes(String storeUrl, int count, Path root, Duration heartbeat) throws IOException {
    this.storeUrl = storeUrl;
    this.heartbeat = heartbeat;
    this.bridges = new ChildJvm[count];
    this.serves = new ChildJvm[count];
    this.mcpUrls = new String[count];
    for (int i = 0; i < count; i++) {
      stateDirs.add(Files.createDirectories(root.resolve("node" + i)));
      ports.add(freePort());
    }
  }

  /** Starts every node's bridge, then every node's {@code serve --http}. */
  void startAll() {
    for (int i = 0; i < ports.size(); i++) {
      startBridge(i);
    }
    for (int i = 0; i < ports.size(); i++) {
      startServe(i);
    }
  }

  /** {@code snap-mcp key new --store …}: one key in the shared key table, accepted by every node's server. */
  String newKey() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("key", "new", "--name", "classroom", "--store", storeUrl, "--state-dir", stateDirs.get(0).toString());
    if (exit != 0) {
      throw new IllegalStateException("snap-mcp key new failed (" + exit + "): " + err);
    }
    return out.toString().strip();
  }

  private void startBridge(int i) {
    ChildJvm bridge = ChildJvm.builder(MAIN).name("node" + i).jvmArgs(JVM)
        .args("bridge", "--store", storeUrl, "--state-dir", stateDirs.get(i).toString(), "--host", "127.0.0.1",
            "--port", Integer.toString(ports.get(i)), "--heartbeat", heartbeat.toMillis() + "ms")
        .start();
    bridges[i] = bridge;
    bridge.awaitStderrLine(l -> l.contains("snap-mcp bridge: listening on"), START_WAIT);
  }

  private void startServe(int i) {
    ChildJvm serve = ChildJvm.builder(MAIN).name("serve" + i).jvmArgs(JVM)
        .args("serve", "--http", "0", "--store", storeUrl, "--state-dir", stateDirs.get(i).toString(),
            "--port", Integer.toString(ports.get(i)))
        .start();
    serves[i] = serve;
    Matcher m = SERVING.matcher(serve.awaitStderrLine(l -> SERVING.matcher(l).find(), START_WAIT));
    if (!m.find()) {
      throw new IllegalStateException("serve" + i + " printed no URL");
    }
    mcpUrls[i] = m.group(1);
  }

  /**
   * A machine going down: its bridge and its MCP server are killed with -9 (the server first, so it does not start a
   * bridge of its own in the dead node's place).
   */
  void kill(int i) {
    serves[i].kill();
    bridges[i].kill();
  }

  /** The machine back: a new bridge process on the node's port, then its MCP server (on a new HTTP port). */
  void restart(int i) {
    startBridge(i);
    startServe(i);
  }

  int count() {
    return ports.size();
  }

  List<Integer> bridgePorts() {
    return List.copyOf(ports);
  }

  String mcpUrl(int i) {
    return mcpUrls[i];
  }

  /** Resident memory of node {@code i}'s bridge process now, in MiB (from /proc), or -1 where /proc is not. */
  double bridgeRssMib(int i) {
    return rssMib(bridges[i].pid());
  }

  /** Resident memory of node {@code i}'s MCP server process now, in MiB, or -1. */
  double serveRssMib(int i) {
    return rssMib(serves[i].pid());
  }

  static double rssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  /**
   * Which node holds each tab now, by the cluster's own directory ({@code tab_locations} joined with {@code nodes}):
   * session id -> node index (by port). Tabs held by no live node are absent.
   */
  Map<String, Integer> tabHolders(Connection db) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT t.session, n.port FROM tab_locations t JOIN nodes n ON n.id = t.node")) {
      while (r.next()) {
        int index = ports.indexOf(r.getInt(2));
        if (index >= 0) {
          out.put(r.getString(1), index);
        }
      }
    }
    return out;
  }

  /** The last lines node {@code i}'s bridge and server wrote on stderr, for a failed run's report. */
  String stderrTail(int i) {
    List<String> lines = new ArrayList<>(tail(bridges[i]));
    lines.addAll(tail(serves[i]));
    return String.join("\n", lines);
  }

  private static List<String> tail(ChildJvm child) {
    if (child == null) {
      return List.of();
    }
    List<String> lines = child.stderrLines();
    return lines.subList(Math.max(0, lines.size() - 5), lines.size());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops every process: SIGTERM (a clean stop), then kill -9 for any that lingers. */
  @Override
  public void close() {
    for (ChildJvm[] kind : List.of(serves, bridges)) {
      for (ChildJvm child : kind) {
        if (child != null && child.isAlive()) {
          child.process().destroy();
        }
      }
      for (ChildJvm child : kind) {
        if (child != null) {
          try {
            child.waitFor(Duration.ofSeconds(10));
          } catch (RuntimeException | AssertionError e) {
            child.close();
          }
        }
      }
    }
  }
}
