package dev.snapmcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, availability: with a 100 MB {@code sessions.json}, {@code snap-mcp session list} and {@code doctor}
 * printed a raw OutOfMemoryError and {@code serve} never answered {@code snap_status}. Each runs here as a real child
 * process with a 64 MiB heap (serve with the launcher's 128 MiB) and must answer in words, without a stack trace.
 */
class OversizedStoreTest {

  private static final Duration RUN = Duration.ofSeconds(60);

  private TempStateDir state;

  @BeforeEach
  void hugeStore() throws IOException {
    state = TempStateDir.create();
    Files.createDirectories(state.path());
    try (RandomAccessFile huge = new RandomAccessFile(state.sessionsFile().toFile(), "rw")) {
      huge.setLength(100_000_000); // sparse: costs no disk
    }
  }

  @AfterEach
  void cleanUp() {
    state.close();
  }

  private ChildJvm cli(String... args) {
    return ChildJvm.builder("dev.snapmcp.mcp.cli.Main").name("snap-mcp-" + args[0]).jvmArgs("-Xmx64m")
        .args(args).args("--state-dir", state.path().toString()).start();
  }

  private static void assertNoStackTrace(ChildJvm child) {
    String all = String.join("\n", child.stdoutLines()) + "\n" + child.stderr();
    assertFalse(all.contains("OutOfMemoryError") || all.contains("\tat ") || all.contains("Exception in thread"),
        all);
  }

  @Test
  void sessionListSaysWhatIsWrongInOneLine() {
    try (ChildJvm list = cli("session", "list")) {
      assertEquals(1, list.waitFor(RUN), list.stderr());
      assertNoStackTrace(list);
      List<String> err = list.stderrLines().stream().filter(l -> l.startsWith("snap-mcp:")).toList();
      assertEquals(1, err.size(), list.stderr());
      assertTrue(err.get(0).contains(state.sessionsFile() + " is 100000000 bytes"), err.get(0));
    }
    assertTrue(onlyAside().getFileName().toString().startsWith("sessions.json.corrupt-"));
  }

  @Test
  void doctorReportsTheStoreAndGoesOn() {
    try (ChildJvm doctor = cli("doctor", "--port", "1")) {
      doctor.waitFor(RUN);
      assertNoStackTrace(doctor);
      String store = doctor.stdoutLines().stream().filter(l -> l.startsWith("FAIL  store")).findFirst()
          .orElseThrow(() -> new AssertionError(doctor.stdoutLines() + doctor.stderr()));
      assertTrue(store.contains("100000000 bytes"), store);
      assertTrue(doctor.stdoutLines().stream().anyMatch(l -> l.contains("no bridge is running")),
          doctor.stdoutLines().toString());
    }
  }

  @Test
  void serveAnswersSnapStatus() throws IOException {
    McpSyncClient client = ServeProcessTest.client(state, ServeProcessTest.freePort(), progress -> { });
    try {
      client.initialize();
      McpSchema.CallToolResult first = client.callTool(new McpSchema.CallToolRequest("snap_status", Map.of()));
      assertNotNull(first);
      String text = ((McpSchema.TextContent) first.content().get(0)).text();
      assertFalse(text.contains("OutOfMemoryError") || text.contains("\tat "), text);
      // The file was moved aside on the first look: the next call finds a working store and a bridge.
      McpSchema.CallToolResult second = client.callTool(new McpSchema.CallToolRequest("snap_status", Map.of()));
      assertFalse(Boolean.TRUE.equals(second.isError()), Json.mapper().writeValueAsString(second));
    } finally {
      client.closeGracefully();
    }
    onlyAside();
  }

  private Path onlyAside() {
    try (Stream<Path> files = Files.list(state.path())) {
      List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("sessions.json.corrupt-")).toList();
      assertEquals(1, aside.size(), aside.toString());
      return aside.get(0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
