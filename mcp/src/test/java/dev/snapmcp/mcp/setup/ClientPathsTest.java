package dev.snapmcp.mcp.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each client's config file per operating system and environment, as the clients' documentation gives them. */
class ClientPathsTest {

  private static final Path HOME = Path.of("/home/ada");

  private static Path config(Client c, Platform.Os os, Map<String, String> env) {
    return c.userConfig(new Platform(os, HOME, env));
  }

  @Test
  void linuxDefaults() {
    Map<String, String> none = Map.of();
    assertEquals(Path.of("/home/ada/.config/Claude/claude_desktop_config.json"),
        config(Client.CLAUDE_DESKTOP, Platform.Os.LINUX, none));
    assertEquals(Path.of("/home/ada/.claude.json"), config(Client.CLAUDE_CODE, Platform.Os.LINUX, none));
    assertEquals(Path.of("/home/ada/.cursor/mcp.json"), config(Client.CURSOR, Platform.Os.LINUX, none));
    assertEquals(Path.of("/home/ada/.config/Code/User/mcp.json"), config(Client.VSCODE, Platform.Os.LINUX, none));
    assertEquals(Path.of("/home/ada/.codeium/windsurf/mcp_config.json"),
        config(Client.WINDSURF, Platform.Os.LINUX, none));
    assertEquals(Path.of("/home/ada/.gemini/settings.json"), config(Client.GEMINI, Platform.Os.LINUX, none));
    assertEquals(Path.of("/home/ada/.codex/config.toml"), config(Client.CODEX, Platform.Os.LINUX, none));
  }

  @Test
  void macOsKeepsDesktopAppsUnderApplicationSupport() {
    Map<String, String> none = Map.of();
    assertEquals(Path.of("/home/ada/Library/Application Support/Claude/claude_desktop_config.json"),
        config(Client.CLAUDE_DESKTOP, Platform.Os.MAC, none));
    assertEquals(Path.of("/home/ada/Library/Application Support/Code/User/mcp.json"),
        config(Client.VSCODE, Platform.Os.MAC, none));
    assertEquals(Path.of("/home/ada/.cursor/mcp.json"), config(Client.CURSOR, Platform.Os.MAC, none));
  }

  @Test
  void windowsUsesAppDataForDesktopAppsAndTheProfileForTheRest() {
    Map<String, String> env = Map.of("APPDATA", "/home/ada/AppData/Roaming-elsewhere");
    assertEquals(Path.of("/home/ada/AppData/Roaming-elsewhere/Claude/claude_desktop_config.json"),
        config(Client.CLAUDE_DESKTOP, Platform.Os.WINDOWS, env));
    assertEquals(Path.of("/home/ada/AppData/Roaming-elsewhere/Code/User/mcp.json"),
        config(Client.VSCODE, Platform.Os.WINDOWS, env));
    assertEquals(Path.of("/home/ada/AppData/Roaming/Claude/claude_desktop_config.json"),
        config(Client.CLAUDE_DESKTOP, Platform.Os.WINDOWS, Map.of()), "APPDATA's default");
    assertEquals(Path.of("/home/ada/.codeium/windsurf/mcp_config.json"),
        config(Client.WINDSURF, Platform.Os.WINDOWS, env));
  }

  @Test
  void theVariablesClientsHonourMoveTheirFiles() {
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/xdg", "CLAUDE_CONFIG_DIR", "/cc", "CODEX_HOME", "/cx");
    assertEquals(Path.of("/xdg/Code/User/mcp.json"), config(Client.VSCODE, Platform.Os.LINUX, env));
    assertEquals(Path.of("/cc/.claude.json"), config(Client.CLAUDE_CODE, Platform.Os.LINUX, env));
    assertEquals(Path.of("/cx/config.toml"), config(Client.CODEX, Platform.Os.LINUX, env));
    assertEquals(Path.of("/home/ada/.config/Code/User/mcp.json"),
        config(Client.VSCODE, Platform.Os.LINUX, Map.of("XDG_CONFIG_HOME", "relative/xdg")), "relative: ignored");
  }

  @Test
  void homeOptionDropsVariablesThatPointElsewhereButKeepsPath() {
    Platform p = new Platform(Platform.Os.LINUX, HOME, Map.of("CODEX_HOME", "/cx", "PATH", "/usr/bin"))
        .withHome(Path.of("/tmp/h"));
    assertEquals(Path.of("/tmp/h/.codex/config.toml"), Client.CODEX.userConfig(p));
    assertEquals(Map.of("PATH", "/usr/bin"), p.env());
  }

  @Test
  void projectFiles() {
    Path dir = Path.of("/work/app");
    assertEquals(Path.of("/work/app/.mcp.json"), Client.CLAUDE_CODE.projectConfig(dir).orElseThrow());
    assertEquals(Path.of("/work/app/.vscode/mcp.json"), Client.VSCODE.projectConfig(dir).orElseThrow());
    assertEquals(Path.of("/work/app/.codex/config.toml"), Client.CODEX.projectConfig(dir).orElseThrow());
    assertTrue(Client.CLAUDE_DESKTOP.projectConfig(dir).isEmpty());
    assertTrue(Client.WINDSURF.projectConfig(dir).isEmpty());
  }

  @Test
  void namesAreShortAndCaseDoesNotMatter() {
    assertEquals(Client.VSCODE, Client.byId("VSCode").orElseThrow());
    assertEquals("claude-desktop, claude-code, cursor, vscode, windsurf, gemini, codex", Client.ids());
  }

  @Test
  void installedProgramsAreFoundOnPath(@TempDir Path bin) throws IOException {
    Path codex = Files.writeString(bin.resolve("codex"), "#!/bin/sh\n");
    Platform p = new Platform(Platform.Os.LINUX, HOME, Map.of("PATH", "/nonexistent:" + bin));
    assertTrue(p.onPath("codex").isEmpty(), "not executable: not a program");
    codex.toFile().setExecutable(true);
    assertEquals(codex, p.onPath("codex").orElseThrow());
  }

  @Test
  void theLauncherComesFromTheOptionTheLaunchersVariableOrAboveThisCode(@TempDir Path dir) throws IOException {
    Path script = Files.writeString(dir.resolve("snap-mcp"), "#!/bin/sh\n");
    script.toFile().setExecutable(true);
    assertEquals(script, Launcher.find(script, Map.of()));
    assertEquals(script, Launcher.find(null, Map.of(Launcher.ENV, script.toString())));
    // These tests run from mcp/target/test-classes; the repository's launcher is two folders above mcp/.
    Path repo = Launcher.find(null, Map.of());
    assertEquals("snap-mcp", repo.getFileName().toString());
    assertTrue(Files.isRegularFile(repo.resolveSibling("mcp").resolve("pom.xml")), repo.toString());
    String m = assertThrows(SetupException.class, () -> Launcher.find(dir.resolve("nope"), Map.of())).getMessage();
    assertTrue(m.contains("--command names " + dir.resolve("nope") + ", which is not an executable file"), m);
  }
}
