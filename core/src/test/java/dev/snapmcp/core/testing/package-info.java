/**
 * Test fixtures other modules reuse through core's test-jar: {@link dev.snapmcp.core.testing.TempStateDir} (a private
 * state folder that disappears afterwards) and {@link dev.snapmcp.core.testing.ChildJvm}, the project's one way to
 * start a real child JVM (same test classpath), read what it prints, and kill it with -9.
 *
 * <p>And the store contract: {@link dev.snapmcp.core.testing.SessionStoreContract} (with {@link
 * dev.snapmcp.core.testing.SessionsContract} and {@link dev.snapmcp.core.testing.StoreContractBase}, which it extends),
 * the behaviour every {@code SessionStore} implementation proves by extending it, on a {@link
 * dev.snapmcp.core.testing.MutableClock}, a clock tests move by hand.
 */
package dev.snapmcp.core.testing;
