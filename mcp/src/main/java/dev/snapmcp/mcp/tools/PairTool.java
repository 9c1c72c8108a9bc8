package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.control.Health;
import dev.snapmcp.bridge.protocol.PairingCode;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.StoreException;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap_pair}: a new session and the one step the user takes to connect their Snap! tab to it. */
final class PairTool extends SnapTool {

  static final Duration SESSION_TTL = Duration.ofHours(24);
  private static final int DEFAULT_WAIT_SECONDS = 120;
  private static final Duration WAIT_STEP = Duration.ofSeconds(2);

  PairTool(SnapTabs tabs) {
    super(tabs);
  }

  @Override
  McpSchema.Tool tool() {
    return define("snap_pair", "Connect a Snap! tab",
        "Connects a Snap! tab when none is. Returns a pairing code, a link and 'instructions' to relay to the "
            + "user word for word. wait=true waits until the tab connects.",
        Hints.ADD,
        Schemas.input(false, """
            "wait": {"type": "boolean", "description": "Wait until the tab connects (default false)."},
            "waitSeconds": {"type": "integer", "minimum": 1, "maximum": 600,
              "description": "How long to wait when wait is true (default 120)."}"""),
        Schemas.output("""
            "session": {"type": "string"},
            "code": {"type": "string", "description": "The pairing code SESSION.TOKEN.PORT."},
            "link": {"type": "string", "description": "Snap! online with the code: opening it pairs that tab."},
            "expiresAt": {"type": "string"},
            "instructions": {"type": "string"},
            "connected": {"type": "boolean"}"""));
  }

  @Override
  McpSchema.CallToolResult handle(ToolCall call) {
    boolean wait = call.flag("wait", false);
    int waitSeconds = call.optionalInt("waitSeconds") == null ? DEFAULT_WAIT_SECONDS : call.optionalInt("waitSeconds");
    Health health = tabs.health(); // the bridge must listen before the user pastes the code
    int port = health.port() != 0 ? health.port() : tabs.link().port();
    SessionStore store;
    NewSession created;
    try {
      store = tabs.store();
      created = store.create(SESSION_TTL);
    } catch (StoreException e) {
      throw new ToolError(ToolErrorCode.STORE_ERROR, "Could not create a session: " + e.getMessage()
          + ". Ask the user to run `snap-mcp doctor`.", null);
    }
    String id = created.session().id();
    String code = PairingCode.of(id, created.token(), port);
    String link = PairingCode.link(code);
    ObjectNode body = object();
    body.put("session", id);
    body.put("code", code);
    body.put("link", link);
    body.put("expiresAt", created.session().expiresAt().toString());
    body.put("instructions", "To connect Snap!: open Snap! in your browser (for example " + link + " , which pairs "
        + "by itself), or, in a Snap! tab you already have open, click the snap-mcp extension's icon and paste this "
        + "code: " + code);
    boolean connected = wait && awaitConnection(call, store, id, Duration.ofSeconds(waitSeconds));
    body.put("connected", connected);
    return ok(new ConnectionState(id, connected, false, null, null), body);
  }

  private static boolean awaitConnection(ToolCall call, SessionStore store, String id, Duration timeout) {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    call.progress(0, (double) timeout.toSeconds(), "Waiting for the user to connect their Snap! tab");
    while (Instant.now().isBefore(deadline) && !call.cancellation().isDone()) {
      Duration step = Duration.between(Instant.now(), deadline);
      try {
        Session session = store.await(id, Session::connected, step.compareTo(WAIT_STEP) < 0 ? step : WAIT_STEP);
        return session.connected();
      } catch (StoreException e) {
        if (e.kind() != StoreException.Kind.TIMEOUT) {
          throw new ToolError(ToolErrorCode.STORE_ERROR, "Waiting for the tab failed: " + e.getMessage(), null);
        }
      }
      long waited = Duration.between(start, Instant.now()).toSeconds();
      call.progress(waited, (double) timeout.toSeconds(), "Still waiting for the Snap! tab (" + waited + " s)");
    }
    return false;
  }
}
