/**
 * QA's stress tool: {@link dev.snapmcp.harness.HarnessMain} (picocli) runs a scenario with real processes, prints its
 * status every few seconds, then checks the recorded history against the invariants and writes a report (JSON and a
 * self-contained HTML page). Scenario parts: the worker and reader processes the scenario starts with core's
 * {@code ChildJvm}, the checkers, the report writer, and {@link dev.snapmcp.harness.BrokenPrototypeStore}, the old
 * design kept only to prove the checker catches what it claims to.
 */
package dev.snapmcp.harness;
