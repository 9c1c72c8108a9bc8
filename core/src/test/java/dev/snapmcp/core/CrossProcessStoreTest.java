package dev.snapmcp.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store shared by real processes: contention, kill -9, lock-free readers, a foreign lock holder, waiting. */
class CrossProcessStoreTest {

  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);
  private static final Instant COUNTER_START = Instant.parse("2100-01-01T00:00:00Z");

  private final TempStateDir state = TempStateDir.create();
  private final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    children.forEach(ChildJvm::close);
    state.close();
  }

  private ChildJvm start(ChildJvm.Builder builder) {
    ChildJvm child = builder.start();
    children.add(child);
    return child;
  }

  /** A session whose expiresAt (far in the future) is used as a counter: one second per increment. */
  private String createCounter() {
    try (SessionStore store = state.open()) {
      return store.update(store.create(Duration.ofDays(1)).session().id(),
          s -> SessionChanges.copy(s, false, false, null, null, null, null, null, COUNTER_START, s.history())).id();
    }
  }

  private static long increments(Session counter) {
    return Duration.between(COUNTER_START, counter.expiresAt()).toSeconds();
  }

  /**
   * The parse cache must never hide another process's commit: this process reads (and caches) the document, another
   * process creates a session and revokes one, and the very next verifyToken and get see each change.
   */
  @Test
  void sessionsCreatedOrRevokedByAnotherProcessAreSeenByTheNextRead() {
    try (SessionStore store = state.open()) {
      NewSession mine = store.create(Duration.ofHours(1)); // this process's commit: its parse is cached
      assertEquals(SessionStore.TokenCheck.VALID, store.verifyToken(mine.session().id(), mine.token()));
      assertEquals(SessionStore.TokenCheck.VALID, store.verifyToken(mine.session().id(), mine.token()));

      ChildJvm creator = start(ChildJvm.builder(StoreWorkerMain.class).name("creator")
          .args("create", state.path().toString()));
      assertEquals(0, creator.waitFor(CHILD_TIMEOUT), creator.stderr());
      String[] created = creator.stdoutLines().get(0).split(" ");
      assertEquals(SessionStore.TokenCheck.VALID, store.verifyToken(created[1], created[2]));
      assertTrue(store.get(created[1]).isPresent());

      ChildJvm revoker = start(ChildJvm.builder(StoreWorkerMain.class).name("revoker")
          .args("revoke", state.path().toString(), mine.session().id()));
      assertEquals(0, revoker.waitFor(CHILD_TIMEOUT), revoker.stderr());
      assertEquals(SessionStore.TokenCheck.REJECTED, store.verifyToken(mine.session().id(), mine.token()));
      assertTrue(store.get(mine.session().id()).orElseThrow().revoked());
      assertEquals(SessionStore.TokenCheck.VALID, store.verifyToken(created[1], created[2]));
    }
  }

  @Test
  void contendedWritersLoseNothingAndALockFreeReaderNeverSeesATornDocument() throws Exception {
    String counter = createCounter();
    Path stop = state.path().resolve("stop-reader");
    ChildJvm reader = start(ChildJvm.builder(StoreReaderMain.class).args(state.path().toString(), stop.toString()));
    List<ChildJvm> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      writers.add(start(ChildJvm.builder(StoreWorkerMain.class).name("writer" + w)
          .args("mix", state.path().toString(), counter, "w" + w, "2", "60")));
    }
    for (ChildJvm w : writers) {
      assertEquals(0, w.waitFor(CHILD_TIMEOUT), w.stderr());
    }
    Files.createFile(stop);
    assertEquals(0, reader.waitFor(CHILD_TIMEOUT), reader.stdoutLines() + reader.stderr());

    List<String> acks = writers.stream().flatMap(w -> w.stdoutLines().stream()).toList();
    List<String> incs = acks.stream().filter(l -> l.startsWith("inc ")).toList();
    List<String> created = acks.stream().filter(l -> l.startsWith("created ")).map(l -> l.substring(8)).toList();
    assertEquals(4 * 2 * 30, incs.size());
    assertEquals(4 * 2 * 30, created.size());
    try (SessionStore store = state.open()) {
      Session c = store.get(counter).orElseThrow();
      assertEquals(incs.size(), increments(c), "every acknowledged increment applied exactly once");
      Set<String> ids = new HashSet<>();
      store.list().forEach(s -> ids.add(s.id()));
      assertEquals(created.size() + 1, ids.size(), "no session created twice or lost");
      assertTrue(ids.containsAll(created));
      // The history keeps the last increments: each tag once.
      List<String> tags = c.history().stream().map(SessionEvent::connectionId).toList();
      assertEquals(tags.size(), new HashSet<>(tags).size());
      long revision = store.revision();
      assertTrue(revision <= 2L * incs.size() + 2, "at most one commit per change (fewer when batched): " + revision);
    }
    String readerReport = reader.awaitLine(l -> l.startsWith("reads "), Duration.ofSeconds(1));
    long distinct = Long.parseLong(readerReport.split(" ")[3]);
    assertTrue(distinct > 10, "the reader saw the document change while it read: " + readerReport);
  }

  @Test
  void killingWritersWithKillDashNineLosesNoAcknowledgedUpdate() throws Exception {
    String counter = createCounter();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<ChildJvm> victims = new ArrayList<>();
    List<ChildJvm> survivors = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      victims.add(start(ChildJvm.builder(StoreWorkerMain.class).name("victim" + w)
          .args("mix", state.path().toString(), counter, "v" + w, "2", "-1")));
    }
    for (int w = 0; w < 2; w++) {
      survivors.add(start(ChildJvm.builder(StoreWorkerMain.class).name("survivor" + w)
          .args("mix", state.path().toString(), counter, "s" + w, "2", "80")));
    }
    for (ChildJvm victim : victims) {
      int after = 5 + random.nextInt(60); // a random moment: after a random number of acknowledged changes
      await().atMost(CHILD_TIMEOUT).pollInterval(Duration.ofMillis(1))
          .until(() -> victim.stdoutLines().size() >= after);
      victim.kill();
    }
    for (ChildJvm s : survivors) {
      assertEquals(0, s.waitFor(CHILD_TIMEOUT), s.stderr());
    }

    List<String> acks = Stream.concat(victims.stream(), survivors.stream())
        .flatMap(w -> w.stdoutLines().stream()).toList();
    long incs = acks.stream().filter(l -> l.startsWith("inc ")).count();
    List<String> created = acks.stream().filter(l -> l.startsWith("created ")).map(l -> l.substring(8)).toList();
    try (SessionStore store = state.open()) { // parses, and cleans up what the killed writers left
      try (Stream<Path> files = Files.list(state.path())) {
        assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList(), "seed " + seed);
      }
      long applied = increments(store.get(counter).orElseThrow());
      // A killed writer may have committed changes it never acknowledged (at most one batch per thread).
      assertTrue(applied >= incs && applied <= incs + 2L * victims.size(),
          "applied " + applied + ", acknowledged " + incs + ", seed " + seed);
      Set<String> ids = new HashSet<>();
      store.list().forEach(s -> ids.add(s.id()));
      assertTrue(ids.containsAll(created), "every acknowledged session survives, seed " + seed);
    }
  }

  @Test
  void anotherProcessHoldingTheLockPastTheBoundGivesBusyNamingTheFile() throws Exception {
    String id;
    try (SessionStore store = state.open()) {
      id = store.create(Duration.ofHours(1)).session().id();
    }
    ChildJvm holder = start(ChildJvm.builder(LockHolderMain.class).args(state.path().toString()));
    holder.awaitLine("locked"::equals, CHILD_TIMEOUT);
    try (SessionStore store = FileSessionStore.open(state.path(), java.time.Clock.systemUTC(),
        new StoreOptions(Duration.ofMillis(300), true))) {
      StoreException busy = assertThrows(StoreException.class,
          () -> store.markConnected(id, "c1", ClientInfo.UNKNOWN));
      assertEquals(StoreException.Kind.BUSY, busy.kind());
      assertTrue(busy.getMessage().contains(state.path().resolve("sessions.json.lock").toString()),
          busy.getMessage());
      assertTrue(store.get(id).isPresent(), "readers never need the lock");

      holder.stdin().close();
      assertEquals(0, holder.waitFor(CHILD_TIMEOUT));
      assertTrue(store.markConnected(id, "c1", ClientInfo.UNKNOWN).connected());
    }
  }

  /** docs/store-format.md says another language takes the lock with fcntl (Python: lockf). Check we agree. */
  @Test
  void aPythonProcessLockingAsTheDocSaysExcludesTheStore() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/python3").canExecute(),
        "python3 is not installed");
    String id;
    try (SessionStore store = state.open()) {
      id = store.create(Duration.ofHours(1)).session().id();
    }
    Process python = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
        "import fcntl, os, sys",
        "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)",
        "fcntl.lockf(fd, fcntl.LOCK_EX)",
        "print('locked', flush=True)",
        "sys.stdin.read()"), state.path().resolve("sessions.json.lock").toString())
        .redirectErrorStream(true).start();
    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(python.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8))) {
      assertEquals("locked", out.readLine());
      try (SessionStore store = FileSessionStore.open(state.path(), java.time.Clock.systemUTC(),
          new StoreOptions(Duration.ofMillis(300), true))) {
        StoreException busy = assertThrows(StoreException.class, () -> store.revoke(id));
        assertEquals(StoreException.Kind.BUSY, busy.kind());
        python.getOutputStream().close();
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        assertTrue(store.revoke(id));
      }
    } finally {
      python.destroyForcibly();
    }
  }

  @Test
  void awaitLearnsOfAnotherProcessConnectingTheSession() throws Exception {
    try (SessionStore store = state.open()) {
      String id = store.create(Duration.ofHours(1)).session().id();
      CompletableFuture<Session> connected =
          CompletableFuture.supplyAsync(() -> store.await(id, Session::connected, Duration.ofSeconds(60)));
      ChildJvm child = start(ChildJvm.builder(StoreWorkerMain.class)
          .args("connect", state.path().toString(), id, "conn-from-child"));
      assertEquals(0, child.waitFor(CHILD_TIMEOUT), child.stderr());
      Session s = connected.get(30, TimeUnit.SECONDS);
      assertEquals("conn-from-child", s.connectionId());
      assertEquals("test", s.client().extension());
    }
  }
}
