package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The streaming one-session lookup agrees with the full parse, and leaves anything doubtful to it. */
class SessionLookupTest {

  private static final String DOC = """
      {"format":"snap-mcp-sessions","version":"1.3","revision":7,"future":{"sessions":{"x":1}},
       "sessions":{
        "sess_A":{"id":"sess_A","tokenHash":"sha256:aa","createdAt":"2026-01-01T00:00:00Z",
          "expiresAt":"2026-01-02T00:00:00Z","connected":true,"connectionId":"c1","extra":[{"id":"sess_B"}],
          "history":[{"type":"connected","at":"2026-01-01T01:00:00Z","connectionId":"c1"}]},
        "sess_B":{"id":"sess_B","tokenHash":"sha256:bb","createdAt":"2026-01-01T00:00:00Z",
          "expiresAt":"2026-01-02T00:00:00Z","revoked":true,"history":[]}},
       "bridge":{"pid":1,"host":"127.0.0.1","port":7,"startedAt":"2026-01-01T00:00:00Z",
         "heartbeatAt":"2026-01-01T00:00:00Z","version":"0.1.0"}}
      """;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void findsWhatTheFullParseFinds() throws Exception {
    StoreDocument full = DocumentCodec.parse(bytes(DOC));
    for (String id : List.of("sess_A", "sess_B", "sess_nope", "x")) {
      SessionLookup.Found found = SessionLookup.find(bytes(DOC), id);
      assertEquals(full.sessions.get(id), found.session(), id);
    }
    assertTrue(SessionLookup.find(bytes(DOC), "sess_B").session().revoked());
    assertEquals(Instant.parse("2026-01-01T01:00:00Z"),
        SessionLookup.find(bytes(DOC), "sess_A").session().history().get(0).at());
  }

  @Test
  void findsSessionsInWhatTheStoreWrites() throws Exception {
    StoreDocument full = DocumentCodec.parse(bytes(DOC));
    full.revision = 8;
    byte[] written = DocumentWriter.write(full);
    assertEquals(full.sessions.get("sess_A"), SessionLookup.find(written, "sess_A").session());
  }

  static Stream<String> doubtful() {
    return Stream.of(
        DOC.substring(0, DOC.length() / 2), // truncated
        DOC + "{}", // something after the document
        DOC.replace("snap-mcp-sessions", "other"), // another format
        DOC.replace("\"format\":\"snap-mcp-sessions\",", ""), // no format
        DOC.replace("\"revision\":7", "\"revision\":-1"),
        DOC.replace("\"revision\":7", "\"revision\":\"7\""),
        DOC.replace("\"version\":\"1.3\"", "\"version\":\"one\""),
        DOC.replace("\"sessions\":{\n", "\"sessions\":[{\n").replace("}},\n \"bridge\"", "}]}],\n \"bridge\""),
        DOC.replace("\"tokenHash\":\"sha256:aa\",", ""), // the looked-up session is malformed
        DOC.replace("\"id\":\"sess_A\",", "\"id\":\"sess_Z\","), // ... or carries another id
        "[]",
        "{\"sess_A\":{\"token\":\"t\",\"created_at\":\"2026-01-01 00:00:00\",\"expires_at\":\"2026-01-02 00:00:00\"}}");
  }

  @ParameterizedTest
  @MethodSource("doubtful")
  void leavesDamageAndThePrototypeToTheFullParse(String text) throws Exception {
    assertNull(SessionLookup.find(bytes(text), "sess_A"), text);
  }

  @Test
  void refusesANewerMajorVersionAsTheFullParseDoes() {
    String newer = DOC.replace("\"version\":\"1.3\"", "\"version\":\"2.0\"");
    DocumentCodec.BadDocument bad =
        assertThrows(DocumentCodec.BadDocument.class, () -> SessionLookup.find(bytes(newer), "sess_A"));
    assertTrue(bad.newerVersion);
    assertTrue(assertThrows(DocumentCodec.BadDocument.class, () -> DocumentCodec.parse(bytes(newer))).newerVersion);
  }
}
