package dev.snapmcp.bridge;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Another process watching the store: args state folder, session id, timeout in ms. Prints {@code watching}, then
 * {@code connected CONNECTION_ID EPOCH_MICROS} when the session is seen connected (exit 0), or exits 1 at the timeout.
 */
public final class AwaitConnectedMain {

  private AwaitConnectedMain() {}

  public static void main(String[] args) {
    try (SessionStore store = SessionStores.open(Path.of(args[0]))) {
      System.out.println("watching");
      System.out.flush();
      Session s = store.await(args[1], Session::connected, Duration.ofMillis(Long.parseLong(args[2])));
      Instant now = Instant.now();
      System.out.println("connected " + s.connectionId() + " " + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000));
      System.out.flush();
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
