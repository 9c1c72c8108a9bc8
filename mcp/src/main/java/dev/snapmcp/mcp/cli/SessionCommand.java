package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.protocol.PairingCode;
import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap-mcp session …}: create, list, revoke, purge and import sessions. */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    description = "Create and manage the sessions that let a Snap! tab connect.",
    subcommands = {
      SessionCommand.New.class,
      SessionCommand.ListSessions.class,
      SessionCommand.Revoke.class,
      SessionCommand.Purge.class,
      SessionCommand.Import.class
    })
final class SessionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = "Create a session and print its pairing code (the token is shown only this once).")
  static final class New implements Callable<Integer> {
    static final Duration MAX_TTL = Duration.ofDays(365);

    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
        description = "How long the session may be used, e.g. 30m, 2h (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--json", description = "Print one JSON object: id, token, expiresAt, pairingCode, port.")
    boolean json;

    @Override
    public Integer call() {
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
        throw new ParameterException(spec.commandLine(), "--ttl must be between 1s and 365d, not "
            + DurationConverter.format(ttl));
      }
      PrintWriter out = spec.commandLine().getOut();
      try (SessionStore store = state.open()) {
        NewSession created = store.create(ttl);
        Session s = created.session();
        Instant now = Clock.systemUTC().instant();
        boolean bridgeRunning = Pairing.liveBridge(store, now).isPresent();
        int port = Pairing.port(store, now);
        String code = PairingCode.of(s.id(), created.token(), port);
        if (json) {
          ObjectNode o = Json.mapper().createObjectNode();
          o.put("id", s.id());
          o.put("token", created.token());
          o.put("createdAt", s.createdAt().toString());
          o.put("expiresAt", s.expiresAt().toString());
          o.put("pairingCode", code);
          o.put("port", port);
          o.put("bridgeRunning", bridgeRunning);
          out.println(Json.mapper().writeValueAsString(o));
        } else {
          out.println("Created session " + s.id() + ", valid for " + DurationConverter.format(ttl)
              + " (until " + Text.instant(s.expiresAt()) + ").");
          out.println();
          out.println("Pairing code (shown only this once):");
          out.println();
          out.println("  " + code);
          out.println();
          out.println("Paste it into the snap-mcp extension's popup while your Snap! tab is open,");
          out.println("or open " + PairingCode.link(code));
          out.println("(or your own Snap! with #snapmcp=CODE at the end of its address).");
          out.println("Token (part of the code): " + created.token());
          if (!bridgeRunning) {
            out.println("No bridge is running yet: the code uses the default port " + Protocol.DEFAULT_PORT
                + "; start one with 'snap-mcp serve'.");
          }
          out.println("Anyone with this code can drive that tab until it expires or you run"
              + " 'snap-mcp session revoke " + s.id() + "'.");
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the sessions (never their tokens).")
  static final class ListSessions implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (SessionStore store = state.open()) {
        Instant now = Clock.systemUTC().instant();
        var states = SessionStates.of(store, now);
        List<SessionView> views = store.list().stream().map(s -> SessionView.of(s, now, states.apply(s))).toList();
        if (json) {
          out.println(Json.mapper().writeValueAsString(views));
        } else {
          Text.sessionTable(out, views, now);
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a session: its tab is disconnected and cannot connect again.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Parameters(paramLabel = "ID", description = "The session id (sess_…).")
    String id;

    @Override
    public Integer call() {
      try (SessionStore store = state.open()) {
        if (!store.revoke(id)) {
          throw new CliErrors.CliFailure("no session " + id + " in " + store.file()
              + " (see 'snap-mcp session list')");
        }
        spec.commandLine().getOut().println("Revoked " + id + ".");
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }

  @Command(name = "purge", mixinStandardHelpOptions = true,
      description = "Remove expired and revoked sessions.")
  static final class Purge implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Override
    public Integer call() {
      try (SessionStore store = state.open()) {
        int removed = store.purgeExpired();
        spec.commandLine().getOut().println("Removed " + removed + " expired or revoked session"
            + (removed == 1 ? "" : "s") + ".");
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import the sessions of the prototype's active_sessions.json (tokens are stored hashed).")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Parameters(paramLabel = "FILE", description = "The file to import; it is only read.")
    Path file;

    @Override
    public Integer call() {
      try (SessionStore store = state.open()) {
        int added = store.importSessions(file.toAbsolutePath());
        spec.commandLine().getOut().println("Imported " + added + " session" + (added == 1 ? "" : "s")
            + " from " + file.toAbsolutePath() + ".");
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }
}
