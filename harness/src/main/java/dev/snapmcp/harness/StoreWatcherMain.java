package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * "Another process" of the bridge scenario: {@code DIR SESSION}. Waits, through the store's own {@code await} (folder
 * watch plus polling fallback), for each new connection of the session and prints {@code seen CONNECTION EPOCH_MICROS
 * end} the moment it sees it. Exits when stdin ends.
 */
public final class StoreWatcherMain {

  private StoreWatcherMain() {}

  public static void main(String[] args) throws Exception {
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // EOF is the stop signal
        }
      } catch (java.io.IOException ignored) {
        // the coordinator is gone
      }
      System.exit(0);
    }, "watcher-stop");
    stdin.start();
    String id = args[1];
    try (SessionStore store = SessionStores.open(Path.of(args[0]))) {
      String last = store.get(id).map(Session::connectionId).orElse(null);
      System.out.println("watching");
      while (true) {
        String before = last;
        Session s = store.await(id, x -> x.connected() && !Objects.equals(x.connectionId(), before),
            Duration.ofHours(1));
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        System.out.println("seen " + s.connectionId() + " " + micros + " end");
        System.out.flush();
        last = s.connectionId();
      }
    }
  }
}
