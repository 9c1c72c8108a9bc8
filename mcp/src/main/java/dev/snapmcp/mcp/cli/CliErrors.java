package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns a failure into one clear line on stderr and exit code 1: users see what went wrong, not a stack trace. */
final class CliErrors implements IExecutionExceptionHandler {

  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    String message;
    if (e instanceof StoreException || e instanceof CliFailure) {
      message = e.getMessage();
    } else if (e instanceof IllegalArgumentException) {
      message = e.getMessage();
    } else {
      message = "unexpected error: " + e;
    }
    cli.getErr().println("snap-mcp: " + message);
    cli.getErr().flush();
    return FAILED;
  }

  /** A failure whose message is meant for the user as it is. */
  static final class CliFailure extends RuntimeException {
    CliFailure(String message) {
      super(message);
    }
  }
}
