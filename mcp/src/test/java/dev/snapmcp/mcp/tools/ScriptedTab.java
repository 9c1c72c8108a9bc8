package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.tab.FakeBrowser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A scripted Snap! tab paired by a pairing code, as the extension would be: a {@link FakeBrowser} answering every op
 * with {@link ScriptedSnap}'s canned values. For tests of other packages, and (through {@link #main}) for MCP clients
 * outside the JVM, which {@code ./run-tests} drives against {@code serve}.
 */
public final class ScriptedTab implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ScriptedSnap snap = new ScriptedSnap("Demo");
  private final FakeBrowser browser;

  private ScriptedTab(String code) {
    String[] parts = code.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a pairing code SESSION.TOKEN.PORT: " + code);
    }
    browser = FakeBrowser.to(Integer.parseInt(parts[2])).responder(snap).connect();
    browser.hello(parts[0], parts[1]).awaitFrame("welcome", WAIT);
    browser.sendJson(Map.of("type", "event", "event", "ready", "ready", true, "snap", "fake-snap-10",
        "project", "Demo"));
  }

  /** Pairs a new scripted tab with {@code code} ({@code SESSION.TOKEN.PORT}); it reports itself ready. */
  public static ScriptedTab pair(String code) {
    return new ScriptedTab(code);
  }

  /** The ops the tab was asked to run, in order. */
  public List<String> ops() {
    return snap.ops();
  }

  /** The {@code meta} of the first command frame for {@code op} (who asked, through which tool), or a missing node. */
  public tools.jackson.databind.JsonNode meta(String op) {
    return browser.frames().stream().filter(f -> "command".equals(f.path("type").asString(""))
        && op.equals(f.path("op").asString(""))).map(f -> f.path("meta")).findFirst()
        .orElse(tools.jackson.databind.node.MissingNode.getInstance());
  }

  /** From now on the tab never answers {@code op} (a run that does not end). */
  public ScriptedTab neverAnswer(String op) {
    snap.unanswered.add(op);
    return this;
  }

  @Override
  public void close() {
    browser.close();
  }

  /**
   * {@code ScriptedTab CODE}: pairs and prints {@code connected}, then obeys its stdin line by line: {@code
   * never-answer OP} (from now on), {@code ops} (prints {@code ops: A,B,...}, the ops run so far). At the end of stdin
   * it prints the ops once more and exits.
   */
  public static void main(String[] args) throws IOException {
    try (ScriptedTab tab = pair(args[0])) {
      System.out.println("connected");
      System.out.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = commands.readLine()) != null; ) {
        if (line.startsWith("never-answer ")) {
          tab.neverAnswer(line.substring("never-answer ".length()).strip());
        } else if (line.strip().equals("ops")) {
          System.out.println("ops: " + String.join(",", tab.ops()));
          System.out.flush();
        }
      }
      System.out.println("ops: " + String.join(",", tab.ops()));
      System.out.flush();
    }
    System.exit(0);
  }
}
