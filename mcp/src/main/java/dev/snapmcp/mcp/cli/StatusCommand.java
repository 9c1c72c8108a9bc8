package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.BridgeRecord;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.StoreException;
import java.io.PrintWriter;
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
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap-mcp status}: the bridge and the sessions; optionally waits for a session to connect. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the bridge and the sessions, or wait until a session's browser connects.")
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StateDirOption state;

  @Option(names = "--json", description = "Print one JSON object: {\"bridge\": …, \"sessions\": […]}.")
  boolean json;

  @Option(names = "--wait-connected", paramLabel = "ID",
      description = "Wait until this session is connected; exit 0 then, 1 at the timeout.")
  String waitFor;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long --wait-connected waits (default: 30s).")
  Duration timeout;

  @Override
  public Integer call() {
    if (timeout != null && waitFor == null) {
      throw new ParameterException(spec.commandLine(), "--timeout only goes with --wait-connected ID");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (SessionStore store = state.open()) {
      if (waitFor != null) {
        return waitConnected(store, out);
      }
      Instant now = Clock.systemUTC().instant();
      BridgeRecord bridge = store.bridge().orElse(null);
      var states = SessionStates.of(store, now);
      List<SessionView> sessions = store.list().stream().map(s -> SessionView.of(s, now, states.apply(s))).toList();
      if (json) {
        ObjectNode o = Json.mapper().createObjectNode();
        if (bridge == null) {
          o.putNull("bridge");
        } else {
          ObjectNode b = Json.mapper().valueToTree(bridge);
          b.put("live", bridge.isLiveAt(now));
          o.set("bridge", b);
        }
        store.cluster().ifPresent(cluster -> o.set("nodes", Json.mapper().valueToTree(cluster.nodes())));
        o.set("sessions", Json.mapper().valueToTree(sessions));
        o.put("stateDir", store.stateDir().toString());
        out.println(Json.mapper().writeValueAsString(o));
      } else {
        java.util.Optional<dev.snapmcp.core.Cluster> cluster = store.cluster();
        if (cluster.isPresent()) {
          // Bridge nodes sharing the store (docs/cluster.md): the directory, not a single bridge record.
          List<dev.snapmcp.core.Cluster.Node> nodes = cluster.get().nodes();
          out.println("Bridge nodes: " + (nodes.isEmpty() ? "none running (start one with 'snap-mcp bridge --store"
              + " …')." : nodes.size() + " live."));
          for (dev.snapmcp.core.Cluster.Node n : nodes) {
            out.println("  " + n.id() + ": pid " + n.pid() + ", listening on " + n.host() + ":" + n.port()
                + (n.address() == null ? "" : ", reached at " + n.address()) + " (heartbeat "
                + Text.relative(n.heartbeatAt(), now) + ").");
          }
        } else if (bridge == null) {
          out.println("Bridge: not running (start it with 'snap-mcp serve').");
        } else if (bridge.isLiveAt(now)) {
          out.println("Bridge: running, pid " + bridge.pid() + ", listening on " + bridge.host() + ":" + bridge.port()
              + " (heartbeat " + Text.relative(bridge.heartbeatAt(), now) + ").");
        } else {
          out.println("Bridge: not running (last one was pid " + bridge.pid() + " on port " + bridge.port()
              + ", last heartbeat " + Text.relative(bridge.heartbeatAt(), now) + ").");
        }
        out.println("State: " + store.stateDir());
        if (state.storeUrl() != null) {
          out.println("Store: " + store.location());
        }
        out.println();
        Text.sessionTable(out, sessions, now);
      }
      out.flush();
      return 0;
    }
  }

  private int waitConnected(SessionStore store, PrintWriter out) {
    Duration limit = timeout == null ? Duration.ofSeconds(30) : timeout;
    // Progress goes to stderr: stdout carries only the result.
    spec.commandLine().getErr().println("Waiting up to " + DurationConverter.format(limit) + " for session " + waitFor
        + " to connect...");
    spec.commandLine().getErr().flush();
    try {
      Session s = store.await(waitFor, Session::connected, limit);
      if (json) {
        Instant now = Clock.systemUTC().instant();
        out.println(Json.mapper().writeValueAsString(SessionView.of(s, now, SessionStates.of(store, now).apply(s))));
      } else {
        out.println("Session " + s.id() + " is connected (connection " + s.connectionId() + ").");
      }
      out.flush();
      return 0;
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.TIMEOUT) {
        throw new CliErrors.CliFailure("session " + waitFor + " did not connect within "
            + DurationConverter.format(limit) + "; is the extension paired in an open Snap! tab?");
      }
      if (e.kind() == StoreException.Kind.NOT_FOUND) {
        throw new CliErrors.CliFailure("no session " + waitFor + " (see 'snap-mcp session list')");
      }
      throw e;
    }
  }
}
