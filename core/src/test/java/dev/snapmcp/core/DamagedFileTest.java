package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.SessionStore.TokenCheck;
import dev.snapmcp.core.testing.MutableClock;
import dev.snapmcp.core.testing.TempStateDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input on disk: damaged files, a newer version, the prototype's format. Nothing is lost or overwritten. */
class DamagedFileTest {

  private static final String GOOD = """
      {"format":"snap-mcp-sessions","version":"1.0","revision":3,"sessions":{"sess_AAAAAAAAAAAAAAAA":
      {"id":"sess_AAAAAAAAAAAAAAAA","tokenHash":"sha256:00","createdAt":"2026-01-01T00:00:00Z",
      "expiresAt":"2026-01-02T00:00:00Z","connected":false,"history":[]}},"bridge":null}
      """;

  private final TempStateDir state = TempStateDir.create();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

  @AfterEach
  void cleanUp() {
    state.close();
  }

  static Stream<Arguments> damaged() {
    return Stream.of(
        Arguments.of("empty", "", "empty"),
        Arguments.of("blank", "  \n", "empty"),
        Arguments.of("truncated", GOOD.substring(0, GOOD.length() / 2), "not valid JSON"),
        Arguments.of("not JSON", "hello, I am not JSON", "not valid JSON"),
        Arguments.of("trailing garbage", GOOD + "}", "not valid JSON"),
        Arguments.of("an array", "[1,2]", "not a JSON object"),
        Arguments.of("foreign object", "{\"name\":\"x\"}", "no \"format\""),
        Arguments.of("wrong format", GOOD.replace("snap-mcp-sessions", "other"), "\"format\""),
        Arguments.of("bad revision", GOOD.replace("\"revision\":3", "\"revision\":\"three\""), "\"revision\""),
        Arguments.of("bad version", GOOD.replace("\"1.0\"", "\"one\""), "\"version\""),
        Arguments.of("sessions a list", "{\"format\":\"snap-mcp-sessions\",\"version\":\"1.0\",\"revision\":1,"
            + "\"sessions\":[]}", "\"sessions\""),
        Arguments.of("session without createdAt", GOOD.replace("\"createdAt\":\"2026-01-01T00:00:00Z\",", ""),
            "sess_AAAAAAAAAAAAAAAA"),
        Arguments.of("session with a bad instant", GOOD.replace("2026-01-02T00:00:00Z", "tomorrow"),
            "sess_AAAAAAAAAAAAAAAA"),
        Arguments.of("bridge a number", GOOD.replace("\"bridge\":null", "\"bridge\":7"), "\"bridge\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damaged")
  void damagedFileIsReportedAndKeptAsideNeverOverwritten(String kind, String content, String problem)
      throws Exception {
    Files.createDirectories(state.path());
    Files.writeString(state.sessionsFile(), content);
    byte[] original = Files.readAllBytes(state.sessionsFile());

    StoreException e = assertThrows(StoreException.class, () -> state.open(clock));
    assertEquals(StoreException.Kind.CORRUPT, e.kind());
    assertTrue(e.getMessage().contains(state.sessionsFile().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertTrue(e.getMessage().contains("To recover"), e.getMessage());
    Path aside = onlyAside("corrupt");
    assertTrue(e.getMessage().contains(aside.toString()), e.getMessage());
    assertEquals("sessions.json.corrupt-20260101T100000.000Z", aside.getFileName().toString());
    assertArrayEquals(original, Files.readAllBytes(aside));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(aside)));
    assertFalse(Files.exists(state.sessionsFile()));

    try (SessionStore store = state.open(clock)) { // a fresh store; the damaged one stays aside
      assertEquals(List.of(), store.list());
      store.create(Duration.ofHours(1));
    }
    assertArrayEquals(original, Files.readAllBytes(aside));
  }

  @Test
  void damageFoundByAnOpenStoreIsReportedTheSameWay() throws Exception {
    try (SessionStore store = state.open(clock)) {
      String id = store.create(Duration.ofHours(1)).session().id();
      Files.writeString(state.sessionsFile(), "{\"format\":");
      StoreException onRead = assertThrows(StoreException.class, () -> store.get(id));
      assertEquals(StoreException.Kind.CORRUPT, onRead.kind());
      onlyAside("corrupt");
      clock.advance(Duration.ofSeconds(1));
      Files.writeString(state.sessionsFile(), "");
      StoreException onWrite = assertThrows(StoreException.class, () -> store.revoke(id));
      assertEquals(StoreException.Kind.CORRUPT, onWrite.kind());
      try (Stream<Path> files = Files.list(state.path())) {
        assertEquals(2, files.filter(p -> p.getFileName().toString().startsWith("sessions.json.corrupt-")).count());
      }
    }
  }

  @Test
  void newerMajorVersionIsRefusedAndLeftUntouched() throws Exception {
    Files.createDirectories(state.path());
    String newer = GOOD.replace("\"1.0\"", "\"2.1\"");
    Files.writeString(state.sessionsFile(), newer);
    StoreException e = assertThrows(StoreException.class, () -> state.open(clock));
    assertEquals(StoreException.Kind.NEWER_VERSION, e.kind());
    assertTrue(e.getMessage().contains("newer snap-mcp"), e.getMessage());
    assertTrue(e.getMessage().contains("2.1"), e.getMessage());
    assertTrue(e.getMessage().contains(state.sessionsFile().toString()), e.getMessage());
    assertEquals(newer, Files.readString(state.sessionsFile()));
    try (Stream<Path> files = Files.list(state.path())) {
      assertEquals(0, files.filter(p -> p.getFileName().toString().contains("corrupt")).count());
    }
  }

  @Test
  void newerMinorVersionIsReadAndItsFieldsKept() throws Exception {
    Files.createDirectories(state.path());
    Files.writeString(state.sessionsFile(), GOOD.replace("\"1.0\"", "\"1.4\"").replace("\"bridge\":null",
        "\"bridge\":null,\"extra\":[1,2]"));
    try (SessionStore store = state.open(clock)) {
      assertEquals(3, store.revision());
      store.revoke("sess_AAAAAAAAAAAAAAAA");
      assertEquals(4, store.revision());
    }
    String after = Files.readString(state.sessionsFile());
    assertTrue(after.contains("\"extra\""), after);
    assertEquals("1.0", Json.mapper().readTree(after).get("version").stringValue(), after);
  }

  private static final String PROTOTYPE = """
      {
        "sess_proto1": {"token": "plain-token-one", "created_at": "2026-01-01T09:00:00.123456",
                        "expires_at": "2026-01-01T11:00:00", "connected": true, "client_id": 7},
        "sess_proto2": {"token": "plain-token-two", "created_at": "2026-01-01 08:00:00",
                        "expires_at": "2026-01-01T09:30:00", "connected": false}
      }
      """;

  @Test
  void prototypeFileIsReadAndMigratedOnFirstWriteWithOriginalKept() throws Exception {
    Files.createDirectories(state.path());
    Files.writeString(state.sessionsFile(), PROTOTYPE);
    try (SessionStore store = state.open(clock)) {
      Session one = store.get("sess_proto1").orElseThrow();
      assertEquals(Instant.parse("2026-01-01T09:00:00.123456Z"), one.createdAt(), "naive timestamps are UTC");
      assertEquals(Instant.parse("2026-01-01T11:00:00Z"), one.expiresAt());
      assertFalse(one.connected(), "the prototype's connection belonged to a process that is gone");
      assertEquals(Instant.parse("2026-01-01T08:00:00Z"), store.get("sess_proto2").orElseThrow().createdAt());
      assertEquals(TokenCheck.VALID, store.verifyToken("sess_proto1", "plain-token-one"));
      assertEquals(TokenCheck.EXPIRED, store.verifyToken("sess_proto2", "plain-token-two"));
      assertEquals(TokenCheck.REJECTED, store.verifyToken("sess_proto1", "plain-token-two"));
      assertEquals(PROTOTYPE, Files.readString(state.sessionsFile()), "reading changes nothing");

      store.markConnected("sess_proto1", "c1", ClientInfo.UNKNOWN);
      String migrated = Files.readString(state.sessionsFile());
      assertFalse(migrated.contains("plain-token"), "tokens are only stored hashed");
      assertEquals("snap-mcp-sessions", Json.mapper().readTree(migrated).get("format").stringValue(), migrated);
      assertEquals(1, store.revision());
      Path kept = onlyAside("prototype");
      assertEquals(PROTOTYPE, Files.readString(kept));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
      assertEquals(TokenCheck.VALID, store.verifyToken("sess_proto1", "plain-token-one"));
      assertTrue(store.get("sess_proto1").orElseThrow().connected());
      store.markDisconnected("sess_proto1", "c1", "closed");
      assertEquals(kept, onlyAside("prototype"), "migrated once");
      assertEquals(2, store.revision());
    }
  }

  private Path onlyAside(String what) throws Exception {
    try (Stream<Path> files = Files.list(state.path())) {
      List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("sessions.json." + what + "-"))
          .toList();
      assertEquals(1, aside.size(), aside.toString());
      return aside.get(0);
    }
  }
}
