package dev.snapmcp.mcp.cli;

import dev.snapmcp.mcp.setup.Client;
import dev.snapmcp.mcp.setup.Launcher;
import dev.snapmcp.mcp.setup.Platform;
import dev.snapmcp.mcp.setup.Setup;
import dev.snapmcp.mcp.setup.SetupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code snap-mcp setup CLIENT}: adds snap-mcp to an MCP client's config file; {@code --list} shows the clients. */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = {
      "Connects an MCP client to snap-mcp: adds the server \"snap\" (this launcher, with 'serve') to the client's "
          + "own config file, keeping every other entry, setting and comment as it was, after a backup of the old file "
          + "(FILE.bak-TIME).",
      "A \"snap\" entry of snap-mcp run from another folder is pointed here; any other server called \"snap\" is "
          + "left alone unless --force."
    },
    footer = {
      "%nThe files it edits (the user's, or with --project DIR the project's):",
      "  claude-desktop  claude_desktop_config.json in Claude's settings folder",
      "  claude-code     ~/.claude.json, or DIR/.mcp.json",
      "  cursor          ~/.cursor/mcp.json, or DIR/.cursor/mcp.json",
      "  vscode          Code/User/mcp.json in its settings, or DIR/.vscode/mcp.json",
      "  windsurf        ~/.codeium/windsurf/mcp_config.json",
      "  gemini          ~/.gemini/settings.json, or DIR/.gemini/settings.json",
      "  codex           ~/.codex/config.toml ($CODEX_HOME), or DIR/.codex/config.toml"
    })
final class SetupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CLIENT", converter = ClientConverter.class,
      description = "claude-desktop, claude-code, cursor, vscode, windsurf, gemini or codex.")
  Client client;

  @Option(names = "--list", description = "Show the clients found on this machine and whether snap-mcp is set up.")
  boolean list;

  @Option(names = "--dry-run", description = "Print the change as a unified diff; write nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Replace a server called \"snap\" that is not snap-mcp.")
  boolean force;

  @Option(names = "--project", paramLabel = "DIR", description = "Edit the config file of the project in DIR "
      + "instead of the user's (claude-code, cursor, vscode, gemini, codex).")
  Path project;

  @Option(names = "--home", paramLabel = "DIR", description = "Look for config files under DIR as the home folder "
      + "(ignoring APPDATA, XDG_CONFIG_HOME, CLAUDE_CONFIG_DIR and CODEX_HOME).")
  Path home;

  @Option(names = "--command", paramLabel = "PATH", description = "The launcher the client runs (default: this "
      + "snap-mcp script).")
  Path command;

  @Override
  public Integer call() {
    if (list == (client != null)) {
      throw new ParameterException(spec.commandLine(), list ? "--list takes no CLIENT"
          : "name a client (" + Client.ids() + "), or use --list");
    }
    if (list && (dryRun || force || project != null)) {
      throw new ParameterException(spec.commandLine(), "--list goes without --dry-run, --force and --project");
    }
    Platform platform = home == null ? Platform.current() : Platform.current().withHome(home);
    Setup setup = new Setup(platform, Clock.systemDefaultZone());
    PrintWriter out = spec.commandLine().getOut();
    try {
      Path launcher = Launcher.find(command, System.getenv());
      if (list) {
        list(out, setup.scan(launcher), launcher);
      } else {
        setUp(out, setup, launcher);
      }
    } catch (SetupException e) {
      throw new CliErrors.CliFailure(e.getMessage());
    } finally {
      out.flush();
    }
    return 0;
  }

  private void setUp(PrintWriter out, Setup setup, Path launcher) {
    Setup.Plan plan = setup.plan(client, project, launcher, force);
    String name = client.displayName();
    if (!plan.changes()) {
      out.println(name + ": snap-mcp is already set up in " + plan.file() + " (it runs " + plan.command()
          + "); nothing to change.");
      return;
    }
    String change = switch (plan.outcome()) {
      case ADD -> "add the server \"snap\" to " + plan.file() + (plan.before() == null ? " (a new file)" : "");
      case UPDATE -> "point the server \"snap\" in " + plan.file() + " here (it ran " + plan.previous() + ")";
      case REPLACE -> "replace the server \"snap\" in " + plan.file() + " (it ran " + plan.previous() + ")";
      case UNCHANGED -> throw new IllegalStateException();
    };
    if (dryRun) {
      out.println(name + ": would " + change + "; nothing written (--dry-run).");
      out.print(plan.diff());
      return;
    }
    Optional<Path> backup = setup.apply(plan);
    out.println(name + ": " + past(change) + ".");
    backup.ifPresent(b -> out.println("Backup of the old file: " + b));
    out.println("It runs: " + plan.command());
    out.println("Next: " + client.nextStep());
  }

  private static String past(String change) {
    return change.replaceFirst("^add ", "added ").replaceFirst("^point ", "pointed ")
        .replaceFirst("^replace ", "replaced ");
  }

  private static void list(PrintWriter out, List<Setup.Found> found, Path launcher) {
    String format = "%-15s %-28s %s%n";
    out.printf(format, "CLIENT", "FOUND", "SNAP-MCP");
    for (Setup.Found f : found) {
      out.printf(format, f.client().id(), f.found() ? String.join(", ", f.evidence()) : "no",
          f.status());
      if (f.found()) {
        out.printf("%15s %s%n", "", f.config() + (f.evidence().contains("config") ? "" : " (no file yet)"));
      }
    }
    out.println();
    out.println("The launcher: " + launcher);
    out.println("Connect a client with: snap-mcp setup CLIENT (add --dry-run to see the change first)");
  }

  /** CLIENT by its short name; an unknown one is a usage error (exit 2) that lists the known ones. */
  static final class ClientConverter implements ITypeConverter<Client> {
    @Override
    public Client convert(String value) {
      return Client.byId(value).orElseThrow(() -> new TypeConversionException("unknown client '" + value
          + "'; snap-mcp setup knows: " + Client.ids()));
    }
  }
}
