package dev.snapmcp.core.testing;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What {@link SessionStoreContract}'s tests stand on: fresh storage per test from the implementation, the stores opened
 * on it (closed after the test, then the storage discarded), the test's clock, and a few fixtures.
 */
public abstract class StoreContractBase {

  /** Where every test's clock starts. */
  protected static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
  /** The bound of every wait: generous, because a wait that works ends long before. */
  protected static final Duration WAIT = Duration.ofSeconds(30);
  protected static final String NO_SUCH_SESSION = "sess_nosuchsession00";

  /** The prototype's flat {@code active_sessions.json}, as {@link SessionStore#importSessions} reads it. */
  protected static final String PROTOTYPE = """
      {
        "sess_proto1": {"token": "plain-token-one", "created_at": "2026-01-01T09:00:00.123456",
                        "expires_at": "2026-01-01T11:00:00", "connected": true, "client_id": 7},
        "sess_proto2": {"token": "plain-token-two", "created_at": "2026-01-01 08:00:00",
                        "expires_at": "2026-01-01T09:30:00", "connected": false}
      }
      """;

  /**
   * The prototype's file as people have it: beside a complete entry (pairable until 11:00 on the test's clock), entries
   * known only by part of their fields: only its connections; a token but no timestamps; timestamps but no token; a
   * null token, an unreadable {@code created_at} and an epoch-seconds {@code expires_at}. Each also carries fields of
   * its own that the current format does not know.
   */
  public static final String PROTOTYPE_PARTIAL = """
      {
        "sess_4f1c9a2be07d": {
          "token": "hT3kQ9vX2mR7pL0sW8yB4nC6dF1gJ5aZ",
          "created_at": "2026-01-01T09:02:17.482913",
          "expires_at": "2026-01-01T11:00:00",
          "connected": true,
          "client_id": "ws-139872614",
          "project": "Pong"
        },
        "sess_9b27e3d05a18": {
          "connected": false,
          "connections": [
            {"connected_at": "2025-12-31 14:40:02", "disconnected_at": "2025-12-31 14:47:55", "remote": "127.0.0.1:53122"}
          ],
          "last_seen": "2025-12-31 14:47:55"
        },
        "sess_c3a81f6d92e4": {"token": "Zq8rT1uV4wX7yA0bC3dE6fG9hJ2kL5mN", "connected": false},
        "sess_e70d2b9c4f31": {"created_at": "2025-12-31 15:10:00", "expires_at": "2999-01-01 00:00:00", "label": "Room 4"},
        "sess_0a6f5e4d3c2b": {"token": null, "created_at": "yesterday", "expires_at": 1767225600}
      }
      """;

  /** A {@code sessions.json} (docs/store-format.md): one connected session, whose token is {@code imported-token}. */
  protected static final String CURRENT_FORMAT = """
      {"format":"snap-mcp-sessions","version":"1.0","revision":3,"sessions":{"sess_AAAAAAAAAAAAAAAA":
      {"id":"sess_AAAAAAAAAAAAAAAA","tokenHash":"%s","createdAt":"2026-01-01T00:00:00Z",
      "expiresAt":"2026-01-02T00:00:00Z","connected":true,"connectionId":"c9","history":[]}},"bridge":null}
      """.formatted(sha256("imported-token"));

  /**
   * One test's storage, fresh and empty: any number of stores may be opened on it, each a separate instance over the
   * same data, as separate processes would open them.
   */
  public interface Storage {

    /** Opens another store on this storage, taking "now" from {@code clock}. */
    SessionStore open(Clock clock);

    /** Discards the storage; called once every store opened on it is closed. */
    void discard();

    /** A storage from its two halves, e.g. {@code Storage.of(clock -> SessionStores.open(dir, clock), tmp::close)}. */
    static Storage of(Function<Clock, SessionStore> opener, Runnable discard) {
      Objects.requireNonNull(opener, "opener");
      Objects.requireNonNull(discard, "discard");
      return new Storage() {
        @Override
        public SessionStore open(Clock clock) {
          return opener.apply(clock);
        }

        @Override
        public void discard() {
          discard.run();
        }
      };
    }
  }

  /** Fresh, empty storage for one test. */
  protected abstract Storage newStorage();

  /** The test's clock: every store of a test reads it, and only the test moves it. */
  protected final MutableClock clock = new MutableClock(START);

  private Storage storage;
  private final List<SessionStore> opened = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  @BeforeEach
  final void createStorage() {
    storage = newStorage();
  }

  @AfterEach
  final void closeStoresAndDiscardStorage() throws InterruptedException {
    for (Thread t : threads) {
      t.interrupt();
      t.join(WAIT.toMillis());
    }
    try {
      opened.forEach(SessionStore::close);
    } finally {
      storage.discard();
    }
  }

  /** Opens a store on this test's storage (another instance each call), on the test's clock. */
  protected final SessionStore open() {
    SessionStore store = storage.open(clock);
    opened.add(store);
    return store;
  }

  /** Runs {@code work} on a new named thread, stopped (interrupted) after the test if still running. */
  protected final <T> Future<T> inBackground(String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
    return task;
  }

  /** {@code s} with another expiry: a change any test can make through {@link SessionStore#update}. */
  protected static Session withExpiry(Session s, Instant expiresAt) {
    return new Session(s.id(), s.tokenHash(), s.createdAt(), expiresAt, s.revoked(), s.connected(), s.connectionId(),
        s.connectedAt(), s.disconnectedAt(), s.lastSeenAt(), s.client(), s.history());
  }

  /** {@code sha256:} and the hex SHA-256 of {@code token}: the stored form {@link Session#tokenHash()} documents. */
  protected static String sha256(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
