package dev.snapmcp.harness;

import java.util.concurrent.atomic.AtomicLong;

/** What the storm's clients counted, all together; the scenario's checks and figures read it at the end. */
final class StormTally {
  /** Cycles completed. */
  final AtomicLong cycles = new AtomicLong();
  /** Race cycles (two sockets for one session, one replaced). */
  final AtomicLong replacements = new AtomicLong();
  /** Cycles that dropped the TCP connection without a close frame. */
  final AtomicLong abruptDrops = new AtomicLong();
  /** Cycles a bridge kill cut short (retried). */
  final AtomicLong cutByKill = new AtomicLong();
  final AtomicLong clientFailures = new AtomicLong();
  /** The store never recorded what the bridge saw, or a session's final state disagreed with its sockets. */
  final AtomicLong stateMismatches = new AtomicLong();
  /** Late closes that marked a newer connection disconnected. */
  final AtomicLong lateCloseFlips = new AtomicLong();
}
