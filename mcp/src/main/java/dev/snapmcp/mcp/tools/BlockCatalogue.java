package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Snap!'s primitive blocks as shipped with snap-mcp ({@code snap-blocks.json}, generated from real Snap! by the e2e
 * suite's {@code BlockCatalogueTest}, which also fails when it is stale): what {@code snap_find_blocks} answers when
 * no tab is connected, and the {@code snap://catalogue/blocks} resource. The search is the page's find_blocks op's
 * (extension/page/catalogue.js) over the name, the selector it stands for ({@code aka}: {@code move} is {@code
 * forward}), the label and the category: each query word found scores 1, the whole name 10.
 */
final class BlockCatalogue {

  static final String RESOURCE = "snap-blocks.json";

  private static volatile BlockCatalogue shipped;

  private final String snap;
  private final List<JsonNode> blocks;
  private final String text;

  private BlockCatalogue(String text) {
    JsonNode root = Json.mapper().readTree(text);
    this.text = text;
    this.snap = root.path("snap").asString("unknown");
    List<JsonNode> all = new ArrayList<>();
    root.path("blocks").forEach(all::add);
    this.blocks = List.copyOf(all);
  }

  /** The catalogue shipped in snap-mcp's jar, read once on first use. */
  static BlockCatalogue shipped() {
    BlockCatalogue made = shipped;
    if (made == null) {
      try (InputStream in = BlockCatalogue.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from snap-mcp's jar");
        }
        made = new BlockCatalogue(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      shipped = made;
    }
    return made;
  }

  /** The Snap! version it was generated from. */
  String snap() {
    return snap;
  }

  /** How many blocks it holds. */
  int size() {
    return blocks.size();
  }

  /** The catalogue as shipped (JSON). */
  String text() {
    return text;
  }

  /** The blocks matching {@code query}'s words (all, if none) in {@code category} (any, if null), best first. */
  ArrayNode find(String query, String category, int limit) {
    List<String> words = query == null ? List.of()
        : List.of(query.toLowerCase(Locale.ROOT).split("\\s+")).stream().filter(w -> !w.isEmpty()).toList();
    record Scored(int score, JsonNode block) {}
    List<Scored> found = new ArrayList<>();
    for (JsonNode block : blocks) {
      if (category != null && !category.equals(block.path("category").asString())) {
        continue;
      }
      String name = block.path("selector").asString();
      String haystack = (name + " " + block.path("aka").asString("") + " " + block.path("spec").asString() + " "
          + block.path("category").asString())
          .toLowerCase(Locale.ROOT);
      int score = 0;
      for (String word : words) {
        if (haystack.contains(word)) {
          score += name.toLowerCase(Locale.ROOT).equals(word) ? 10 : 1;
        }
      }
      if (words.isEmpty() || score > 0) {
        found.add(new Scored(score, block));
      }
    }
    found.sort(Comparator.comparingInt(Scored::score).reversed()); // stable: catalogue order among equals
    ArrayNode result = Json.mapper().createArrayNode();
    found.stream().limit(Math.max(1, Math.min(limit, 200))).forEach(s -> result.add(((ObjectNode) s.block()).deepCopy()));
    return result;
  }
}
