package dev.snapmcp.harness;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code sessions.json} the way every snap-mcp reader does: the whole file, no lock, then parse. Used for the
 * file store and for the naive one (which writes the same format, in place).
 */
final class DocumentReader implements UnlockedReader {

  private final Path file;

  DocumentReader(Path stateDir) {
    this.file = StateFiles.sessions(stateDir);
  }

  @Override
  public Snapshot read() throws TornRead {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TornRead("sessions.json is missing");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(bytes);
    } catch (JacksonException e) {
      throw new TornRead("does not parse (" + bytes.length + " bytes): " + e.getOriginalMessage());
    }
    if (doc == null || !doc.isObject() || !doc.path("revision").isIntegralNumber()
        || !doc.path("sessions").isObject()) {
      throw new TornRead("not a whole document (" + bytes.length + " bytes)");
    }
    Map<String, Long> counts = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : doc.get("sessions").properties()) {
      String count = e.getValue().path("connectionId").asString(null);
      try {
        counts.put(e.getKey(), count == null ? 0 : Long.parseLong(count));
      } catch (NumberFormatException notCounted) {
        // a session this scenario does not count in
      }
    }
    return new Snapshot(doc.get("revision").asLong(), Arrays.hashCode(bytes), counts);
  }

  @Override
  public void close() {
    // nothing held
  }
}
