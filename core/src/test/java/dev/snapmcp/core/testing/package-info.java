/**
 * Test fixtures other modules' tests reuse through core's test-jar: {@link dev.snapmcp.core.testing.TempStateDir}, a
 * private state folder that disappears afterwards. (The child-JVM launcher, {@code ChildJvm}, lives in the testkit
 * module, which core's own tests use too.)
 *
 * <p>And the store contract: {@link dev.snapmcp.core.testing.SessionStoreContract} (with {@link
 * dev.snapmcp.core.testing.SessionsContract} and {@link dev.snapmcp.core.testing.StoreContractBase}, which it extends),
 * the behaviour every {@code SessionStore} implementation proves by extending it, on a {@link
 * dev.snapmcp.core.testing.MutableClock}, a clock tests move by hand.
 */
package dev.snapmcp.core.testing;
