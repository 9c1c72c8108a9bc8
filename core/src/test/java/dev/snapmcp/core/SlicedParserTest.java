package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parse by pieces gives what the strict full parse gives, for every text: the same document for a good one
 * (whatever was known before), the same error for a damaged one; and it reuses what did not change.
 */
class SlicedParserTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** A document as the store writes it: {@code n} sessions, each with a full history. */
  private static StoreDocument document(int n, int events) {
    StoreDocument doc = StoreDocument.empty();
    for (int i = 0; i < n; i++) {
      Session s = new Session(String.format("sess_%016d", i), Tokens.hash("t" + i), T0, T0.plus(Duration.ofDays(1)),
          false, false, null, null, null, null, null, List.of());
      for (int e = 0; e < events; e++) {
        s = SessionChanges.withEvent(s, new SessionEvent(SessionEvent.CONNECTED, T0.plusSeconds(e), "w" + i + ":" + e,
            "stress"));
      }
      doc.put(s);
    }
    doc.revision = 41;
    doc.setBridge(new BridgeRecord(7, "127.0.0.1", 7627, T0, T0, "0.1.0"));
    return doc;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Both parses agree: the same document (as the writer would write it), or the same refusal. */
  private static SlicedParser.Result assertSameAsStrict(byte[] b, Map<String, DocumentWriter.SessionJson> known) {
    StoreDocument strict;
    try {
      strict = DocumentCodec.parse(b);
    } catch (DocumentCodec.BadDocument bad) {
      try {
        SlicedParser.parse(b, known);
        fail("the sliced parse accepted what the strict one refuses (" + bad.getMessage() + "): " + text(b));
      } catch (DocumentCodec.BadDocument same) {
        assertEquals(bad.getMessage(), same.getMessage());
        assertEquals(bad.newerVersion, same.newerVersion);
      }
      return null;
    }
    SlicedParser.Result sliced;
    try {
      sliced = SlicedParser.parse(b, known);
    } catch (DocumentCodec.BadDocument bad) {
      throw new AssertionError("the sliced parse refused a good document: " + bad.getMessage() + ": " + text(b));
    }
    assertEquals(strict.revision, sliced.doc().revision);
    assertEquals(strict.prototype, sliced.doc().prototype);
    assertEquals(strict.bridge, sliced.doc().bridge);
    assertEquals(List.copyOf(strict.sessions.keySet()), List.copyOf(sliced.doc().sessions.keySet()));
    assertEquals(strict.sessions, sliced.doc().sessions);
    assertEquals(text(DocumentWriter.write(strict)), text(DocumentWriter.write(sliced.doc())), "unknown fields kept");
    return sliced;
  }

  @Test
  void aStoreDocumentParsesAsTheStrictParserParsesIt() {
    byte[] b = DocumentWriter.write(document(12, 50));
    SlicedParser.Result cold = assertSameAsStrict(b, Map.of());
    assertEquals(12, cold.sessions().size());
    SlicedParser.Result warm = assertSameAsStrict(b, cold.sessions());
    for (String id : cold.doc().sessions.keySet()) {
      assertSame(cold.doc().sessions.get(id), warm.doc().sessions.get(id), "unchanged bytes: the same session");
    }
  }

  @Test
  void onlyTheChangedSessionAndItsNewEventAreNew() {
    StoreDocument doc = document(8, 50);
    Map<String, DocumentWriter.SessionJson> written = new HashMap<>();
    DocumentWriter.write(doc, Map.of(), written);
    // Another process appends one event to one session (its oldest dropped) and writes the document.
    StoreDocument next = doc.copy();
    String changed = "sess_0000000000000003";
    next.put(SessionChanges.withEvent(next.sessions.get(changed),
        new SessionEvent(SessionEvent.DISCONNECTED, T0.plusSeconds(999), "w3:49", "closed")));
    next.revision++;
    byte[] theirs = DocumentWriter.write(next, Map.of(), new HashMap<>()); // serialised afresh: new objects
    SlicedParser.Result r = assertSameAsStrict(theirs, written);
    for (String id : doc.sessions.keySet()) {
      if (id.equals(changed)) {
        Session s = r.doc().sessions.get(id);
        assertNotSame(written.get(id).session(), s);
        List<SessionEvent> before = written.get(id).events();
        for (int i = 0; i < 49; i++) {
          assertSame(before.get(i + 1), s.history().get(i), "an unchanged event is the event it was");
        }
        assertEquals("w3:49", s.history().get(49).connectionId());
      } else {
        assertSame(written.get(id).session(), r.doc().sessions.get(id));
      }
    }
    // The next write copies what it can and still writes exactly what a clean rewrite writes.
    StoreDocument mine = r.doc().copy();
    mine.put(SessionChanges.seen(mine.sessions.get(changed), T0.plusSeconds(1000)));
    mine.revision++;
    assertArrayEquals(DocumentWriter.write(mine), DocumentWriter.write(mine, r.sessions(), new HashMap<>()));
  }

  static Stream<String> odd() {
    String s = "\"id\":\"sess_A\",\"tokenHash\":\"sha256:aa\",\"createdAt\":\"2026-01-01T00:00:00Z\","
        + "\"expiresAt\":\"2026-01-02T00:00:00Z\"";
    String ev = "{\"type\":\"connected\",\"at\":\"2026-01-01T01:00:00Z\",\"connectionId\":\"c1\"}";
    String head = "{\"format\":\"snap-mcp-sessions\",\"version\":\"1.0\",\"revision\":3,";
    return Stream.of(
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":[" + ev + "]}},\"bridge\":null}",
        // indented, as another program may write it; unknown fields everywhere
        "{\n  \"format\" : \"snap-mcp-sessions\",\n  \"version\" : \"1.4\",\n  \"revision\" : 3,\n  \"future\" : [1,"
            + " {\"a\": \"}\"}],\n  \"sessions\" : {\n    \"sess_A\" : {\n      " + s.replace(",", ",\n      ")
            + ",\n      \"x\" : {\"history\" : [1]},\n      \"history\" : [ " + ev + " ,\n " + ev + " ]\n    }\n  },"
            + "\n  \"bridge\" : null\n}\n",
        head + "\"sessions\":{\"sess_A\":{\"history\":[" + ev + "]," + s + "}}}", // history first
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":null}}}",
        head + "\"sessions\":{\"sess_A\":{" + s + "}}}", // no history
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":[]}}}",
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":[" + ev + "],\"history\":[]}}}", // twice
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":[null]}}}",
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":[1]}}}",
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":[{\"type\":\"connected\"}]}}}",
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":{}}}}",
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"history\":[" + ev + "]}},\"sessions\":{}}", // sessions twice
        head + "\"sessions\":{\"sess_A\":{" + s + "},\"sess_A\":{" + s + "}}}", // a session twice
        head + "\"sessions\":{\"sess_\\u0041\":{" + s + "}}}", // an escaped id
        head + "\"sessions\":{\"sess_Ä\":{" + s.replace("sess_A", "sess_Ä") + "}}}", // non-ASCII id
        head + "\"sessions\":{\"sess_A\":{" + s + ",\"note\":\"a \\\"quoted\\\" } ]\"}}}",
        head + "\"sessions\":{\"sess_A\":[]}}",
        head + "\"sessions\":{\"sess_A\":{" + s + "},}}", // trailing comma
        head + "\"sessions\":{\"sess_A\":{" + s + "}}} x",
        head + "\"sessions\":{\"sess_A\":{" + s + "}}}}",
        head + "\"sessions\":{\"sess_A\":{" + s + "}}",
        head + "\"sessions\":[]}",
        head + "\"revision\":4,\"sessions\":{}}",
        "{\"format\":\"snap-mcp-sessions\",\"version\":\"2.0\",\"revision\":3,\"sessions\":{}}",
        "{\"format\":\"snap-mcp-sessions\",\"version\":\"1.0\",\"revision\":-3,\"sessions\":{}}",
        "{\"format\":\"other\",\"version\":\"1.0\",\"revision\":3,\"sessions\":{}}",
        "{\"sess_A\":{\"token\":\"t\",\"created_at\":\"2026-01-01 00:00:00\",\"expires_at\":\"2026-01-02 00:00:00\"}}",
        "{}", "[]", "", "  ", "nul", "{\"format\":\"snap-mcp-sessions\",\"version\":\"1.0\",\"revision\":3,"
            + "\"sessions\":{\"sess_A\":{" + s.replace("\"sha256:aa\"", "\"sha256:a\u0001\"") + "}}}");
  }

  @ParameterizedTest
  @MethodSource("odd")
  void oddAndDamagedTextsGetTheStrictParsersAnswer(String text) {
    SlicedParser.Result cold = assertSameAsStrict(bytes(text), Map.of());
    if (cold != null) {
      assertSameAsStrict(bytes(text), cold.sessions());
    }
  }

  /** Every cut and many random byte changes of a real document: never a different answer from the strict parse. */
  @Test
  void mutatedDocumentsGetTheStrictParsersAnswer() {
    byte[] good = DocumentWriter.write(document(3, 4));
    Map<String, DocumentWriter.SessionJson> known = assertSameAsStrict(good, Map.of()).sessions();
    for (int cut = 0; cut < good.length; cut++) {
      assertSameAsStrict(java.util.Arrays.copyOf(good, cut), known);
    }
    SplittableRandom random = new SplittableRandom(16);
    byte[] alphabet = bytes("{}[]\",:\\ 0aZ-.\n");
    int accepted = 0;
    for (int n = 0; n < 5_000; n++) {
      byte[] b = good.clone();
      for (int k = random.nextInt(1, 3); k > 0; k--) {
        b[random.nextInt(b.length)] = alphabet[random.nextInt(alphabet.length)];
      }
      accepted += assertSameAsStrict(b, random.nextBoolean() ? known : Map.of()) == null ? 0 : 1;
    }
    assertTrue(accepted > 100, "some changes still give a valid document: " + accepted);
  }

  @Test
  void aSessionWithTheSameBytesUnderAnotherIdIsNotReused() {
    byte[] b = DocumentWriter.write(document(2, 1));
    Map<String, DocumentWriter.SessionJson> known = new HashMap<>(assertSameAsStrict(b, Map.of()).sessions());
    List<String> ids = new ArrayList<>(known.keySet());
    DocumentWriter.SessionJson a = known.get(ids.get(0));
    known.put(ids.get(1), a); // a confused cache: the id's entry holds another session's bytes
    SlicedParser.Result r = assertSameAsStrict(b, known);
    assertFalse(r.doc().sessions.get(ids.get(1)).id().equals(ids.get(0)));
  }
}
