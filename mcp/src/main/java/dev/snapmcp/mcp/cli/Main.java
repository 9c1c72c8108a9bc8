package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.Version;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine;

/** The {@code snap-mcp} command line. Each subcommand is its own class; this one only wires them together. */
@Command(
    name = "snap-mcp",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Lets an AI assistant drive the Snap! IDE in your browser.",
    subcommands = {SessionCommand.class, StatusCommand.class, BridgeCommand.class, ServeCommand.class,
      DoctorCommand.class, SetupCommand.class, KeyCommand.class, TeachCommand.class, LogCommand.class})
public final class Main {

  public static void main(String[] args) {
    ServeCommand serve = ServeCommand.parseQuickly(args);
    int code = serve != null ? runQuickly(serve) : commandLine(new PrintWriter(System.out, true),
        new PrintWriter(System.err, true)).execute(args);
    NativeWaits.release(Duration.ofMillis(100));
    System.exit(code);
  }

  /** Runs a {@code serve} parsed without picocli, failing as picocli's run would (one line, exit 1). */
  private static int runQuickly(ServeCommand serve) {
    try {
      return serve.call();
    } catch (Exception e) {
      System.err.println("snap-mcp: " + CliErrors.message(e));
      return CliErrors.FAILED;
    }
  }

  /**
   * The command line writing to {@code out} and {@code err}: exit 0 on success, 2 on a usage error, 1 otherwise with
   * one line on {@code err}.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new CliErrors());
    return cli;
  }

  /** {@code --version}: snap-mcp's one version number ({@link Version}). */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"snap-mcp " + Version.CURRENT};
    }
  }
}
