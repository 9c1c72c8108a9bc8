package dev.snapmcp.harness;

import dev.snapmcp.core.Session;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StateFiles;
import dev.snapmcp.core.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The stores the store scenario can run against ({@code --store file|sqlite|postgres|naive}), and what each needs.
 * Each lives at a {@link StoreLocation}: the run's state folder, and for PostgreSQL its schema's URL.
 */
enum StoreKind {

  /** Ours: sessions.json under a real OS lock, replaced atomically and durably (core's FileSessionStore). */
  FILE("file", Set.of(StateFiles.SESSIONS, StateFiles.SESSIONS_LOCK)) {
    @Override
    List<String> setup(StoreLocation where, int sessions) {
      return createWithRealStore(where, sessions);
    }

    @Override
    StressTarget open(StoreLocation where) {
      SessionStore store = SessionStores.open(where.dir(), Clock.systemUTC(), StoreOptions.defaults());
      return new StressTarget() {
        @Override
        public Session update(String id, java.util.function.UnaryOperator<Session> change) {
          return store.update(id, change);
        }

        @Override
        public void close() {
          store.close();
        }
      };
    }

    @Override
    UnlockedReader reader(StoreLocation where) {
      return new DocumentReader(where.dir());
    }

    /** Through the store itself, as the next snap-mcp process would read it (which also removes stray files). */
    @Override
    Map<String, Session> readFinal(StoreLocation where) {
      try (SessionStore store = SessionStores.open(where.dir())) {
        Map<String, Session> all = new LinkedHashMap<>();
        store.list().forEach(s -> all.put(s.id(), s));
        return all;
      }
    }
  },

  /** SQLite in WAL mode, synchronous=FULL: what a user might otherwise pick. */
  SQLITE("sqlite", Set.of(SqliteStore.FILE_NAME, SqliteStore.FILE_NAME + "-wal", SqliteStore.FILE_NAME + "-shm")) {
    @Override
    List<String> setup(StoreLocation where, int sessions) {
      List<Session> created = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < sessions; i++) {
        created.add(new Session(String.format(Locale.ROOT, "sess_stress%03d", i), null, now,
            now.plus(Duration.ofDays(1)), false, false, null, null, null, null, null, List.of()));
      }
      SqliteStore.create(where.dir(), created);
      return created.stream().map(Session::id).toList();
    }

    @Override
    StressTarget open(StoreLocation where) {
      return SqliteStore.open(where.dir());
    }

    @Override
    UnlockedReader reader(StoreLocation where) {
      return SqliteStore.reader(where.dir());
    }

    @Override
    Map<String, Session> readFinal(StoreLocation where) {
      return SqliteStore.readAll(where.dir());
    }
  },

  /**
   * snap-mcp's PostgreSQL store (store-postgres), in a schema of the run's own: each update one transaction with a
   * row lock, durable at commit. Nothing of it lives in the state folder.
   */
  POSTGRES("postgres", Set.of()) {
    @Override
    List<String> setup(StoreLocation where, int sessions) {
      return createWithRealStore(where, sessions);
    }

    @Override
    StressTarget open(StoreLocation where) {
      return PostgresStore.open(where);
    }

    @Override
    UnlockedReader reader(StoreLocation where) {
      return PostgresStore.reader(where);
    }

    @Override
    Map<String, Session> readFinal(StoreLocation where) {
      return PostgresStore.readAll(where);
    }
  },

  /** DELIBERATELY BROKEN: the prototype's design ({@link NaiveStore}), to prove the checker can fail. */
  NAIVE("naive", Set.of(StateFiles.SESSIONS, StateFiles.SESSIONS_LOCK)) {
    @Override
    List<String> setup(StoreLocation where, int sessions) {
      return createWithRealStore(where, sessions);
    }

    @Override
    StressTarget open(StoreLocation where) {
      return new NaiveStore(where.dir());
    }

    @Override
    UnlockedReader reader(StoreLocation where) {
      return new DocumentReader(where.dir());
    }

    /** As the prototype read it: the file as it is, no repair. */
    @Override
    Map<String, Session> readFinal(StoreLocation where) {
      Path dir = where.dir();
      try {
        Map<String, Session> all = new LinkedHashMap<>();
        dev.snapmcp.core.Json.mapper().readTree(Files.readAllBytes(StateFiles.sessions(dir))).path("sessions")
            .properties().forEach(e -> all.put(e.getKey(),
                dev.snapmcp.core.Json.mapper().treeToValue(e.getValue(), Session.class)));
        return all;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final String label;
  private final Set<String> expectedFiles;

  StoreKind(String label, Set<String> expectedFiles) {
    this.label = label;
    this.expectedFiles = expectedFiles;
  }

  /** The name on the command line and in the JSON report. */
  String label() {
    return label;
  }

  /** Creates the store at {@code where} holding {@code sessions} new sessions; returns their ids in order. */
  abstract List<String> setup(StoreLocation where, int sessions);

  /** Opens the store for updates, in a worker process. */
  abstract StressTarget open(StoreLocation where);

  /** A reader that reads the store without the writers' lock. */
  abstract UnlockedReader reader(StoreLocation where);

  /** Every session as committed, after the run; throws when the store cannot be read. */
  abstract Map<String, Session> readFinal(StoreLocation where);

  /** Files in {@code dir} that should not be there after the run: temporary files, lock files left behind. */
  List<String> strayFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !expectedFiles.contains(n)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static StoreKind of(String label) {
    for (StoreKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown store '" + label + "' (file, sqlite, postgres or naive)");
  }

  /** picocli: {@code --store file|sqlite|postgres|naive}. */
  static final class Converter implements CommandLine.ITypeConverter<StoreKind> {
    @Override
    public StoreKind convert(String value) {
      try {
        return of(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Through snap-mcp's store itself: the file in the folder, or the database the URL names. */
  private static List<String> createWithRealStore(StoreLocation where, int sessions) {
    try (SessionStore store = SessionStores.open(where.url(), where.dir(), Clock.systemUTC())) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        ids.add(store.create(Duration.ofDays(1)).session().id());
      }
      return ids;
    }
  }
}
