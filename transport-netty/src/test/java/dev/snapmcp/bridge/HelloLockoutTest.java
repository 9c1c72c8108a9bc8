package dev.snapmcp.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.protocol.Protocol;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.NewSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, attack 3: a local page (another port of 127.0.0.1) sends wrong hellos for the user's session; the user's
 * right hello must still get in, within a second or two. Every browser tab is 127.0.0.1, so nothing may be counted by
 * address alone.
 */
class HelloLockoutTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String HOSTILE_PAGE = "http://127.0.0.1:8999";

  private BridgeFixture fixture;

  @BeforeEach
  void start() {
    fixture = BridgeFixture.start();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** One after the other, each waiting for its answer (the delay is capped at 100 ms to keep the test short). */
  @Test
  void thirtyWrongHellosFromAPageThenTheRightOneConnectsInUnderTwoSeconds() {
    fixture.close();
    fixture = BridgeFixture.start(b -> b.failedHelloDelay(Duration.ofMillis(100)));
    NewSession s = fixture.newSession();
    long lastAnswerMs = 0;
    for (int i = 0; i < 30; i++) {
      try (FakeBrowser page = FakeBrowser.to(fixture.port()).origin(HOSTILE_PAGE).connect()) {
        long start = System.nanoTime();
        assertEquals("unauthorized",
            page.hello(s.session().id(), "guess" + i).awaitFrame("error", WAIT).path("code").asString());
        lastAnswerMs = (System.nanoTime() - start) / 1_000_000;
      }
    }
    assertTrue(lastAnswerMs >= 100, "the 30th failure was answered after " + lastAnswerMs + " ms: not slowed");
    assertRightHelloConnectsQuickly(s);
  }

  @Test
  void thirtyWrongHellosStillWaitingForTheirAnswersDoNotHoldTheRightOneBack() {
    NewSession s = fixture.newSession();
    List<FakeBrowser> pages = new ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        try {
          pages.add(FakeBrowser.to(fixture.port()).origin(HOSTILE_PAGE).connect().hello(s.session().id(), "g" + i));
        } catch (FakeBrowser.HandshakeRefused | IllegalStateException refused) {
          // a cap on the page's sockets (rate_limited, closed before its hello) is fine: the page is held back
        }
      }
      assertRightHelloConnectsQuickly(s);
    } finally {
      pages.forEach(FakeBrowser::abort);
    }
  }

  @Test
  void wrongHellosForOtherSessionsFromTheSameOriginDoNotBlockTheRightOne() {
    fixture.close();
    fixture = BridgeFixture.start(b -> b.failedHelloDelay(Duration.ofMillis(100)));
    NewSession s = fixture.newSession();
    for (int i = 0; i < 30; i++) {
      try (FakeBrowser page = FakeBrowser.to(fixture.port()).origin(Protocol.EXTENSION_ORIGIN).connect()) {
        page.hello("sess_someoneElse000000", "guess" + i).awaitFrame("error", WAIT);
      }
    }
    assertRightHelloConnectsQuickly(s);
  }

  private void assertRightHelloConnectsQuickly(NewSession s) {
    long start = System.nanoTime();
    try (FakeBrowser user = FakeBrowser.to(fixture.port()).origin(Protocol.EXTENSION_ORIGIN).connect()) {
      user.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 2000, "the right hello took " + millis + " ms");
    }
  }
}
