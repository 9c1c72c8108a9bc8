package dev.snapmcp.mcp.setup;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The MCP clients {@code snap-mcp setup} knows: where each keeps its servers, in which format and under which key.
 * Every path is the one the client's own documentation gives (checked when this was written):
 * <ul>
 *   <li>Claude Desktop: {@code claude_desktop_config.json} in {@code ~/Library/Application Support/Claude} (macOS) or
 *       {@code %APPDATA%\Claude} (Windows); Anthropic ships no Linux build, so on Linux the folder the community
 *       builds use, {@code $XDG_CONFIG_HOME/Claude}.
 *   <li>Claude Code: user scope in {@code ~/.claude.json} ({@code $CLAUDE_CONFIG_DIR/.claude.json} when that is set),
 *       project scope in the project's {@code .mcp.json}; {@code claude mcp add} writes {@code "type": "stdio"}.
 *   <li>Cursor: {@code ~/.cursor/mcp.json}, or a project's {@code .cursor/mcp.json}.
 *   <li>VS Code: {@code mcp.json} in the user profile folder ({@code Code/User}) or a workspace's
 *       {@code .vscode/mcp.json}; servers under {@code servers}, each with {@code "type": "stdio"}; JSONC.
 *   <li>Windsurf: {@code ~/.codeium/windsurf/mcp_config.json} on every system.
 *   <li>Gemini CLI: {@code ~/.gemini/settings.json} or a project's {@code .gemini/settings.json}; comments allowed.
 *   <li>Codex CLI: {@code $CODEX_HOME/config.toml} (default {@code ~/.codex}), or a trusted project's
 *       {@code .codex/config.toml}; one {@code [mcp_servers.NAME]} table per server.
 * </ul>
 */
public enum Client {
  CLAUDE_DESKTOP("claude-desktop", "Claude Desktop", Syntax.JSON, "mcpServers", null,
      p -> p.appConfigHome().resolve("Claude").resolve("claude_desktop_config.json"), null,
      p -> p.appConfigHome().resolve("Claude"), List.of(),
      "quit Claude Desktop completely and open it again; snap's tools then appear in a new chat."),
  CLAUDE_CODE("claude-code", "Claude Code", Syntax.JSON, "mcpServers", "stdio",
      p -> claudeCodeDir(p).orElse(p.home()).resolve(".claude.json"), ".mcp.json",
      p -> claudeCodeDir(p).orElse(p.home().resolve(".claude")), List.of("claude"),
      "start a new 'claude' session; '/mcp' lists snap."),
  CURSOR("cursor", "Cursor", Syntax.JSON, "mcpServers", null,
      p -> p.home().resolve(".cursor").resolve("mcp.json"), ".cursor/mcp.json",
      p -> p.home().resolve(".cursor"), List.of("cursor"),
      "restart Cursor, or turn snap on under Cursor Settings > MCP."),
  VSCODE("vscode", "VS Code", Syntax.JSONC, "servers", "stdio",
      p -> p.appConfigHome().resolve("Code").resolve("User").resolve("mcp.json"), ".vscode/mcp.json",
      p -> p.appConfigHome().resolve("Code").resolve("User"), List.of("code"),
      "in VS Code run 'MCP: List Servers', start snap and trust it; Copilot Chat's agent mode then has its tools."),
  WINDSURF("windsurf", "Windsurf", Syntax.JSON, "mcpServers", null,
      p -> p.home().resolve(".codeium").resolve("windsurf").resolve("mcp_config.json"), null,
      p -> p.home().resolve(".codeium").resolve("windsurf"), List.of("windsurf"),
      "press refresh in Cascade's MCP servers panel, or restart Windsurf."),
  GEMINI("gemini", "Gemini CLI", Syntax.JSON_WITH_COMMENTS, "mcpServers", null,
      p -> p.home().resolve(".gemini").resolve("settings.json"), ".gemini/settings.json",
      p -> p.home().resolve(".gemini"), List.of("gemini"),
      "start 'gemini' again; '/mcp' lists snap."),
  CODEX("codex", "Codex CLI", Syntax.TOML, "mcp_servers", null,
      p -> codexHome(p).resolve("config.toml"), ".codex/config.toml",
      Client::codexHome, List.of("codex"),
      "start 'codex' again; '/mcp' lists snap.");

  private final String id;
  private final String displayName;
  final Syntax syntax;
  /** The key of the object (or TOML table) that maps server names to servers. */
  final String serversKey;
  /** The {@code type} a server entry carries for this client, or null where entries have none. */
  final String entryType;
  private final Function<Platform, Path> userConfig;
  /** The config file inside a project folder, relative to it; null where the client has none. */
  private final String projectConfig;
  private final Function<Platform, Path> homeDir;
  /** Programs on {@code PATH} that show the client is installed. */
  private final List<String> programs;
  private final String nextStep;

  Client(String id, String displayName, Syntax syntax, String serversKey, String entryType,
      Function<Platform, Path> userConfig, String projectConfig, Function<Platform, Path> homeDir,
      List<String> programs, String nextStep) {
    this.id = id;
    this.displayName = displayName;
    this.syntax = syntax;
    this.serversKey = serversKey;
    this.entryType = entryType;
    this.userConfig = userConfig;
    this.projectConfig = projectConfig;
    this.homeDir = homeDir;
    this.programs = programs;
    this.nextStep = nextStep;
  }

  /** The short name on the command line, e.g. {@code claude-desktop}. */
  public String id() {
    return id;
  }

  /** The product's name, e.g. {@code Claude Desktop}. */
  public String displayName() {
    return displayName;
  }

  /** What the user does after setup so that the client loads the server. */
  public String nextStep() {
    return nextStep;
  }

  /** The user-wide config file on {@code platform}. */
  public Path userConfig(Platform platform) {
    return userConfig.apply(platform);
  }

  /** The config file inside {@code projectDir}, where this client has per-project servers. */
  public Optional<Path> projectConfig(Path projectDir) {
    return Optional.ofNullable(projectConfig).map(relative -> projectDir.toAbsolutePath().normalize()
        .resolve(relative));
  }

  /** The folder the client keeps its own files in; its presence shows the client has run here. */
  Path homeDir(Platform platform) {
    return homeDir.apply(platform);
  }

  List<String> programs() {
    return programs;
  }

  /** The client called {@code id}, ignoring case. */
  public static Optional<Client> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
  }

  /** "claude-desktop, claude-code, …, codex": for help and error messages. */
  public static String ids() {
    return Arrays.stream(values()).map(Client::id).collect(Collectors.joining(", "));
  }

  private static Optional<Path> claudeCodeDir(Platform p) {
    return p.dirFromEnv("CLAUDE_CONFIG_DIR");
  }

  private static Path codexHome(Platform p) {
    return p.dirFromEnv("CODEX_HOME").orElse(p.home().resolve(".codex"));
  }
}
