/**
 * Test fixtures other modules' tests reuse through core's test-jar: {@link dev.snapmcp.core.testing.TempStateDir}, a
 * private state folder that disappears afterwards. (The child-JVM launcher, {@code ChildJvm}, lives in the testkit
 * module, which core's own tests use too.)
 */
package dev.snapmcp.core.testing;
