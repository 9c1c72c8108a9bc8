package dev.snapmcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.Session;
import dev.snapmcp.testkit.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Pairing as a person does it: a session made on the command line, its code pasted into the extension's popup, and
 * the popup, the store and {@code snap-mcp status --wait-connected} (another process) all agree it is connected.
 */
class PopupPairingTest extends BridgedSnapTest {

  private static final String CLI = "dev.snapmcp.mcp.cli.Main";

  @Test
  void codeFromTheCommandLinePastedIntoThePopupConnectsTheTab() {
    JsonNode created;
    try (ChildJvm newSession = cli("session", "new", "--json")) {
      assertEquals(0, newSession.waitFor(Duration.ofSeconds(60)), newSession::stderr);
      created = Json.mapper().readTree(String.join("\n", newSession.stdoutLines()));
    }
    String session = created.path("id").asString();
    String code = created.path("pairingCode").asString();
    assertTrue(code.endsWith("." + bridgePort), code); // the command line found the live bridge's port

    try (ChildJvm waiting = cli("status", "--wait-connected", session, "--timeout", "90s")) {
      Page snapPage = openReadySnap();
      Page popup = openPopup();
      assertEquals("not_paired", popupState(popup));
      assertTrue(popup.textContent("#state").startsWith("Not paired"), popup.textContent("#state"));

      popup.fill("#code", code);
      long start = System.nanoTime();
      popup.click("#pair");
      Session connected = awaitSession(session, Session::connected);
      System.err.printf("figure: pairing (code submitted in the popup) to connected in the store: %d ms%n",
          (System.nanoTime() - start) / 1_000_000);
      popup.waitForSelector("#state[data-state=connected]",
          new Page.WaitForSelectorOptions().setTimeout(CONNECT_TIMEOUT.toMillis()));
      assertEquals("Connected. Your assistant can use this Snap! tab.", popup.textContent("#state"));
      assertEquals(session, popup.textContent("#session"));
      assertEquals(String.valueOf(bridgePort), popup.textContent("#port"));
      assertEquals(SnapHome.version(snapHome), connected.client().snap());
      popup.screenshot(new Page.ScreenshotOptions().setPath(artifactsDir().resolve("popup-connected.png")));

      assertEquals(0, waiting.waitFor(Duration.ofSeconds(60)), waiting::stderr);
      assertTrue(waiting.stdoutLines().stream().anyMatch(l -> l.contains(session) && l.contains("is connected")),
          waiting.stdoutLines()::toString);
      assertTrue(api.command(session, "add_script", Map.of("code", "(receiveGo) (forward 5)")).ok());
      assertEquals(1, ((Number) snapPage.evaluate("() => world.children[0].currentSprite.scripts.children"
          + ".filter(m => m instanceof BlockMorph).length")).intValue());
    }
  }

  @Test
  void withoutASnapTabThePopupSaysWhereItWorks() {
    Page popup = openPopup();
    assertEquals("no_snap", popupState(popup));
    popup.fill("#code", newPairing().code());
    popup.click("#pair");
    popup.waitForSelector("#message:not(:empty)", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
    assertTrue(popup.textContent("#message").startsWith("Open Snap! in a tab first"), popup.textContent("#message"));
  }

  @Test
  void aWrongCodeIsRefusedInPlainWords() {
    openReadySnap();
    Page popup = openPopup();
    popup.fill("#code", "not a code");
    popup.click("#pair");
    popup.waitForSelector("#message:not(:empty)", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.ATTACHED));
    assertTrue(popup.textContent("#message").startsWith("That is not a pairing code"), popup.textContent("#message"));

    Pairing real = newPairing();
    String forged = real.session() + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA." + bridgePort;
    popup.fill("#code", forged);
    popup.click("#pair");
    popup.waitForSelector("#state[data-state=rejected]",
        new Page.WaitForSelectorOptions().setTimeout(CONNECT_TIMEOUT.toMillis()));
    assertTrue(popup.textContent("#state").contains("refused"), popup.textContent("#state"));
    assertTrue(!store.get(real.session()).orElseThrow().connected());
  }

  private Page openPopup() {
    Page popup = browser.newPage();
    popup.navigate("chrome-extension://" + EXTENSION_ID + "/popup.html");
    popup.waitForSelector("#state:not([data-state=unknown])");
    return popup;
  }

  private static String popupState(Page popup) {
    return popup.getAttribute("#state", "data-state");
  }

  private ChildJvm cli(String... args) {
    return ChildJvm.builder(CLI).name("snap-mcp-" + args[0])
        .args(List.of(args)).args("--state-dir", state.path().toString()).start();
  }
}
