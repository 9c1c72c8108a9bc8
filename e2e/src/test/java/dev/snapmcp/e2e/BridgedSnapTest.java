package dev.snapmcp.e2e;

import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.testing.TempStateDir;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Adds the real bridge, in this JVM, over a real session store in a temporary state folder, to the browser of
 * {@link SnapBrowserTest}. Tabs pair the way users do: with a pairing code.
 */
abstract class BridgedSnapTest extends SnapBrowserTest {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  protected TempStateDir state;
  protected SessionStore store;
  protected BridgeServer bridge;
  protected int bridgePort;
  protected ControlApi api;

  @BeforeAll
  void startBridge() {
    state = TempStateDir.create();
    store = state.open();
    bridge = new BridgeServer(BridgeConfig.builder(store).port(0).build()).start();
    bridgePort = bridge.port();
    api = new ControlApi(bridgePort, bridge.tokenFile());
  }

  /** Stops the bridge and starts a new one on the same port and store, as after a crash and a restart. */
  void restartBridge() {
    bridge.close();
    bridge = new BridgeServer(BridgeConfig.builder(store).port(bridgePort).build()).start();
    api = new ControlApi(bridgePort, bridge.tokenFile());
  }

  /** A new session and its pairing code (SESSION.TOKEN.PORT). */
  Pairing newPairing() {
    NewSession created = store.create(Duration.ofMinutes(30));
    return new Pairing(created.session().id(), created.session().id() + "." + created.token() + "." + bridgePort);
  }

  /** Opens Snap! with the pairing code in its address (the one-step pairing link) and waits until it is connected. */
  Page openPairedSnap(Pairing pairing) {
    Page page = openReadySnap("#snapmcp=" + pairing.code());
    awaitSession(pairing.session(), s -> s.connected());
    return page;
  }

  Session awaitSession(String id, Predicate<Session> condition) {
    return store.await(id, condition, CONNECT_TIMEOUT);
  }

  /** Waits until the bridge knows the tab's Snap! is ready (its newest ready event). */
  void awaitBridgeSeesReady(String session) {
    await().atMost(CONNECT_TIMEOUT).until(() -> api.session(session).path("ready").asBoolean());
  }

  record Pairing(String session, String code) {}

  @AfterAll
  void stopBridge() {
    if (bridge != null) {
      bridge.close();
    }
    if (store != null) {
      store.close();
    }
    if (state != null) {
      state.close();
    }
  }
}
