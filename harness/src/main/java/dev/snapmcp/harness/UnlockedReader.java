package dev.snapmcp.harness;

import java.util.Map;

/**
 * How the store scenario's reader process reads a store while workers write it: as fast as it can, without taking
 * the writers' lock (as every snap-mcp reader does), so it sees whatever a reader can see.
 */
interface UnlockedReader extends AutoCloseable {

  /**
   * One read of the whole store.
   *
   * @throws TornRead when what was read is not a whole, valid store (a torn read)
   */
  Snapshot read() throws TornRead;

  @Override
  void close();

  /**
   * What one read saw.
   *
   * @param revision the store's revision counter (one per commit)
   * @param contentHash a hash of everything read, to spot one revision seen with two different contents
   * @param counts each session's update count ({@link SlotCounter#count}), by id
   */
  record Snapshot(long revision, int contentHash, Map<String, Long> counts) {}

  /** A read that did not see a whole, valid store: a half-written file, a truncated one, rows that do not parse. */
  final class TornRead extends Exception {
    TornRead(String message) {
      super(message, null, false, false);
    }
  }
}
