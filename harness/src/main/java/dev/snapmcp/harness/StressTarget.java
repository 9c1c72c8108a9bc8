package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import java.util.function.UnaryOperator;

/**
 * What a store worker updates: one of the stores {@link StoreKind} names, opened in one worker process. An update is
 * a read-modify-write of one session; when it returns, the store promises it is durable.
 */
interface StressTarget extends AutoCloseable {

  /**
   * Applies {@code change} to session {@code id} and returns the session as stored. Throws a RuntimeException (with a
   * message saying why) when the update did not happen.
   */
  Session update(String id, UnaryOperator<Session> change);

  @Override
  void close();
}
