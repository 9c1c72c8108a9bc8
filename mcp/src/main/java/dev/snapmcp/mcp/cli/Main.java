package dev.snapmcp.mcp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code snap-mcp} command line. Subcommands arrive with their issues. */
@Command(
    name = "snap-mcp",
    mixinStandardHelpOptions = true,
    version = "snap-mcp 0.1.0",
    description = "Lets an AI assistant drive the Snap! IDE in your browser.",
    subcommands = {ServeCommand.class, DoctorCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
