package dev.snapmcp.mcp.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code snap-mcp doctor} against real states: nothing running, a healthy setup, a foreign port holder, loose modes. */
class DoctorTest {

  private final TempStateDir state = TempStateDir.create();

  @AfterEach
  void cleanUp() {
    state.close();
  }

  record Run(int exit, List<String> lines) {
    String line(String start) {
      return lines.stream().filter(l -> l.contains(start)).findFirst()
          .orElseThrow(() -> new AssertionError("no line with '" + start + "' in " + lines));
    }
  }

  private Run doctor(int port) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("doctor", "--state-dir", state.path().toString(), "--port", Integer.toString(port));
    return new Run(exit, out.toString().lines().toList());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void withNothingRunningItSaysHowToStartAndFails() throws Exception {
    state.open().close(); // the folder and store exist, as after any earlier use
    Run run = doctor(freePort());
    assertEquals(1, run.exit());
    assertTrue(run.line("state folder").startsWith("ok"), run.lines().toString());
    assertTrue(run.line("store").startsWith("ok"));
    assertTrue(run.line("no bridge is running").startsWith("FAIL"));
    assertTrue(run.lines().stream().anyMatch(l -> l.contains("fix:") && l.contains("snap-mcp bridge")));
    assertTrue(run.line("is free for the bridge").startsWith("ok"));
  }

  @Test
  void aHealthySetupPassesEveryCheck() {
    try (SessionStore store = state.open();
        BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start()) {
      NewSession session = store.create(Duration.ofHours(1));
      try (FakeBrowser tab = FakeBrowser.connected(bridge.port(), session.session().id(), session.token())) {
        tab.sendJson(Map.of("type", "event", "event", "ready", "ready", true, "snap", "10.4", "project", "Pong"));
        await().atMost(Duration.ofSeconds(10)).until(() -> doctor(bridge.port()).exit() == 0);
        Run run = doctor(bridge.port());
        assertEquals(6, run.lines().size(), run.lines().toString());
        assertTrue(run.lines().stream().allMatch(l -> l.startsWith("ok")), run.lines().toString());
        assertTrue(run.line("bridge alive").contains("pid " + ProcessHandle.current().pid()));
        assertTrue(run.line("held by the snap-mcp bridge").contains(Integer.toString(bridge.port())));
        assertTrue(run.line("extension 0.1.0 connected").contains(session.session().id()));
        assertTrue(run.line("Snap! 10.4 ready").contains("Pong"));
      }
    }
  }

  @Test
  void aForeignProgramOnThePortIsNamed() throws Exception {
    state.open().close();
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run = doctor(squatter.getLocalPort());
      assertEquals(1, run.exit());
      String line = run.line("port " + squatter.getLocalPort());
      assertTrue(line.startsWith("FAIL"), line);
      assertTrue(line.contains("pid " + ProcessHandle.current().pid()), line);
    }
  }

  @Test
  void aStateFolderOthersCanReadIsAFailureWithTheFix() throws Exception {
    state.open().close();
    Files.setPosixFilePermissions(state.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Run run = doctor(freePort());
    assertEquals(1, run.exit());
    assertTrue(run.line("state folder").startsWith("FAIL"));
    assertTrue(run.lines().stream().anyMatch(l -> l.contains("chmod 700")));
  }
}
