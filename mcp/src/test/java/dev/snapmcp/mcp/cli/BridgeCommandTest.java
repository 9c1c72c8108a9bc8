package dev.snapmcp.mcp.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code snap-mcp bridge} as a real process: it serves, refuses a second copy, and stops cleanly on SIGTERM. */
class BridgeCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile("snap-mcp bridge: listening on 127\\.0\\.0\\.1:(\\d+) ");

  @Test
  void servesUntilSigtermThenReleasesEverything() {
    try (TempStateDir state = TempStateDir.create(); SessionStore store = state.open()) {
      NewSession s = store.create(Duration.ofHours(1));
      try (ChildJvm bridge = start(state, "--allow-origin", "https://snap.example.org")) {
        int port = awaitPort(bridge);
        assertEquals(bridge.pid(), store.bridge().orElseThrow().pid());
        assertEquals(port, store.bridge().orElseThrow().port());
        assertTrue(bridge.stdoutLines().isEmpty(), "stdout stays empty: " + bridge.stdoutLines());
        FakeBrowser browser = FakeBrowser.to(port).origin("https://snap.example.org").connect();
        browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
        assertTrue(store.get(s.session().id()).orElseThrow().connected());
        await().atMost(WAIT).until(() -> bridge.stderr().contains("welcomed"));

        try (ChildJvm second = start(state)) {
          assertEquals(1, second.waitFor(WAIT));
          String message = second.stderr();
          assertTrue(message.contains("already running (pid " + bridge.pid() + ", port " + port + ")"), message);
          assertFalse(message.contains("Exception"), message);
        }

        bridge.process().destroy(); // SIGTERM
        browser.awaitClose(WAIT);
        bridge.waitFor(WAIT);
        Session after = store.get(s.session().id()).orElseThrow();
        assertFalse(after.connected());
        assertEquals("bridge_stopped", after.history().get(after.history().size() - 1).reason());
        assertEquals(Optional.empty(), store.bridge());
      }
    }
  }

  @Test
  void aForeignProgramOnThePortIsAClearErrorWithoutAStackTrace() throws Exception {
    try (TempStateDir state = TempStateDir.create();
        java.net.ServerSocket foreign = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ChildJvm bridge =
            ChildJvm.builder(Main.class)
                .args("bridge", "--port", String.valueOf(foreign.getLocalPort()), "--state-dir", state.path().toString())
                .start()) {
      assertEquals(1, bridge.waitFor(WAIT));
      String message = bridge.stderr();
      assertTrue(message.contains("port " + foreign.getLocalPort() + " on 127.0.0.1 is in use"), message);
      assertFalse(message.contains("\tat "), message);
    }
  }

  @Test
  void aMisshapenAdvertisedAddressIsAnErrorNamingIt() {
    try (TempStateDir state = TempStateDir.create()) {
      java.io.StringWriter err = new java.io.StringWriter();
      int code =
          Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err))
              .execute("bridge", "--port", "0", "--advertise", "snap.school.example", "--state-dir",
                  state.path().toString());
      assertEquals(1, code);
      assertTrue(err.toString().contains("--advertise takes the URL tabs reach this node by"), err.toString());
    }
  }

  @Test
  void aMisshapenOriginIsAUsageErrorNamingIt() {
    try (TempStateDir state = TempStateDir.create()) {
      java.io.StringWriter err = new java.io.StringWriter();
      int code =
          Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err))
              .execute("bridge", "--port", "0", "--allow-origin", "snap.example.org", "--state-dir",
                  state.path().toString());
      assertEquals(1, code);
      assertTrue(err.toString().contains("not an origin: \"snap.example.org\""), err.toString());
    }
  }

  @Test
  void beyondLoopbackPlainConnectionsFromOtherMachinesAreRefusedUnlessInsecureForTesting() throws Exception {
    java.net.InetAddress other = nonLoopbackAddress();
    org.junit.jupiter.api.Assumptions.assumeTrue(other != null, "this machine has no non-loopback address");
    try (TempStateDir state = TempStateDir.create();
        ChildJvm bridge =
            ChildJvm.builder(Main.class)
                .args("bridge", "--port", "0", "--host", "0.0.0.0", "--state-dir", state.path().toString())
                .start()) {
      Matcher m = awaitListening(bridge, "0\\.0\\.0\\.0");
      assertTrue(bridge.stderr().contains("connections from other machines are refused unless they come through a"
          + " TLS proxy"), bridge.stderr());
      int port = Integer.parseInt(m.group(1));
      assertEquals("", firstLine(other, port), "closed without a word: plain, from another address");
      assertTrue(firstLine(java.net.InetAddress.getLoopbackAddress(), port).startsWith("HTTP/1.1 401"),
          "from loopback (the proxy's side) it is heard");
    }
    try (TempStateDir state = TempStateDir.create();
        ChildJvm bridge =
            ChildJvm.builder(Main.class)
                .args("bridge", "--port", "0", "--host", "0.0.0.0", "--insecure-for-testing", "--state-dir",
                    state.path().toString())
                .start()) {
      Matcher m = awaitListening(bridge, "0\\.0\\.0\\.0");
      assertTrue(bridge.stderr().contains("warning: listening on 0.0.0.0 and accepting plain connections"),
          bridge.stderr());
      // Heard (the control API itself still answers loopback only: 403).
      assertTrue(firstLine(other, Integer.parseInt(m.group(1))).startsWith("HTTP/1.1 403"), bridge.stderr());
    }
  }

  private static Matcher awaitListening(ChildJvm bridge, String host) {
    Pattern listening = Pattern.compile("snap-mcp bridge: listening on " + host + ":(\\d+) ");
    await().atMost(WAIT).until(() -> listening.matcher(bridge.stderr()).find() || !bridge.isAlive());
    Matcher m = listening.matcher(bridge.stderr());
    assertTrue(m.find(), bridge.stderr());
    return m;
  }

  /** The first line the bridge answers a health request from {@code from} with; empty when it just closes. */
  private static String firstLine(java.net.InetAddress address, int port) throws Exception {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(address, port), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nContent-Length: 0\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      try {
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
            java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        return line == null ? "" : line;
      } catch (java.net.SocketException reset) {
        return "";
      }
    }
  }

  private static java.net.InetAddress nonLoopbackAddress() throws Exception {
    for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    return null;
  }

  private static ChildJvm start(TempStateDir state, String... more) {
    ChildJvm.Builder b =
        ChildJvm.builder(Main.class).args("bridge", "--port", "0", "--state-dir", state.path().toString()).args(more);
    return b.start();
  }

  private static int awaitPort(ChildJvm bridge) {
    await().atMost(WAIT).until(() -> LISTENING.matcher(bridge.stderr()).find() || !bridge.isAlive());
    Matcher m = LISTENING.matcher(bridge.stderr());
    assertTrue(m.find(), bridge.stderr());
    return Integer.parseInt(m.group(1));
  }
}
