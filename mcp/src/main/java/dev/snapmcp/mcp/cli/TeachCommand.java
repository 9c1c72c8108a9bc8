package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.Passphrase;
import dev.snapmcp.core.TeachFile;
import dev.snapmcp.core.TeachMode;
import dev.snapmcp.core.TeachSettings;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code snap-mcp teach …}: the teacher's mode (build, guide, observe; machine-wide or for one session) and the lock
 * that keeps it. Every running {@code serve} enforces a change from its next call on and tells its clients.
 * A passphrase is read from the terminal without echo, or as one line of stdin when there is no terminal.
 */
@Command(
    name = "teach",
    mixinStandardHelpOptions = true,
    description = "Set what the assistant may do: build (everything), guide (explain, run, look; no changes to the "
        + "project) or observe (read and look only).",
    subcommands = {TeachCommand.Mode.class, TeachCommand.Status.class, TeachCommand.Lock.class,
      TeachCommand.Unlock.class})
final class TeachCommand implements Runnable {

  static final int MIN_PASSPHRASE = 6;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "mode", mixinStandardHelpOptions = true,
      description = "Set the mode, for every session or (--session) for one. While locked, asks for the passphrase.")
  static final class Mode implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Parameters(paramLabel = "MODE", description = "build, guide or observe.")
    String mode;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session (it overrides the machine-wide mode).")
    String session;

    @Override
    public Integer call() {
      TeachMode wanted = TeachMode.parse(mode).orElseThrow(() -> new picocli.CommandLine.ParameterException(
          spec.commandLine(), "MODE must be build, guide or observe, not '" + mode + "'"));
      TeachSettings before = TeachFile.read(state.resolve());
      char[] given = before.locked() ? ask(spec, "Passphrase: ") : null;
      TeachFile.update(state.resolve(), now -> {
        if (now.locked() && (given == null || !now.lock().matches(given))) {
          throw new CliErrors.CliFailure("wrong passphrase: the mode stays " + now.modeOf(session).wire()
              + " (the teacher who ran 'snap-mcp teach lock' knows it)");
        }
        return now.withMode(session, wanted);
      });
      wipe(given);
      PrintWriter out = spec.commandLine().getOut();
      out.println("Mode " + wanted.wire() + (session == null ? " for every session" : " for session " + session)
          + ". Running assistants follow it from their next call.");
      out.flush();
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the mode, per-session modes and the lock.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Option(names = "--json", description = "Print one JSON object: mode, sessions, locked, logRetentionDays.")
    boolean json;

    @Override
    public Integer call() {
      TeachSettings settings = TeachFile.read(state.resolve());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("mode", settings.mode().wire());
        ObjectNode sessions = o.putObject("sessions");
        settings.sessions().forEach((id, m) -> sessions.put(id, m.wire()));
        o.put("locked", settings.locked());
        o.put("logRetentionDays", settings.logRetentionDays());
        out.println(o);
      } else {
        out.println("mode: " + settings.mode().wire());
        settings.sessions().forEach((id, m) -> out.println("  session " + id + ": " + m.wire()));
        out.println("locked: " + (settings.locked() ? "yes (changing the mode needs the passphrase)" : "no"));
        out.println("log kept: " + settings.logRetentionDays() + " days");
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "lock", mixinStandardHelpOptions = true,
      description = "Set a passphrase that changing the mode needs from now on (stored only as a slow salted hash).")
  static final class Lock implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Override
    public Integer call() {
      TeachSettings before = TeachFile.read(state.resolve());
      char[] old = before.locked() ? ask(spec, "Current passphrase: ") : null;
      char[] fresh = ask(spec, "New passphrase: ");
      if (System.console() != null && !Arrays.equals(fresh, ask(spec, "Again: "))) {
        throw new CliErrors.CliFailure("the two passphrases differ: nothing changed");
      }
      if (fresh.length < MIN_PASSPHRASE) {
        throw new CliErrors.CliFailure("a passphrase needs at least " + MIN_PASSPHRASE + " characters: nothing changed");
      }
      Passphrase hashed = Passphrase.of(fresh);
      TeachFile.update(state.resolve(), now -> {
        if (now.locked() && (old == null || !now.lock().matches(old))) {
          throw new CliErrors.CliFailure("wrong passphrase: the lock stays as it was");
        }
        return now.withLock(hashed);
      });
      wipe(old);
      wipe(fresh);
      spec.commandLine().getOut().println("Locked: changing the mode now needs the passphrase.");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Remove the lock (asks for the passphrase).")
  static final class Unlock implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Override
    public Integer call() {
      if (!TeachFile.read(state.resolve()).locked()) {
        spec.commandLine().getOut().println("Not locked.");
        spec.commandLine().getOut().flush();
        return 0;
      }
      char[] given = ask(spec, "Passphrase: ");
      TeachFile.update(state.resolve(), now -> {
        if (now.locked() && !now.lock().matches(given)) {
          throw new CliErrors.CliFailure("wrong passphrase: still locked");
        }
        return now.withLock(null);
      });
      wipe(given);
      spec.commandLine().getOut().println("Unlocked.");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** A passphrase from the terminal (no echo), else one line of stdin (for scripts and tests). */
  static char[] ask(CommandSpec spec, String prompt) {
    Console console = System.console();
    if (console != null) {
      char[] read = console.readPassword("%s", prompt);
      return read == null ? new char[0] : read;
    }
    return readLine(System.in);
  }

  /** One line of {@code in} (without its end), read byte by byte so nothing after it is consumed. */
  static char[] readLine(InputStream in) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      for (int b; (b = in.read()) != -1 && b != '\n' && bytes.size() < 1024; ) {
        if (b != '\r') {
          bytes.write(b);
        }
      }
    } catch (IOException e) {
      throw new CliErrors.CliFailure("cannot read the passphrase: " + e.getMessage());
    }
    byte[] raw = bytes.toByteArray();
    CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw));
    Arrays.fill(raw, (byte) 0);
    char[] out = new char[chars.remaining()];
    chars.get(out);
    return out;
  }

  private static void wipe(char[] secret) {
    if (secret != null) {
      Arrays.fill(secret, '\0');
    }
  }
}
