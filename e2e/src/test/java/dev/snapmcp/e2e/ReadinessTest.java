package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Readiness as the extension sees it: it holds only when the IDE is usable, whether the extension's script arrived
 * before Snap! (the usual content script) or after it (a tab that was open when the extension was installed), and it
 * never claims "ready" for a page that is not.
 */
class ReadinessTest extends BridgedSnapTest {

  /**
   * Collects the page script's events (ready / project / error) in window.__snapMcpEvents from the moment
   * window.snapMcp appears (before its first event): they travel to the relay on a private channel, not over window.
   */
  private static final String COLLECT_EVENTS = "window.__snapMcpEvents = []; let api;"
      + "Object.defineProperty(window, 'snapMcp', {configurable: true, get: () => api,"
      + " set: (v) => { api = v; v.onEvent(e => window.__snapMcpEvents.push(e)); }});";

  @Test
  void coldLoadBecomesReadyAndAnnouncesIt() {
    Page page = browser.newPage();
    page.addInitScript(COLLECT_EVENTS);
    long start = System.nanoTime();
    page.navigate(snap.url("snap.html").toString());
    awaitReady(page);
    long readyMs = (System.nanoTime() - start) / 1_000_000;
    System.err.printf("figure: Snap! cold load to ready: %d ms%n", readyMs);

    JsonNode state = readiness(page);
    assertEquals(SnapHome.version(snapHome), state.path("snap").asString());
    // The IDE is really usable: the stage and the current sprite exist and the world is being drawn.
    assertEquals(480, page.evaluate("() => world.children[0].stage.dimensions.x"));
    await().atMost(Duration.ofSeconds(5)).until(() -> events(page).stream()
        .anyMatch(e -> "ready".equals(e.path("event").asString()) && e.path("ready").asBoolean()));
    assertTrue(events(page).stream().noneMatch(e -> "ready".equals(e.path("event").asString()) && !e.path("ready").asBoolean()), () -> events(page).toString());
  }

  @Test
  void scriptArrivingAfterSnapIsReadyStillWorks() {
    // Snap! served from an origin the extension does not match, so nothing of it runs until we inject it late (the
    // page scripts alone, without a relay: the extension itself never injects into a running page, see PageTrustTest).
    Page page = browser.newPage();
    page.route("http://snap.example/**", route -> route.fulfill(new Route.FulfillOptions().setResponse(
        route.fetch(new Route.FetchOptions().setUrl(route.request().url().replace("http://snap.example", "http://127.0.0.1:" + snap.port()))))));
    page.navigate("http://snap.example/snap.html");
    page.waitForFunction("() => window.world && world.children[0] instanceof IDE_Morph && !!world.children[0].stage"
        + " && !!world.children[0].corral", null, new Page.WaitForFunctionOptions().setTimeout(READY_TIMEOUT.toMillis()));
    assertEquals("undefined", page.evaluate("() => typeof window.snapMcp"));

    pageScripts().forEach(script -> page.addScriptTag(new Page.AddScriptTagOptions().setPath(script)));
    awaitReady(page);
    JsonNode added = exec(page, "add_script", Map.of("code", "(receiveGo) (forward 10)"));
    assertTrue(added.path("ok").asBoolean(), added::toString);
    assertEquals("Sprite#1", added.at("/value/script/id").asString());
  }

  @Test
  void slowSnapIsNotReadyUntilItsScriptsArrive() {
    snap.delayScripts(Duration.ofSeconds(3));
    Page page = browser.newPage();
    page.addInitScript(COLLECT_EVENTS);
    page.navigate(snap.url("snap.html").toString(), new Page.NavigateOptions().setWaitUntil(
        com.microsoft.playwright.options.WaitUntilState.COMMIT));
    // While Snap!'s scripts are on their way the page is not yet Snap!'s: the extension offers nothing in it.
    assertEquals("undefined", page.evaluate("() => typeof window.snapMcp"));

    awaitReady(page);
    assertTrue(snap.requests().contains("/src/gui.js"));
    await().atMost(Duration.ofSeconds(5)).until(() -> events(page).stream()
        .anyMatch(e -> "ready".equals(e.path("event").asString()) && e.path("ready").asBoolean()));
    // A slow load is normal: no "not ready" event before the 20 s bound.
    assertTrue(events(page).stream().noneMatch(e -> "ready".equals(e.path("event").asString()) && !e.path("ready").asBoolean()), () -> events(page).toString());
  }

  @Test
  void brokenSnapIsReportedNotReadyWithTheReasonAndNeverReady() {
    snap.failPath("/src/gui.js"); // without gui.js there is no IDE_Morph: Snap! never builds its IDE
    Pairing pairing = newPairing();
    Page page = browser.newPage();
    page.addInitScript(COLLECT_EVENTS);
    page.navigate(snap.url("snap.html#snapmcp=" + pairing.code()).toString());
    awaitSession(pairing.session(), s -> s.connected()); // the tab is reachable, Snap! in it is not usable

    JsonNode state = readiness(page);
    assertFalse(state.path("ready").asBoolean(), state::toString);
    assertTrue(state.path("reason").asString().contains("IDE_Morph is missing"), state::toString);
    // After the bound (20 s) the extension says so, with the reason, as an event the bridge records.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> events(page).stream()
        .anyMatch(e -> "ready".equals(e.path("event").asString()) && !e.path("ready").asBoolean()));
    JsonNode event = events(page).stream().filter(e -> "ready".equals(e.path("event").asString())).findFirst().orElseThrow();
    assertTrue(event.path("reason").asString().contains("after 20 s") && event.path("reason").asString().contains("IDE_Morph is missing"), event::toString);
    assertTrue(events(page).stream().noneMatch(e -> e.path("ready").asBoolean()));
    assertFalse(exec(page, "status", Map.of()).at("/value/state/ready").asBoolean());
    // The bridge (and so snap_status) tells the assistant why, and refuses to act as if Snap! were there.
    await().atMost(Duration.ofSeconds(10)).until(() -> !api.session(pairing.session()).path("readyReason").isMissingNode());
    JsonNode session = api.session(pairing.session());
    assertFalse(session.path("ready").asBoolean(), session::toString);
    assertTrue(session.path("readyReason").asString().contains("IDE_Morph is missing"), session::toString);
    ControlApi.Answer refused = api.command(pairing.session(), "get_project", Map.of());
    assertEquals("not_ready", refused.body().at("/error/browser/code").asString(), refused.body()::toString);

    // The person sees it too: the popup says so in plain words.
    Page popup = browser.newPage();
    popup.navigate("chrome-extension://" + EXTENSION_ID + "/popup.html");
    popup.waitForSelector("#state[data-state=snap_not_ready]");
    assertTrue(popup.textContent("#state").startsWith("Connected, but Snap! is not ready: Snap! has not finished loading"),
        popup.textContent("#state"));
  }

  private static List<JsonNode> events(Page page) {
    JsonNode all = dev.snapmcp.core.Json.mapper().valueToTree(page.evaluate("() => window.__snapMcpEvents || []"));
    return all.valueStream().toList();
  }

}
