package dev.snapmcp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The classroom's checker can fail: each kind of violation it exists for, injected, is caught (and only it). */
class ClassroomCheckerTest {

  private static final long KILL = 1_000_000_000L;

  private static ClassroomChecker.Tab tab(List<String> executed, String storeConnection) {
    return new ClassroomChecker.Tab("s1", executed,
        List.of(new SimulatedTab.Welcome(0, "c1"), new SimulatedTab.Welcome(KILL + 500_000_000L, "c2")),
        List.of(new SimulatedTab.Drop(KILL + 1_000_000L)), true, storeConnection, true);
  }

  private static Map<String, List<SimulatedAssistant.Call>> calls(int ok) {
    List<SimulatedAssistant.Call> calls = new java.util.ArrayList<>();
    for (int i = 0; i < ok; i++) {
      calls.add(new SimulatedAssistant.Call(i, i + 1, 0, 0, "ok"));
    }
    calls.add(new SimulatedAssistant.Call(10, 11, 0, 1, "lost_in_transit"));
    return Map.of("s1", calls);
  }

  private static Check named(ClassroomChecker.Verdict v, String prefix) {
    return v.checks().stream().filter(c -> c.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void aCleanRunPasses() {
    ClassroomChecker.Verdict v = ClassroomChecker.check(List.of(tab(List.of("a", "b"), "c2")), calls(2), KILL, 1000);
    v.checks().forEach(c -> assertTrue(c.passed(), c.toString()));
    assertEquals(List.of(500_000L), v.reconnectMicros());
  }

  @Test
  void aCommandIdExecutedTwiceIsCaught() {
    ClassroomChecker.Verdict v =
        ClassroomChecker.check(List.of(tab(List.of("a", "b", "a"), "c2")), calls(2), KILL, 1000);
    assertFalse(named(v, "no command id executed twice").passed());
    assertTrue(v.violations().stream().anyMatch(x -> x.contains("command a executed twice")), v.violations()
        .toString());
  }

  @Test
  void aLostConnectionUpdateIsCaught() {
    ClassroomChecker.Verdict v = ClassroomChecker.check(List.of(tab(List.of("a", "b"), "c1")), calls(2), KILL, 1000);
    assertFalse(named(v, "every acknowledged session update kept").passed());
  }

  @Test
  void aFailureWithoutACodeOrAnAnswerWithoutAnExecutionIsCaught() {
    Map<String, List<SimulatedAssistant.Call>> unclear = Map.of("s1", List.of(
        new SimulatedAssistant.Call(0, 1, 0, 0, "ok"), new SimulatedAssistant.Call(2, 3, 0, 0, "ok"),
        new SimulatedAssistant.Call(4, 5, 0, 0, ClassroomChecker.NO_CODE)));
    assertFalse(named(ClassroomChecker.check(List.of(tab(List.of("a", "b"), "c2")), unclear, KILL, 1000),
        "every tool call answered").passed());
    assertFalse(named(ClassroomChecker.check(List.of(tab(List.of("a"), "c2")), calls(2), KILL, 1000),
        "every tool call answered").passed(), "two answered ok, one executed");
  }

  @Test
  void aTabBackTooLateIsCaught() {
    assertFalse(named(ClassroomChecker.check(List.of(tab(List.of("a", "b"), "c2")), calls(2), KILL, 100),
        "every tab back").passed());
  }
}
