package dev.snapmcp.mcp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} on stdio pays nothing for the HTTP transport: a whole session (initialize, tools/list, a tool call,
 * stdin closed) loads no Jetty, servlet or {@code dev.snapmcp.mcp.http} class, as the JVM's class-load log shows.
 */
class StdioLoadsNoJettyTest {

  @Test
  void stdioServeLoadsNoHttpClass() throws Exception {
    try (TempStateDir state = TempStateDir.create()) {
      Path log = state.path().resolveSibling("classes.log");
      List<String> jvm = new ArrayList<>(ChildJvm.FAST_START);
      jvm.add("-Xlog:class+load=info:file=" + log);
      ChildJvm child = ChildJvm.builder("dev.snapmcp.mcp.cli.Main").jvmArgs(jvm.toArray(String[]::new))
          .args("serve", "--state-dir", state.path().toString(), "--port", String.valueOf(HttpFixture.freePort()))
          .name("serve-stdio").start();
      try {
        String lines = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"snap_status\"}}\n";
        child.stdin().write(lines.getBytes(StandardCharsets.UTF_8));
        child.stdin().flush();
        child.awaitLine(line -> line.contains("\"id\":3"), Duration.ofSeconds(60));
        child.stdin().close();
        assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), child.stderr());
      } finally {
        child.process().destroyForcibly();
      }
      List<String> loaded = Files.readAllLines(log).stream().filter(line -> line.contains(" source: ")).toList();
      List<String> http = loaded.stream().filter(line -> line.contains("org.eclipse.jetty")
          || line.contains("jakarta.servlet") || line.contains("dev.snapmcp.mcp.http.")).toList();
      System.out.println("stdio serve session: " + loaded.size() + " classes loaded, " + http.size() + " of Jetty, "
          + "the servlet API or dev.snapmcp.mcp.http");
      assertEquals(List.of(), http);
    }
  }
}
