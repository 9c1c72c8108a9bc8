package dev.snapmcp.bridge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.bridge.control.CommandRequest;
import dev.snapmcp.bridge.control.ControlClient;
import dev.snapmcp.bridge.control.ControlException;
import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.bridge.tab.FakePage;
import dev.snapmcp.core.Json;
import dev.snapmcp.core.NewSession;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The bridge's per-tab queue over real sockets: clients that send at once reach the tab one command at a time, a
 * command carries its id and who asked, and a command in flight when the socket drops is sent again and run once.
 */
class CommandQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private BridgeFixture fixture;
  private ControlClient control;

  @BeforeEach
  void start() {
    fixture = BridgeFixture.start();
    control = new ControlClient(URI.create("http://127.0.0.1:" + fixture.port()), fixture.token(),
        Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    control.close();
    fixture.close();
  }

  @Test
  void twoClientsAtFullSpeedReachTheTabOneAtATimeEachInItsOwnOrder() throws Exception {
    NewSession s = fixture.newSession();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Executor later = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).responder((op, args) -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      seen.add(args.path("who").asString() + args.path("n").asInt());
      // Answered a moment later, off the socket's thread: a second command sent meanwhile would overlap.
      return FakeBrowser.Reply.later(CompletableFuture.supplyAsync(() -> {
        inFlight.decrementAndGet();
        return FakeBrowser.Reply.value(Map.of("ok", true));
      }, later));
    }).connect()) {
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      int each = 30;
      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (String who : List.of("a", "b")) {
        clients.add(CompletableFuture.runAsync(() -> {
          for (int n = 0; n < each; n++) {
            control.command(s.session().id(), "set_variable", Map.of("who", who, "n", n));
          }
        }));
      }
      CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(1, most.get(), "the tab never had two commands at once");
      assertEquals(2 * each, seen.size());
      for (String who : List.of("a", "b")) {
        List<String> mine = seen.stream().filter(x -> x.startsWith(who)).toList();
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < each; n++) {
          expected.add(who + n);
        }
        assertEquals(expected, mine, "each client's commands in the order it sent them");
      }
      assertTrue(interleaved(seen), "the two clients' commands alternated at least once: " + seen);
    }
  }

  private static boolean interleaved(List<String> seen) {
    int switches = 0;
    for (int i = 1; i < seen.size(); i++) {
      if (seen.get(i).charAt(0) != seen.get(i - 1).charAt(0)) {
        switches++;
      }
    }
    return switches > 1;
  }

  @Test
  void aCommandCarriesItsIdAndWhoAskedToTheTab() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
      control.command(s.session().id(), new CommandRequest("add_script", Json.mapper().createObjectNode(), 5000L,
          "t_abc.1", new CommandRequest.Client("Claude Code", "1.2", 4242L), "snap_add_script"));
      JsonNode command = browser.awaitFrame("command", WAIT);
      assertEquals("t_abc.1", command.path("id").asString());
      assertEquals("snap_add_script", command.at("/meta/tool").asString());
      assertEquals("Claude Code 1.2 (pid 4242)", command.at("/meta/client").asString());
      assertTrue(command.at("/meta/at").asString().startsWith("20"), command::toString);
      HttpResponse<String> bad = fixture.send(fixture.api("/api/v1/sessions/" + s.session().id() + "/commands")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"op\":\"status\",\"id\":\"has space\"}"))
          .build());
      assertEquals(400, bad.statusCode());
    }
  }

  @Test
  void aCommandInFlightWhenTheSocketDropsIsSentAgainUnderItsIdAndRunsOnce() throws Exception {
    NewSession s = fixture.newSession();
    FakePage page = new FakePage();
    CompletableFuture<FakeBrowser.Reply> slow = new CompletableFuture<>();
    FakeBrowser first = FakeBrowser.to(fixture.port()).page(page)
        .responder((op, args) -> FakeBrowser.Reply.later(slow)).connect();
    first.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
    CompletableFuture<JsonNode> call = CompletableFuture.supplyAsync(() -> control.command(s.session().id(),
        new CommandRequest("add_script", Json.mapper().createObjectNode(), 15_000L, "t_once", null, null)));
    first.awaitFrame("command", WAIT);
    first.abort(); // the socket drops while the page is still running the command
    await().atMost(WAIT).until(() -> "reconnecting".equals(state(s)));
    slow.complete(FakeBrowser.Reply.value(Map.of("added", true))); // finished: its answer is lost with the socket
    assertFalse(call.isDone(), "nothing failed: the command waits for the tab");
    try (FakeBrowser second = FakeBrowser.to(fixture.port()).page(page)
        .responder((op, args) -> { throw new AssertionError("ran twice"); }).connect()) {
      second.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      JsonNode value = call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(value.path("added").asBoolean(), value::toString);
      assertEquals("t_once", second.awaitFrame("command", WAIT).path("id").asString(), "re-sent under its id");
      assertEquals(List.of("t_once"), page.ran(), "the page ran it once");
    }
  }

  @Test
  void aRetryUnderTheSameIdGetsTheFirstOnesAnswer() throws Exception {
    NewSession s = fixture.newSession();
    CompletableFuture<FakeBrowser.Reply> slow = new CompletableFuture<>();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port())
        .responder((op, args) -> FakeBrowser.Reply.later(slow)).connect()) {
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      CommandRequest request = new CommandRequest("get_project", null, 10_000L, "t_retry", null, null);
      var first = CompletableFuture.supplyAsync(() -> control.command(s.session().id(), request));
      browser.awaitFrame("command", WAIT);
      var retry = CompletableFuture.supplyAsync(() -> control.command(s.session().id(), request));
      await().atMost(WAIT).until(() -> fixture.queued(s.session().id()) == 1 && !retry.isDone());
      slow.complete(FakeBrowser.Reply.value(Map.of("n", 1)));
      assertEquals(1, first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).path("n").asInt());
      assertEquals(1, retry.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).path("n").asInt());
      assertEquals(1, browser.frames().stream().filter(f -> "command".equals(f.path("type").asString())).count());
    }
  }

  @Test
  void aStopOvertakesACommandThatIsStillRunning() throws Exception {
    NewSession s = fixture.newSession();
    CompletableFuture<FakeBrowser.Reply> running = new CompletableFuture<>();
    try (FakeBrowser browser = FakeBrowser.to(fixture.port()).responder((op, args) -> "run".equals(op)
        ? FakeBrowser.Reply.later(running) : FakeBrowser.Reply.value(Map.of("stopped", true))).connect()) {
      browser.hello(s.session().id(), s.token()).awaitFrame("welcome", WAIT);
      var run = CompletableFuture.supplyAsync(() -> control.command(s.session().id(), "run", Map.of()));
      browser.awaitFrame("command", WAIT);
      var queued = CompletableFuture.supplyAsync(() -> control.command(s.session().id(), "get_project", Map.of()));
      await().atMost(WAIT).until(() -> fixture.queued(s.session().id()) == 2);
      assertTrue(control.command(s.session().id(), "stop", Map.of()).path("stopped").asBoolean());
      assertFalse(run.isDone() || queued.isDone());
      running.complete(FakeBrowser.Reply.value(Map.of("finished", false)));
      run.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      queued.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void aCommandForAClosedTabFailsAtOnceAsTabClosed() {
    NewSession s = fixture.newSession();
    try (FakeBrowser browser = FakeBrowser.connected(fixture.port(), s.session().id(), s.token())) {
      browser.closing().awaitClose(WAIT);
      await().atMost(WAIT).until(() -> "tab_closed".equals(state(s)));
      ControlException e = org.junit.jupiter.api.Assertions.assertThrows(ControlException.class,
          () -> control.command(s.session().id(), "status", Map.of()));
      assertEquals("tab_closed", e.code());
      assertEquals(409, e.status());
    }
  }

  private String state(NewSession s) {
    return control.sessions().stream().filter(v -> v.id().equals(s.session().id())).findFirst().orElseThrow().state();
  }
}
