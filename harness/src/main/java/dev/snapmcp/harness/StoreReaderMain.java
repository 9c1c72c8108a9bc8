package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The reader process of the store scenario: {@code DIR}. Reads {@code sessions.json} as fast as it can, taking no
 * lock (as every snap-mcp reader does), until stdin closes, and reports what a reader must never see:
 * {@code violation torn ...} (not a whole document), {@code violation revision-back ...} (the revision went back),
 * {@code violation revision-reused ...} (one revision, two different documents: two writers committed over each
 * other), {@code violation count-back ...} (a slot's count went back: an update was lost). Prints
 * {@code reads N revisions M torn T} every second and once more at the end.
 */
public final class StoreReaderMain {

  private static final int MAX_REPORTED_PER_KIND = 20;

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]).resolve("sessions.json");
    Thread stopper = new Thread(StoreReaderMain::waitForStdinToClose, "stress-reader-stop");
    stopper.setDaemon(true);
    stopper.start();
    Map<String, Integer> reported = new HashMap<>();
    Map<String, Long> counts = new HashMap<>();
    long reads = 0;
    long revisions = 0;
    long torn = 0;
    long lastRevision = -1;
    byte[] lastBytes = null;
    long lastStatus = System.nanoTime();
    System.out.println("reading");
    while (stopper.isAlive()) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        continue;
      }
      reads++;
      String problem = null;
      JsonNode doc = null;
      try {
        doc = Json.mapper().readTree(bytes);
        if (doc == null || !doc.isObject() || !doc.path("revision").isIntegralNumber()
            || !doc.path("sessions").isObject()) {
          problem = "not a whole document";
        }
      } catch (JacksonException e) {
        problem = "does not parse: " + e.getOriginalMessage();
      }
      if (problem != null) {
        torn++;
        violation(reported, "torn", problem + " (" + bytes.length + " bytes) at read " + reads);
      } else {
        long revision = doc.get("revision").asLong();
        if (revision < lastRevision) {
          violation(reported, "revision-back", "from " + lastRevision + " to " + revision);
        } else if (revision == lastRevision && !Arrays.equals(bytes, lastBytes)) {
          violation(reported, "revision-reused", "revision " + revision + " seen with two different contents");
        }
        if (revision != lastRevision) {
          revisions++;
        }
        lastRevision = revision;
        lastBytes = bytes;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("sessions").properties().iterator();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String counter = e.getValue().path("connectionId").asString(null);
          if (counter == null) {
            continue;
          }
          long count = Long.parseLong(counter);
          Long before = counts.put(e.getKey(), count);
          if (before != null && count < before) {
            violation(reported, "count-back", e.getKey() + " from " + before + " to " + count
                + " at revision " + revision);
          }
        }
      }
      if (System.nanoTime() - lastStatus > 1_000_000_000L) {
        lastStatus = System.nanoTime();
        System.out.println("reads " + reads + " revisions " + revisions + " torn " + torn);
      }
    }
    System.out.println("reads " + reads + " revisions " + revisions + " torn " + torn);
    System.out.println("done");
  }

  private static void violation(Map<String, Integer> reported, String kind, String detail) {
    if (reported.merge(kind, 1, Integer::sum) <= MAX_REPORTED_PER_KIND) {
      System.out.println("violation " + kind + " " + detail.replace('\n', ' '));
    }
  }

  private static void waitForStdinToClose() {
    try {
      while (System.in.read() >= 0) {
        // EOF is the stop signal
      }
    } catch (IOException e) {
      // the coordinator is gone
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
