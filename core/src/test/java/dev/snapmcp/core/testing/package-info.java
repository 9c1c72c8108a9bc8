/**
 * Test fixtures other modules reuse through core's test-jar: {@link dev.snapmcp.core.testing.TempStateDir} (a private
 * state folder that disappears afterwards) and {@link dev.snapmcp.core.testing.ChildJvm}, the project's one way to
 * start a real child JVM (same test classpath), read what it prints, and kill it with -9.
 */
package dev.snapmcp.core.testing;
