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
    cli.getErr().println("snap-mcp: " + message(e));
    cli.getErr().flush();
    return FAILED;
  }

  /** What the user is told about {@code e}. */
  static String message(Exception e) {
    if (e instanceof StoreException || e instanceof CliFailure || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    return "unexpected error: " + e;
  }

  /** A failure whose message is meant for the user as it is. */
  static final class CliFailure extends RuntimeException {
    CliFailure(String message) {
      super(message);
    }
  }
}
