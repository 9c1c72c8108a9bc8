package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.snapmcp.core.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Several tabs at once reach the right Snap!, and a web page on a foreign site cannot reach the bridge at all. */
class TabsAndOriginsTest extends BridgedSnapTest {

  /** Opens a WebSocket to the bridge from the page itself and tells how it ended: "open" or "closed:CODE". */
  private static final String TRY_SOCKET = "port => new Promise(resolve => {"
      + " const ws = new WebSocket('ws://127.0.0.1:' + port + '/ws');"
      + " ws.onopen = () => { resolve('open'); ws.close(); };"
      + " ws.onclose = e => resolve('closed:' + e.code); })";

  @Test
  void twoTabsEachAnswerForTheirOwnSession() {
    Pairing first = newPairing();
    Pairing second = newPairing();
    Page one = openPairedSnap(first);
    Page two = openPairedSnap(second);
    awaitBridgeSeesReady(first.session());
    awaitBridgeSeesReady(second.session());

    assertTrue(api.command(first.session(), "set_variable", Map.of("name", "tab", "value", "one")).ok());
    assertTrue(api.command(second.session(), "set_variable", Map.of("name", "tab", "value", "two")).ok());
    assertEquals("one", one.evaluate("() => world.children[0].getVar('tab')"));
    assertEquals("two", two.evaluate("() => world.children[0].getVar('tab')"));
    assertEquals("two", api.command(second.session(), "get_variables", Map.of()).value().at("/globals/tab").asString());

    JsonNode sessions = api.sessions().path("sessions");
    List<String> connected = sessions.valueStream().filter(s -> s.path("connected").asBoolean())
        .map(s -> s.path("id").asString()).toList();
    assertTrue(connected.containsAll(List.of(first.session(), second.session())), sessions::toString);
  }

  @Test
  void aPageOnAForeignSiteIsRefusedAtTheHandshake() {
    // A site the bridge does not allow (served through the test's router, so no name is looked up anywhere).
    Page foreign = browser.newPage();
    foreign.route("http://foreign.example/**", route -> route.fulfill(new Route.FulfillOptions()
        .setStatus(200).setContentType("text/html").setBody("<!DOCTYPE html><title>not Snap!</title>")));
    foreign.navigate("http://foreign.example/attack.html");
    assertEquals("closed:1006", foreign.evaluate(TRY_SOCKET, bridgePort)); // 403 at the upgrade: never opened

    // The same socket from an allowed origin (Snap! served from 127.0.0.1) does open: the refusal was the Origin.
    Page local = browser.newPage();
    local.navigate(snap.url("snap.html").toString());
    assertEquals("open", local.evaluate(TRY_SOCKET, bridgePort));

    // And nothing of the foreign page reached the control API or the store.
    JsonNode sessions = api.sessions();
    assertFalse(Json.mapper().writeValueAsString(sessions).contains("foreign.example"), sessions::toString);
  }
}
