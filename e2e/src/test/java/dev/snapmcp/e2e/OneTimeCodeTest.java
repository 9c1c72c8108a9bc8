package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.bridge.tab.Keyring;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, attack 2's last point, with the real extension in Chromium: after pairing by link the address bar is clean,
 * but the page's navigation entry still holds the whole address, code included, for any script of the page to read.
 * That code is now used: the session's first handshake exchanged it for a secret the tab keeps. Read from the page and
 * tried from elsewhere, it gets {@code code_used}; the real tab keeps working through a reload and a stopped worker.
 */
class OneTimeCodeTest extends BridgedSnapTest {

  @Test
  void theCodeLeftInTheNavigationEntryIsUsedAndTheTabKeepsWorking() {
    Pairing pairing = newPairing();
    Page page = openPairedSnap(pairing);
    awaitBridgeSeesReady(pairing.session());

    // What a script of the page can read: the whole pairing link.
    String entry = (String) page.evaluate("() => performance.getEntriesByType('navigation')[0].name");
    assertTrue(entry.contains("#snapmcp=" + pairing.code()), entry);
    String[] code = entry.substring(entry.indexOf("#snapmcp=") + "#snapmcp=".length()).split("\\.");
    String pageOrigin = originOf(page.url());
    try (FakeBrowser reader = FakeBrowser.to(Integer.parseInt(code[2])).origin(pageOrigin).keyring(new Keyring())
        .connect()) {
      JsonNode error = reader.hello(code[0], code[1]).awaitFrame("error", Duration.ofSeconds(10));
      assertEquals("code_used", error.path("code").asString(), reader.frames().toString());
      assertFalse(reader.bridgeProven());
    }
    String connection = store.get(pairing.session()).orElseThrow().connectionId();
    assertTrue(store.get(pairing.session()).orElseThrow().connected(), "the reader took nothing from the tab");
    assertTrue(api.command(pairing.session(), "status", Map.of()).ok());

    // The tab proves the secret, never the code, after a reload...
    page.reload();
    awaitReady(page);
    String afterReload = awaitSession(pairing.session(), s -> s.connected() && !connection.equals(s.connectionId()))
        .connectionId();
    awaitBridgeSeesReady(pairing.session());
    ControlApi.Answer added = api.command(pairing.session(), "add_script", Map.of("code", "(receiveGo) (forward 1)"));
    assertTrue(added.ok(), added.body()::toString);

    // ... and after the browser stops the extension's worker (its memory is chrome.storage.session).
    CDPSession devtools = browser.newCDPSession(page);
    devtools.send("ServiceWorker.enable");
    devtools.send("ServiceWorker.stopAllWorkers");
    ControlApi.Answer next = api.command(pairing.session(), "get_project", Map.of());
    assertTrue(next.ok(), next.body()::toString);
    assertNotEquals(afterReload, store.get(pairing.session()).orElseThrow().connectionId(), "a new connection");
    assertEquals("(receiveGo) (move 1)", next.value().at("/sprites/0/scripts/0/code").asString());
  }

  @Test
  void theSameLinkInASecondTabIsRefusedInPlainWords() {
    Pairing pairing = newPairing();
    openPairedSnap(pairing);
    String connection = store.get(pairing.session()).orElseThrow().connectionId();
    Page second = openReadySnap("#snapmcp=" + pairing.code());
    Page popup = browser.newPage(); // speaks about the Snap! tab used last: the second
    popup.navigate("chrome-extension://" + EXTENSION_ID + "/popup.html");
    popup.waitForSelector("#state[data-state=rejected]",
        new Page.WaitForSelectorOptions().setTimeout(CONNECT_TIMEOUT.toMillis()));
    assertTrue(popup.textContent("#state").startsWith("This pairing code was already used"),
        popup.textContent("#state"));
    popup.close();
    second.close();
    assertEquals(connection, store.get(pairing.session()).orElseThrow().connectionId(), "the first tab kept it");
  }

  private static String originOf(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
  }
}
