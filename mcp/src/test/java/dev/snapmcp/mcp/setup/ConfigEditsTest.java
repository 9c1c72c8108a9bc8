package dev.snapmcp.mcp.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edits on layouts users write by hand: compact, empty, commented, escaped, byte-order marked, CRLF, TOML forms. */
class ConfigEditsTest {

  private static final String L = "/opt/snap/snap-mcp";

  @TempDir Path home;
  private Setup setup;
  private Platform platform;

  @BeforeEach
  void setUp() {
    platform = new Platform(Platform.Os.LINUX, home, Map.of());
    setup = new Setup(platform, Clock.systemUTC());
  }

  /** The text setup would write for {@code client} when its config holds {@code before}. */
  private String after(Client client, String before) throws IOException {
    Path file = client.userConfig(platform);
    Files.createDirectories(file.getParent());
    Files.writeString(file, before);
    return setup.plan(client, null, Path.of(L), false).after();
  }

  private String error(Client client, String before) {
    return assertThrows(SetupException.class, () -> after(client, before)).getMessage();
  }

  @Test
  void aCompactFileStaysCompact() throws IOException {
    assertEquals("{\"mcpServers\":{\"a\":{\"command\":\"a\"}, \"snap\": {\"command\": \"" + L + "\", \"args\": "
        + "[\"serve\"]}}}", after(Client.CURSOR, "{\"mcpServers\":{\"a\":{\"command\":\"a\"}}}"));
    assertEquals("{\"x\":1, \"mcpServers\": {\"snap\": {\"command\": \"" + L + "\", \"args\": [\"serve\"]}}}",
        after(Client.CURSOR, "{\"x\":1}"));
  }

  @Test
  void emptyObjectsAndEmptyFilesGetTheEntryOnItsOwnLines() throws IOException {
    String entry = "{\n      \"command\": \"" + L + "\",\n      \"args\": [\"serve\"]\n    }";
    assertEquals("{\n  \"mcpServers\": {\n    \"snap\": " + entry + "\n  }\n}\n",
        after(Client.WINDSURF, "{\n  \"mcpServers\": {}\n}\n"));
    assertEquals("{\n  \"mcpServers\": {\n    \"snap\": " + entry + "\n  }\n}\n", after(Client.WINDSURF, "{}\n"));
    assertEquals("{\n  \"mcpServers\": {\n    \"snap\": " + entry + "\n  }\n}\n", after(Client.WINDSURF, ""));
    assertEquals("{\n  \"mcpServers\": {\n    \"snap\": " + entry + "\n  }\n}\n", after(Client.WINDSURF, " \n"));
  }

  @Test
  void aCommentInAnEmptyObjectStaysAboveTheNewEntry() throws IOException {
    assertEquals("{\n\t\"servers\": {\n\t\t// none yet\n\t\t\"snap\": {\n\t\t\t\"type\": \"stdio\",\n\t\t\t"
        + "\"command\": \"" + L + "\",\n\t\t\t\"args\": [\"serve\"]\n\t\t}\n\t}\n}",
        after(Client.VSCODE, "{\n\t\"servers\": {\n\t\t// none yet\n\t}\n}"));
  }

  @Test
  void aCommentAfterTheLastMemberStaysOnItsLine() throws IOException {
    assertEquals("{\n  \"theme\": \"x\", // mine\n  \"mcpServers\": {\n    \"snap\": {\n      \"command\": \"" + L
        + "\",\n      \"args\": [\"serve\"]\n    }\n  }\n}\n",
        after(Client.GEMINI, "{\n  \"theme\": \"x\" // mine\n}\n"));
  }

  @Test
  void escapedKeysAndTrickyStringsAreReadLikeJsonParseReadsThem() throws IOException {
    String before = "{\"mcp\\u0053ervers\": {\"w\": {\"url\": \"http://h/*x*/{[\\\"//\"}}}";
    assertEquals("{\"mcp\\u0053ervers\": {\"w\": {\"url\": \"http://h/*x*/{[\\\"//\"}, \"snap\": {\"command\": \""
        + L + "\", \"args\": [\"serve\"]}}}", after(Client.CURSOR, before));
  }

