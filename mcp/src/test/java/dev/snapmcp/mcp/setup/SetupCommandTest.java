package dev.snapmcp.mcp.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.mcp.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code snap-mcp setup} run in-process against real config files of every client's format in a temporary home:
 * what it writes, what it keeps byte for byte, its backup, its dry run, and what it refuses.
 */
class SetupCommandTest {

  @TempDir Path home;
  @TempDir Path bin;
  private Path launcher;
  private Platform platform;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void launcher() throws IOException {
    launcher = bin.resolve("snap-mcp");
    Files.writeString(launcher, "#!/bin/sh\n");
    launcher.toFile().setExecutable(true);
    platform = new Platform(Platform.Os.LINUX, home, Map.of());
  }

  private Run setup(String... args) {
    List<String> all = new ArrayList<>(List.of("setup"));
    all.addAll(List.of(args));
    all.addAll(List.of("--home", home.toString(), "--command", launcher.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Path config(Client client) {
    return client.userConfig(platform);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static List<Path> backups(Path file) throws IOException {
    try (Stream<Path> s = Files.list(file.getParent())) {
      return s.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".bak-")).sorted().toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void addsSnapKeepingEveryOtherByteThenBacksUpAndIsIdempotent(Client client) throws IOException {
    RealConfigs.Case c = RealConfigs.of(client);
    Path file = write(config(client), c.before());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    Run first = setup(client.id());

    assertEquals(0, first.exit(), first.err());
    assertEquals(c.after(launcher.toString()), Files.readString(file));
    assertTrue(first.out().contains("added the server \"snap\" to " + file), first.out());
    assertTrue(first.out().contains("Next: " + client.nextStep()), first.out());
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "mode kept");
    List<Path> backups = backups(file);
    assertEquals(1, backups.size(), backups.toString());
    assertEquals(c.before(), Files.readString(backups.get(0)), "the backup is the old file");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.get(0))));
    assertTrue(first.out().contains("Backup of the old file: " + backups.get(0)), first.out());

    Run again = setup(client.id());
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("already set up"), again.out());
    assertEquals(c.after(launcher.toString()), Files.readString(file), "running twice gives the same file");
    assertEquals(1, backups(file).size(), "nothing written, so no second backup");
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void dryRunPrintsAUnifiedDiffThatPatchAppliesAndWritesNothing(Client client) throws Exception {
    RealConfigs.Case c = RealConfigs.of(client);
    Path file = write(config(client), c.before());
    List<Path> filesBefore = listing();

    Run dry = setup(client.id(), "--dry-run");

    assertEquals(0, dry.exit(), dry.err());
    assertEquals(c.before(), Files.readString(file), "--dry-run writes nothing");
    assertEquals(filesBefore, listing(), "no backup, no temporary file");
    assertTrue(dry.out().startsWith(client.displayName() + ": would add the server \"snap\" to " + file), dry.out());
    String diff = dry.out().substring(dry.out().indexOf('\n') + 1);
    assertTrue(diff.startsWith("--- " + file + "\n+++ " + file + "\n@@ -"), diff);

    // The diff is a real one: GNU patch turns a copy of the old file into exactly what setup writes.
    Path copy = bin.resolve("copy");
    Files.writeString(copy, c.before());
    Path patchFile = bin.resolve("change.diff");
    Files.writeString(patchFile, diff);
    Process patch = new ProcessBuilder("patch", "--quiet", copy.toString(), patchFile.toString())
        .redirectErrorStream(true).start();
    assertTrue(patch.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, patch.exitValue(), new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertEquals(c.after(launcher.toString()), Files.readString(copy));
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void invalidConfigIsAClearErrorAndNothingIsWritten(Client client) throws IOException {
    Path file = write(config(client), RealConfigs.invalid(client));
    List<Path> filesBefore = listing();

    Run r = setup(client.id());

    assertEquals(1, r.exit(), r.out());
    assertTrue(r.err().startsWith("snap-mcp: " + file + " is not valid "), r.err());
    assertTrue(r.err().contains("(line "), "says where: " + r.err());
    assertEquals(RealConfigs.invalid(client), Files.readString(file));
    assertEquals(filesBefore, listing());
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void createsAMissingConfigFileWithTheUsersNormalMode(Client client) throws IOException {
    Path file = config(client);

    Run r = setup(client.id());

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("(a new file)"), r.out());
    String written = Files.readString(file);
    String entry = client == Client.CODEX ? "[mcp_servers.snap]\ncommand = \"" + launcher + "\"\nargs = [\"serve\"]\n"
        : "{\n  \"" + client.serversKey + "\": {\n    \"snap\": {\n"
            + (client.entryType == null ? "" : "      \"type\": \"stdio\",\n")
            + "      \"command\": \"" + launcher + "\",\n      \"args\": [\"serve\"]\n    }\n  }\n}\n";
    assertEquals(entry, written);
    Path sibling = Files.writeString(file.resolveSibling("made-by-java"), "x");
    assertEquals(Files.getPosixFilePermissions(sibling), Files.getPosixFilePermissions(file), "as umask makes it");
    assertEquals(List.of(), backups(file), "no backup of a file that did not exist");
  }

  @Test
  void commentsAreInvalidWhereTheClientReadsPlainJson() throws IOException {
    Path file = write(config(Client.CLAUDE_DESKTOP), "{\n  // mine\n  \"mcpServers\": {}\n}\n");
    Run r = setup("claude-desktop");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("is not valid JSON (line 2, column 3): a comment, which Claude Desktop does not "
        + "allow in this file (it reads plain JSON). Fix it"), r.err());
    assertEquals("{\n  // mine\n  \"mcpServers\": {}\n}\n", Files.readString(file));

    Path gemini = write(config(Client.GEMINI), "{\"mcpServers\": {\"a\": {\"command\": \"a\"},}}");
    Run comma = setup("gemini");
    assertEquals(1, comma.exit());
    assertTrue(comma.err().contains("a comma before a closing bracket, which Gemini CLI does not allow"), comma.err());
    assertEquals("{\"mcpServers\": {\"a\": {\"command\": \"a\"},}}", Files.readString(gemini));
  }

  @Test
  void unreadableConfigIsAClearErrorAndNothingIsWritten() throws IOException {
    Path folder = Files.createDirectories(config(Client.CURSOR)); // a folder where the file should be
    Run r = setup("cursor");
    assertEquals(1, r.exit());
    assertEquals("snap-mcp: " + folder + " is a folder, not a config file; move it away and run setup again.\n",
        r.err());

    Path file = config(Client.WINDSURF);
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
    Run latin = setup("windsurf");
    assertEquals(1, latin.exit());
    assertTrue(latin.err().contains(file + " is not UTF-8 text"), latin.err());
  }

  @Test
  void unknownOrMissingClientIsAUsageError() throws IOException {
    Run unknown = setup("emacs");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("unknown client 'emacs'; snap-mcp setup knows: claude-desktop, claude-code, "
        + "cursor, vscode, windsurf, gemini, codex"), unknown.err());
    Run none = setup();
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("name a client"), none.err());
    Run both = setup("cursor", "--list");
    assertEquals(2, both.exit());
    assertEquals(List.of(), listingOf(home), "nothing created");
  }

  @Test
  void anotherServerCalledSnapIsReplacedOnlyWithForce() throws IOException {
    String before = "{\n  \"mcpServers\": {\n    \"snap\": {\n      \"command\": \"snap-store-mcp\",\n"
        + "      \"args\": []\n    },\n    \"b\": {\"command\": \"b\"}\n  }\n}\n";
    Path file = write(config(Client.CURSOR), before);

    Run refused = setup("cursor");
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("already has a server named \"snap\" that runs 'snap-store-mcp', which is not "
        + "snap-mcp; nothing was changed. Run setup again with --force"), refused.err());
    assertEquals(before, Files.readString(file));
    assertEquals(List.of(), backups(file));

    Run forced = setup("cursor", "--force");
    assertEquals(0, forced.exit(), forced.err());
    assertTrue(forced.out().contains("replaced the server \"snap\""), forced.out());
    assertEquals("{\n  \"mcpServers\": {\n    \"snap\": {\n      \"command\": \"" + launcher + "\",\n"
        + "      \"args\": [\"serve\"]\n    },\n    \"b\": {\"command\": \"b\"}\n  }\n}\n", Files.readString(file));
    assertEquals(before, Files.readString(backups(file).get(0)));
  }

  @Test
  void snapMcpFromAnotherFolderIsPointedHereKeepingItsOtherFields() throws IOException {
    Path file = write(config(Client.GEMINI), """
        {
          "mcpServers": {
            "snap": {
              "command": "/old/checkout/snap-mcp", // moved since
              "args": ["serve", "--port", "7700"],
              "env": {"SNAP_MCP_NO_CDS": "1"}
            }
          }
        }
        """);
    Run r = setup("gemini");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("pointed the server \"snap\" in " + file + " here (it ran /old/checkout/snap-mcp serve "
        + "--port 7700)"), r.out());
    assertEquals("""
        {
          "mcpServers": {
            "snap": {
              "command": "%s", // moved since
              "args": ["serve", "--port", "7700"],
              "env": {"SNAP_MCP_NO_CDS": "1"}
            }
          }
        }
        """.formatted(launcher), Files.readString(file));
  }

  @Test
  void codexTableOfAnOldCheckoutIsUpdatedInPlaceAndAForeignOneReplacedWithItsSubTables() throws IOException {
    Path file = config(Client.CODEX);
    write(file, """
        [mcp_servers.snap]
        # snap-mcp
        command = '/old/snap-mcp'
        args = ["serve"]
        startup_timeout_sec = 30

        [mcp_servers.snap.env]
        SNAP_MCP_NO_CDS = "1"

        # the rest
        [tui]
        notifications = true
        """);
    Run update = setup("codex");
    assertEquals(0, update.exit(), update.err());
    assertEquals("""
        [mcp_servers.snap]
        # snap-mcp
        command = "%s"
        args = ["serve"]
        startup_timeout_sec = 30

        [mcp_servers.snap.env]
        SNAP_MCP_NO_CDS = "1"

        # the rest
        [tui]
        notifications = true
        """.formatted(launcher), Files.readString(file));

    write(file, """
        model = "o3"
        [mcp_servers.snap]
        url = "https://snap.example.com/mcp"

        [mcp_servers.snap.http_headers]
        X-Key = "k"

        # the rest
        [tui]
        notifications = true
        """);
    assertEquals(1, setup("codex").exit());
    Run forced = setup("codex", "--force");
    assertEquals(0, forced.exit(), forced.err());
    assertEquals("""
        model = "o3"
        [mcp_servers.snap]
        command = "%s"
        args = ["serve"]

        # the rest
        [tui]
        notifications = true
        """.formatted(launcher), Files.readString(file));
  }

  @Test
  void codexSnapWrittenInlineIsLeftForTheUserWithTheTableToWrite() throws IOException {
    String before = "[mcp_servers]\nsnap = { command = \"/elsewhere/snap-mcp\", args = [\"serve\"] }\n";
    Path file = write(config(Client.CODEX), before);
    Run r = setup("codex");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("defines \"snap\" inline or with dotted keys"), r.err());
    assertTrue(r.err().contains("[mcp_servers.snap]\ncommand = \"" + launcher + "\"\nargs = [\"serve\"]"), r.err());
    assertEquals(before, Files.readString(file));
  }

  @Test
  void projectScopeWritesTheProjectsFile(@TempDir Path project) throws IOException {
    Run r = setup("claude-code", "--project", project.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.readString(project.resolve(".mcp.json")).contains("\"command\": \"" + launcher + "\""));
    assertFalse(Files.exists(config(Client.CLAUDE_CODE)), "the user's file is untouched");

    Run vscode = setup("vscode", "--project", project.toString());
    assertEquals(0, vscode.exit(), vscode.err());
    assertTrue(Files.readString(project.resolve(".vscode/mcp.json")).startsWith("{\n  \"servers\": {"));

    Run windsurf = setup("windsurf", "--project", project.toString());
    assertEquals(1, windsurf.exit());
    assertTrue(windsurf.err().contains("Windsurf has no per-project config file"), windsurf.err());
  }

  @Test
  void aSymlinkedConfigStaysALinkAndItsTargetIsEdited(@TempDir Path dotfiles) throws IOException {
    RealConfigs.Case c = RealConfigs.of(Client.WINDSURF);
    Path target = Files.writeString(dotfiles.resolve("mcp_config.json"), c.before());
    Path link = config(Client.WINDSURF);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, target);

    assertEquals(0, setup("windsurf").exit());

    assertTrue(Files.isSymbolicLink(link));
    assertEquals(c.after(launcher.toString()), Files.readString(target));
    assertEquals(c.before(), Files.readString(backups(target).get(0)));
  }

  @Test
  void listShowsWhichClientsAreHereAndWhetherSnapMcpIsSetUp() throws IOException {
    write(config(Client.CURSOR), RealConfigs.of(Client.CURSOR).before());
    write(config(Client.CODEX), RealConfigs.of(Client.CODEX).before());
    assertEquals(0, setup("codex").exit());
    write(config(Client.GEMINI), RealConfigs.invalid(Client.GEMINI));
    Files.createDirectories(home.resolve(".codeium/windsurf"));

    Run r = setup("--list");

    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("CLIENT          FOUND                        SNAP-MCP", lines.get(0));
    assertTrue(line(lines, "cursor ").matches("cursor +config, ~/\\.cursor +not set up"), lines.toString());
    assertTrue(line(lines, "codex ").matches("codex +config, ~/\\.codex +set up"), lines.toString());
    assertTrue(line(lines, "gemini ").contains("cannot use its config (see: snap-mcp setup gemini --dry-run)"));
    assertTrue(line(lines, "windsurf ").matches("windsurf +~/\\.codeium/windsurf +not set up"), lines.toString());
    assertTrue(line(lines, "claude-desktop ").matches("claude-desktop +no +-"), lines.toString());
    assertTrue(r.out().contains(config(Client.CURSOR).toString()), r.out());
    assertTrue(r.out().contains("The launcher: " + launcher), r.out());
  }

  @Test
  void crlfFilesGetCrlfLines() throws IOException {
    Path file = write(config(Client.CURSOR), "{\r\n  \"mcpServers\": {}\r\n}\r\n");
    assertEquals(0, setup("cursor").exit());
    assertEquals("{\r\n  \"mcpServers\": {\r\n    \"snap\": {\r\n      \"command\": \"" + launcher + "\",\r\n"
        + "      \"args\": [\"serve\"]\r\n    }\r\n  }\r\n}\r\n", Files.readString(file));
  }

  private static String line(List<String> lines, String start) {
    return lines.stream().filter(l -> l.startsWith(start)).findFirst().orElseThrow().strip();
  }

  private List<Path> listing() throws IOException {
    return listingOf(home);
  }

  private static List<Path> listingOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).sorted().toList();
    }
  }
}
