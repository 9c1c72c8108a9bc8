package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.control.SessionState;
import dev.snapmcp.bridge.control.SessionStatus;
import dev.snapmcp.bridge.control.SessionView;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sessions' states as the command line shows them: the live bridge's own (it knows its grace and what it saw
 * itself), else derived from the store with the default grace, by the same {@link SessionStatus#derive}.
 */
final class SessionStates {

  private SessionStates() {}

  /** Each session's state at {@code now}. */
  static Function<Session, SessionStatus> of(SessionStore store, Instant now) {
    Map<String, SessionStatus> live = fromTheBridge(store, now);
    return s -> Optional.ofNullable(live.get(s.id())).orElseGet(() ->
        SessionStatus.derive(s, s.connected(), SessionStatus.Drop.of(s), now, BridgeConfig.DEFAULT_RECONNECT_GRACE));
  }

  private static Map<String, SessionStatus> fromTheBridge(SessionStore store, Instant now) {
    Map<String, SessionStatus> states = new HashMap<>();
    if (store.bridge().filter(b -> b.isLiveAt(now)).isEmpty()) {
      return states;
    }
    try (ControlClient bridge = ControlClient.connect(store.stateDir())) {
      for (SessionView view : bridge.sessions()) {
        Optional<SessionState> state = view.sessionState();
        state.ifPresent(known -> states.put(view.id(), new SessionStatus(known, view.droppedAt())));
      }
    } catch (ControlException e) {
      // No bridge answers: the store alone says what it can.
    }
    return states;
  }
}