  @Test
  void aByteOrderMarkIsKept() throws IOException {
    assertEquals("\uFEFF{\"mcpServers\": {\"snap\": {\"command\": \"" + L + "\", \"args\": [\"serve\"]}}}",
        after(Client.CLAUDE_DESKTOP, "\uFEFF{\"mcpServers\": {}}"));
  }

  @Test
  void wrongShapesAreRefused() {
    assertTrue(error(Client.CURSOR, "[]").contains("holds no JSON object at the top level; Cursor expects one"));
    assertTrue(error(Client.CURSOR, "{\"mcpServers\": []}").contains("\"mcpServers\" is not an object"));
    assertTrue(error(Client.CODEX, "mcp_servers = 3\n").contains("\"mcp_servers\" is not a table"));
    assertTrue(error(Client.CURSOR, "{} {}").contains("is not valid JSON"), "trailing content");
  }

  @Test
  void theLastOfDuplicateKeysIsTheOneEdited() throws IOException {
    // JSON.parse keeps the last "snap"; so does setup, and finds it already set up.
    String before = "{\"mcpServers\": {\"snap\": {\"command\": \"other\"}, \"snap\": {\"command\": \"" + L
        + "\", \"args\": [\"serve\"]}}}";
    assertEquals(before, after(Client.CURSOR, before));
  }

  @Test
  void tomlWithoutAFinalLineBreakOrEmptyGetsATableOfItsOwn() throws IOException {
    String table = "[mcp_servers.snap]\ncommand = \"" + L + "\"\nargs = [\"serve\"]\n";
    assertEquals("model = \"o3\"\n\n" + table, after(Client.CODEX, "model = \"o3\""));
    assertEquals(table, after(Client.CODEX, ""));
    assertEquals("a = 1\r\n\r\n" + table.replace("\n", "\r\n"), after(Client.CODEX, "a = 1\r\n"));
  }

  @Test
  void tomlHeadersInsideMultiLineStringsAreNotTables() throws IOException {
    String before = "notes = \"\"\"\n[mcp_servers.snap]\ncommand = \"fake\"\n\"\"\"\n"
        + "[ mcp_servers . \"snap\" ] # ours\ncommand = \"/old/snap-mcp\"\nargs = [\n  \"serve\",\n]\n";
    assertEquals("notes = \"\"\"\n[mcp_servers.snap]\ncommand = \"fake\"\n\"\"\"\n"
        + "[ mcp_servers . \"snap\" ] # ours\ncommand = \"" + L + "\"\nargs = [\n  \"serve\",\n]\n",
        after(Client.CODEX, before));
  }

  @Test
  void tomlStaleEntryMissingArgsGetsThemBelowItsLastKey() throws IOException {
    assertEquals("[mcp_servers.snap]\ncommand = \"" + L + "\"\nargs = [\"serve\"]\n\n[x]\ny = 1\n",
        after(Client.CODEX, "[mcp_servers.snap]\ncommand = \"/old/snap-mcp\"\n\n[x]\ny = 1\n"));
  }

  @Test
  void tomlServersAsAnInlineTableAreLeftToTheUserWithWhatToAdd() {
    String m = error(Client.CODEX, "mcp_servers = { other = { command = \"x\" } }\n");
    assertTrue(m.contains("setup could not edit"), m);
    assertTrue(m.contains("nothing was changed. Add this to it by hand:"), m);
    assertTrue(m.endsWith("[mcp_servers.snap]\ncommand = \"" + L + "\"\nargs = [\"serve\"]\n"), m);
  }

  @Test
  void tomlStringsAreEscaped() throws IOException {
    Path odd = Files.createDirectories(home.resolve("a \"quoted\" \\ dir")).resolve("snap-mcp");
    Files.writeString(odd, "");
    odd.toFile().setExecutable(true);
    Path file = Client.CODEX.userConfig(platform);
    Setup.Plan plan = setup.plan(Client.CODEX, null, odd, false);
    assertEquals("[mcp_servers.snap]\ncommand = \"" + odd.toString().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"\nargs = [\"serve\"]\n", plan.after());
    setup.apply(plan);
    assertEquals(Setup.Outcome.UNCHANGED, setup.plan(Client.CODEX, null, odd, false).outcome(), "reads back");
    assertTrue(Files.exists(file));
  }
}
