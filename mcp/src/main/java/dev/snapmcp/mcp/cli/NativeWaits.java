package dev.snapmcp.mcp.cli;

import java.time.Duration;
import java.util.List;

/**
 * Lets the JVM exit at once. At its final safepoint HotSpot waits up to 300 ms for every thread that is inside a
 * native call (a blocking read, an epoll wait) to come out of it. After a command has closed what it opened, the one
 * such thread left is the selector of the JDK's {@code HttpClient} (the control API's client): on Java 17 it outlives
 * the client until garbage collection. Interrupting it ends it (its loop stops on interrupt); nothing else is touched.
 */
final class NativeWaits {

  private NativeWaits() {}

  /** Ends the HTTP clients' idle selector threads, waiting at most {@code patience} for each. */
  static void release(Duration patience) {
    List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isDaemon() && t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
        .toList();
    selectors.forEach(Thread::interrupt);
    for (Thread selector : selectors) {
      try {
        selector.join(patience.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
