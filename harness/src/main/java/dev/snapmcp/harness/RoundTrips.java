package dev.snapmcp.harness;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import java.util.Arrays;
import java.util.Map;

/** The connections scenario's command round trips: control API -> WebSocket -> a connected scripted tab -> back. */
final class RoundTrips {

  private final ConnectionsRig rig;

  RoundTrips(ConnectionsRig rig) {
    this.rig = rig;
  }

  /** Microseconds per round trip, after a warm-up; fewer than asked for when one failed (a violation). */
  long[] run() throws Exception {
    int count = rig.settings().roundTrips();
    NewSession target = rig.createSessions(1).get(0);
    int port = rig.bridge().port();
    try (ControlCalls control = new ControlCalls(port, rig.stateDir());
        FakeBrowser browser = FakeBrowser.to(port).origin(Protocol.EXTENSION_ORIGIN)
        .responder((op, args) -> FakeBrowser.Reply.value(Map.of("echo", op))).connect()) {
      browser.hello(target.session().id(), target.token()).awaitFrame("welcome", ConnectionsScenario.WAIT);
      int warmup = Math.max(10, count / 4);
      long[] micros = new long[count];
      for (int i = -warmup; i < count; i++) {
        ControlCalls.Answer answer = control.status(target.session().id());
        if (answer.failure() != null) {
          rig.violation("command round trip failed: " + answer.failure());
          return Arrays.copyOf(micros, Math.max(0, i));
        }
        if (i >= 0) {
          micros[i] = answer.nanos() / 1000;
        }
      }
      Latency l = Latency.ofMicros(micros);
      rig.say("round trips: %d, p50 %.3f ms, p99 %.3f ms", l.count(), l.p50(), l.p99());
      return micros;
    }
  }
}
