package dev.snapmcp.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.snapmcp.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shipped block catalogue: its search, and that it comes from the Snap! installed here (skipped where none is; the
 * e2e suite's BlockCatalogueTest compares every block and says how to regenerate it).
 */
class ShippedBlockCatalogueTest {

  @Test
  void searchFindsBlocksByTheirNameSelectorOrLabelBestFirst() {
    BlockCatalogue catalogue = BlockCatalogue.shipped();
    assertTrue(catalogue.size() > 100, catalogue.size() + " blocks");
    assertEquals("move", catalogue.find("move", null, 5).path(0).path("selector").asString());
    assertEquals("move", catalogue.find("forward", null, 5).path(0).path("selector").asString(), "by its selector");
    JsonNode key = catalogue.find("when key pressed", "control", 20);
    assertTrue(key.valueStream().anyMatch(b -> b.path("selector").asString().equals("receiveKey")), key.toString());
    key.forEach(b -> assertEquals("control", b.path("category").asString()));
    assertEquals(3, catalogue.find(null, "motion", 3).size());
    assertEquals(0, catalogue.find("nosuchwordanywhere", null, 5).size());
  }

  @Test
  void theCatalogueComesFromTheInstalledSnap() throws IOException {
    String home = System.getenv("SNAP_HOME");
    Path snap = home != null && !home.isBlank() ? Path.of(home)
        : Path.of(System.getProperty("user.home"), ".cache", "snap-mcp", "snap");
    assumeTrue(Files.isRegularFile(snap.resolve("SNAP_VERSION")), "no Snap! installed at " + snap);
    List<String> lines = Files.readAllLines(snap.resolve("SNAP_VERSION"));
    JsonNode shipped = Json.mapper().readTree(BlockCatalogue.shipped().text());
    String installed = lines.stream().filter(l -> l.startsWith("commit=")).map(l -> l.substring(7)).findFirst()
        .orElse("unknown");
    assertEquals(installed, shipped.path("snapCommit").asString(), "the shipped catalogue (Snap! "
        + shipped.path("snap").asString() + ") is stale against the Snap! installed at " + snap + ": "
        + shipped.path("about").asString());
  }
}
