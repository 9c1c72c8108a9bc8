package dev.snapmcp.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitUntilState;
import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A paired tab stays reachable through what happens to real tabs: a reload, a bridge restart, and the browser
 * stopping the extension's service worker. No person has to pair again, and a call made meanwhile waits and succeeds;
 * a tab closed for good is {@code tab_closed}.
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
  void aStoppedServiceWorkerComesBackAndTheNextCallSucceeds() {
    Pairing pairing = newPairing();
    Page page = openPairedSnap(pairing);
    awaitBridgeSeesReady(pairing.session());
    String before = store.get(pairing.session()).orElseThrow().connectionId();

    // What Chrome does to an idle Manifest V3 worker, forced through the DevTools protocol of the tab itself.
    CDPSession devtools = browser.newCDPSession(page);
    devtools.send("ServiceWorker.enable");
    long stopped = System.nanoTime();
    devtools.send("ServiceWorker.stopAllWorkers");
    ControlApi.Answer next = api.command(pairing.session(), "get_project", Map.of());
    long tookMs = (System.nanoTime() - stopped) / 1_000_000;
    assertTrue(next.ok(), next.body()::toString);
    assertNotEquals(before, store.get(pairing.session()).orElseThrow().connectionId(), "a new connection");
    System.err.printf("figure: service worker stopped -> next call answered: %d ms%n", tookMs);
  }

  @Test
  void aCallMadeWhileThePageReloadsCompletesAfterTheReload() throws Exception {
    Pairing pairing = newPairing();
    Page page = openPairedSnap(pairing);
    awaitBridgeSeesReady(pairing.session());
    String before = store.get(pairing.session()).orElseThrow().connectionId();
    assertTrue(api.command(pairing.session(), "add_script", Map.of("code", "(receiveGo) (doWait 3)")).ok());
    // A run that is still going when the page reloads: its answer is lost with the page, the bridge sends the command
    // again to the reloaded page (under the same id) once its tab is back and Snap! has loaded.
    long[] answeredAt = {0};
    CompletableFuture<ControlApi.Answer> run = CompletableFuture.supplyAsync(() -> {
      ControlApi.Answer a = api.command(pairing.session(), "run", Map.of("mode", "green_flag", "timeoutMs", 5000),
          Duration.ofSeconds(40));
      answeredAt[0] = System.nanoTime();
      return a;
    });
    page.waitForFunction("() => world.children[0].stage.threads.processes.length > 0", null,
        new Page.WaitForFunctionOptions().setTimeout(10_000).setPollingInterval(20));
    page.onDialog(dialog -> dialog.accept()); // Snap! asks before leaving unsaved work: the person says "Reload"
    long reloading = System.nanoTime();
    page.reload(new Page.ReloadOptions().setWaitUntil(WaitUntilState.COMMIT));
    awaitReady(page); // (Playwright serves the reloaded page's requests only while the test thread is in a call)
    ControlApi.Answer answer = run.get(60, TimeUnit.SECONDS);
    long tookMs = (answeredAt[0] - reloading) / 1_000_000;
    assertTrue(answer.ok(), answer.body()::toString);
    assertTrue(answer.value().path("finished").asBoolean(), answer.body()::toString);
    assertNotEquals(before, store.get(pairing.session()).orElseThrow().connectionId(), "the reloaded page's connection");
    System.err.printf("figure: page reloaded during a run -> the run's call answered: %d ms after the reload%n", tookMs);
  }

  @Test
  void aClosedTabIsTabClosedAndItsCallsFailAtOnce() {
    Pairing pairing = newPairing();
    Page page = openPairedSnap(pairing);
    page.close();
    await().atMost(CONNECT_TIMEOUT).until(() -> "tab_closed".equals(api.session(pairing.session()).path("state")
        .asString()));
    ControlApi.Answer refused = api.command(pairing.session(), "status", Map.of());
    assertEquals(409, refused.status());
    assertEquals("tab_closed", refused.body().at("/error/code").asString(), refused.body()::toString);
  }
}
