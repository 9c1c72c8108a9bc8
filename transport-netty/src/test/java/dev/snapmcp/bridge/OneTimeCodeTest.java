package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.bridge.tab.Keyring;
import dev.snapmcp.core.NewSession;
import dev.snapmcp.core.Scram;
import dev.snapmcp.core.SessionStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: the pairing code is used once. It stays readable in the page it was given to (the navigation entry), so
 * the session's first handshake exchanges it for a secret both ends derive from that handshake, and a later proof made
 * with the code gets {@code code_used}, over real sockets. Each {@link Keyring} stands for one browser's memory.
 */
class OneTimeCodeTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theCodePairsOnceThenOnlyTheTabThatUsedItReconnects() {
    try (BridgeFixture fixture = BridgeFixture.start()) {
      NewSession s = fixture.newSession();
      String id = s.session().id();
      String codeHash = s.session().tokenHash();
      Keyring tab = new Keyring();
      try (FakeBrowser first = FakeBrowser.to(fixture.port()).keyring(tab).connect()) {
        first.hello(id, s.token()).awaitFrame("welcome", WAIT);
        assertTrue(first.awaitFrame("proven", WAIT).path("rekey").asBoolean(false), first.frames().toString());
      }
      assertTrue(tab.exchanged(id, s.token()), "the tab keeps the secret it derived");
      Scram.Verifier stored = Scram.Verifier.parse(fixture.store.get(id).orElseThrow().tokenHash()).orElseThrow();
      assertTrue(stored.isRekeyed());
      assertFalse(stored.matches(s.token()), "the code is no longer the session's token");
      assertNotEquals(codeHash, fixture.store.get(id).orElseThrow().tokenHash());
      fixture.store.await(id, x -> !x.connected(), WAIT);

      // Someone who read the code from the page (another browser: no secret for it) is told the code was used.
      try (FakeBrowser reader = FakeBrowser.to(fixture.port()).keyring(new Keyring()).connect()) {
        JsonNode error = reader.hello(id, s.token()).awaitFrame("error", WAIT);
        assertEquals("code_used", error.path("code").asString(), error.toString());
        assertTrue(error.path("message").asString().contains("snap_pair"), error.toString());
        assertEquals(1008, reader.awaitClose(WAIT).code());
        assertFalse(reader.bridgeProven());
      }
      assertFalse(fixture.store.get(id).orElseThrow().connected());

      // The tab that used it reconnects (a reload, a restarted worker) with its secret, and is not re-keyed again.
      String exchanged = fixture.store.get(id).orElseThrow().tokenHash();
      try (FakeBrowser again = FakeBrowser.to(fixture.port()).keyring(tab).connect()) {
        again.hello(id, s.token()).awaitFrame("welcome", WAIT);
        assertTrue(again.awaitFrame("proven", WAIT).path("rekey").isMissingNode(), again.frames().toString());
      }
      assertEquals(exchanged, fixture.store.get(id).orElseThrow().tokenHash());
    }
  }

  @Test
  void aWrongTokenIsStillUnauthorizedBeforeAndAfterTheCodeIsUsed() {
    try (BridgeFixture fixture = BridgeFixture.start()) {
      NewSession s = fixture.newSession();
      String id = s.session().id();
      assertEquals("unauthorized", refusal(fixture, id, "not-the-code"));
      FakeBrowser.connected(fixture.port(), id, s.token()).close();
      assertEquals("unauthorized", refusal(fixture, id, "not-the-code"));
      assertEquals("code_used", refusal(fixture, id, s.token()));
    }
  }

  /**
   * Two first uses at once. The store is held at each hello's read until both have read it, so both proofs verify
   * against the code's verifier and both try to exchange it: the one store update that replaces it only while it is
   * still the code's lets exactly one win; the other is told {@code code_used}.
   */
  @Test
  void twoFirstUsesAtOnceExactlyOneWins() throws Exception {
    AtomicReference<String> raced = new AtomicReference<>("none yet");
    CyclicBarrier bothRead = new CyclicBarrier(2);
    try (BridgeFixture fixture = BridgeFixture.startSeeing(real -> gate(real, raced, bothRead))) {
      NewSession s = fixture.newSession();
      String id = s.session().id();
      raced.set(id);
      try (FakeBrowser a = FakeBrowser.to(fixture.port()).keyring(new Keyring()).connect();
          FakeBrowser b = FakeBrowser.to(fixture.port()).keyring(new Keyring()).connect()) {
        a.hello(id, s.token());
        b.hello(id, s.token());
        List<String> outcomes = List.of(outcome(a), outcome(b));
        assertTrue(outcomes.contains("welcome") && outcomes.contains("code_used"), outcomes.toString());
      }
    }
  }

  /** The store, except that a read of session {@code id} waits until two reads of it have started. */
  private static SessionStore gate(SessionStore real, AtomicReference<String> id, CyclicBarrier barrier) {
    return (SessionStore) Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
        new Class<?>[] {SessionStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("get") && args != null && id.get().equals(args[0])) {
            barrier.await(10, TimeUnit.SECONDS);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static String outcome(FakeBrowser browser) {
    JsonNode frame = browser.awaitFrame(f -> List.of("welcome", "error").contains(f.path("type").asString("")), WAIT,
        "a welcome or an error");
    return frame.path("type").asString().equals("welcome") ? "welcome" : frame.path("code").asString();
  }

  private static String refusal(BridgeFixture fixture, String id, String token) {
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).keyring(new Keyring()).connect()) {
      return browser.hello(id, token).awaitFrame("error", WAIT).path("code").asString();
    }
  }
}
