package dev.snapmcp.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process that writes to a store and prints one stdout line per acknowledged change, after the call returned
 * (so a printed line is a promise the change is durable).
 *
 * <ul>
 *   <li>{@code mix DIR COUNTER_ID NAME THREADS OPS}: each thread alternates an increment of the counter session
 *       (its {@code expiresAt} grows by one second; prints {@code inc NAME-t-i}) and a new session (prints {@code
 *       created ID}). {@code OPS < 0} runs until killed.
 *   <li>{@code connect DIR ID CONNECTION}: marks the session connected, prints {@code connected}.
 *   <li>{@code create DIR}: creates a session, prints {@code created ID TOKEN}.
 *   <li>{@code revoke DIR ID}: revokes the session, prints {@code revoked}.
 * </ul>
 */
public final class StoreWorkerMain {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    try (SessionStore store = SessionStores.open(dir)) {
      switch (args[0]) {
        case "mix" -> mix(store, args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        case "connect" -> {
          store.markConnected(args[2], args[3], new ClientInfo("test", null, null));
          System.out.println("connected");
        }
        case "create" -> {
          NewSession created = store.create(Duration.ofHours(1));
          System.out.println("created " + created.session().id() + " " + created.token());
        }
        case "revoke" -> {
          store.revoke(args[2]);
          System.out.println("revoked");
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }

  private static void mix(SessionStore store, String counterId, String name, int threads, int ops)
      throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int thread = t;
      Thread w = new Thread(() -> {
        for (int i = 0; ops < 0 || i < ops; i++) {
          if (i % 2 == 0) {
            String tag = name + "-" + thread + "-" + i;
            store.update(counterId, s -> SessionChanges.withEvent(
                SessionChanges.copy(s, s.revoked(), s.connected(), s.connectionId(), s.connectedAt(),
                    s.disconnectedAt(), s.lastSeenAt(), s.client(), s.expiresAt().plusSeconds(1), s.history()),
                new SessionEvent("connected", s.createdAt(), tag, null)));
            println("inc " + tag);
          } else {
            println("created " + store.create(Duration.ofHours(1)).session().id());
          }
        }
      }, name + "-writer-" + t);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    println("done");
  }

  private static void println(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
