package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A paired tab stays reachable through what happens to real tabs: a reload, a bridge restart, and the browser
 * stopping the extension's service worker. No person has to pair again.
 */
class ReconnectTest extends BridgedSnapTest {

  @Test
  void pairedTabAnswersCommandsThroughTheBridge() {
    Pairing pairing = newPairing();
    long start = System.nanoTime();
    Page page = openPairedSnap(pairing);
    System.err.printf("figure: Snap! page opened with a pairing link to session connected: %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
    awaitBridgeSeesReady(pairing.session());
    // The pairing code left the address at once: nobody copies it from there.
    assertTrue(!page.url().contains("snapmcp"), page.url());

    ControlApi.Answer added = api.command(pairing.session(), "add_script", Map.of("code", "(receiveGo) (doSayFor Hi! 0.1)"));
    assertTrue(added.ok(), added.body()::toString);
    assertEquals("Sprite#1", added.value().at("/script/id").asString());
    long t0 = System.nanoTime();
    int rounds = 20;
    for (int i = 0; i < rounds; i++) {
      assertTrue(api.command(pairing.session(), "status", Map.of()).ok());
    }
    System.err.printf("figure: status round trip control API -> bridge -> extension -> Snap! and back: %.1f ms%n",
        (System.nanoTime() - t0) / 1e6 / rounds);
    ControlApi.Answer refused = api.command(pairing.session(), "add_script", Map.of("code", "(nosuchblock)"));
    assertEquals(502, refused.status(), refused.body()::toString);
    assertEquals("unknown_block", refused.body().at("/error/browser/code").asString(), refused.body()::toString);
    JsonAssert.hasText(api.session(pairing.session()).path("snap"), SnapHome.version(snapHome));

    // A runtime error in Snap! reaches the bridge as an event naming its script, even outside a run op.
    ControlApi.Answer broken = api.command(pairing.session(), "add_script", Map.of("code", "(receiveMessage oops) (say (get nosuch))"));
    page.evaluate("() => world.children[0].broadcast('oops')");
    String scriptId = broken.value().at("/script/id").asString();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
        api.session(pairing.session()).path("events").valueStream().anyMatch(e -> "error".equals(e.path("event").asString())
            && scriptId.equals(e.path("scriptId").asString()) && e.path("message").asString().contains("nosuch")));
  }

  @Test
  void reloadAndBridgeRestartReconnectByThemselves() {
    Pairing pairing = newPairing();
    Page page = openPairedSnap(pairing);
    String first = store.get(pairing.session()).orElseThrow().connectionId();

    page.reload();
    awaitReady(page);
    Session afterReload = awaitSession(pairing.session(), s -> s.connected() && !first.equals(s.connectionId()));
    awaitBridgeSeesReady(pairing.session());
    assertTrue(api.command(pairing.session(), "add_script", Map.of("code", "(receiveGo) (forward 1)")).ok());

    restartBridge();
    Session afterRestart = awaitSession(pairing.session(),
        s -> s.connected() && !afterReload.connectionId().equals(s.connectionId()));
    awaitBridgeSeesReady(pairing.session());
    ControlApi.Answer project = api.command(pairing.session(), "get_project", Map.of());
    assertTrue(project.ok(), project.body()::toString);
    assertEquals("(receiveGo) (move 1)", project.value().at("/sprites/0/scripts/0/code").asString());

    long connects = afterRestart.history().stream().filter(e -> SessionEvent.CONNECTED.equals(e.type())).count();
    assertTrue(connects >= 3, afterRestart.history()::toString);
    assertTrue(afterRestart.history().stream().anyMatch(e -> SessionEvent.DISCONNECTED.equals(e.type())
        && first.equals(e.connectionId())), afterRestart.history()::toString);
  }

  @Test
  void stoppedServiceWorkerComesBackAndReconnects() {
    Pairing pairing = newPairing();
    openPairedSnap(pairing);
    String before = store.get(pairing.session()).orElseThrow().connectionId();

    // What Chrome does to an idle Manifest V3 worker, forced through the DevTools protocol from an extension page.
    Page extensionPage = browser.newPage();
    extensionPage.navigate("chrome-extension://" + EXTENSION_ID + "/popup.html");
    CDPSession devtools = browser.newCDPSession(extensionPage);
    devtools.send("ServiceWorker.enable");
    devtools.send("ServiceWorker.stopAllWorkers");

    Session after = awaitSession(pairing.session(), s -> s.connected() && !before.equals(s.connectionId()));
    assertNotEquals(before, after.connectionId());
    awaitBridgeSeesReady(pairing.session());
    assertTrue(api.command(pairing.session(), "status", Map.of()).ok());
  }
}
