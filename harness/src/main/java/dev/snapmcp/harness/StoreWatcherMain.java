package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The watcher process of the connections scenario's visibility probe ({@link VisibilityProbe}): {@code STATE_DIR}. For
 * each session id read on stdin it prints {@code watching ID}, waits (store.await, no polling loop) until the session
 * is connected, and prints {@code connected ID EPOCH_MICROS}.
 */
public final class StoreWatcherMain {

  private StoreWatcherMain() {}

  public static void main(String[] args) throws Exception {
    try (SessionStore store = SessionStores.open(Path.of(args[0]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String id; (id = in.readLine()) != null; ) {
        System.out.println("watching " + id);
        System.out.flush();
        store.await(id, Session::connected, Duration.ofSeconds(30));
        System.out.println("connected " + id + " " + micros(Instant.now()));
        System.out.flush();
      }
    }
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }
}
