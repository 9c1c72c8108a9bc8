package dev.snapmcp.mcp.setup;

import dev.snapmcp.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server entry setup writes, {@code "snap": {"command": LAUNCHER, "args": ["serve"]}} (with {@code "type":
 * "stdio"} where the client's entries carry a type), and how an entry already in a file compares with it.
 */
record ServerEntry(String command, String type) {

  /** The server's name in every client; README and users refer to it. */
  static final String NAME = "snap";
  static final String SERVE = "serve";

  /** The entry as it is written. */
  ObjectNode tree() {
    ObjectNode o = Json.mapper().createObjectNode();
    if (type != null) {
      o.put("type", type);
    }
    o.put("command", command);
    o.putArray("args").add(SERVE);
    return o;
  }

  /**
   * {@code existing} already runs this launcher's {@code serve}: nothing to change. Fields the user added or tuned
   * ({@code env}, timeouts, more arguments after {@code serve}) do not matter.
   */
  boolean isSetUpBy(JsonNode existing) {
    return existing != null && existing.isObject() && command.equals(text(existing.get("command")))
        && servesFirst(existing) && typeFits(existing);
  }

  /**
   * The fields to set in {@code existing}, an entry of snap-mcp's own that runs another launcher (a moved or second
   * checkout): the command, and the arguments or type only where they are wrong. The rest of it stays.
   */
  Map<String, JsonNode> fixes(JsonNode existing) {
    ObjectNode want = tree();
    Map<String, JsonNode> fixes = new LinkedHashMap<>();
    if (!command.equals(text(existing.get("command")))) {
      fixes.put("command", want.get("command"));
    }
    if (!servesFirst(existing)) {
      fixes.put("args", want.get("args"));
    }
    if (!typeFits(existing)) {
      fixes.put("type", want.get("type") == null ? Json.mapper().getNodeFactory().stringNode("stdio")
          : want.get("type"));
    }
    return fixes;
  }

  /**
   * {@code existing} is snap-mcp (its launcher, or its jar), whichever checkout: setup may point it at this launcher.
   * Any other server called "snap" is someone else's and is replaced only with {@code --force}.
   */
  static boolean isSnapMcp(JsonNode existing) {
    if (existing == null || !existing.isObject()) {
      return false;
    }
    String command = text(existing.get("command"));
    if (command != null && fileName(command).matches("snap-mcp(\\.(sh|cmd|bat|exe))?")) {
      return true;
    }
    for (JsonNode arg : existing.path("args")) {
      if (arg.isString() && fileName(arg.stringValue()).equals("snap-mcp.jar")) {
        return true;
      }
    }
    return false;
  }

  /** What {@code existing} runs, for messages: "npx -y some-server", or its URL, or its JSON. */
  static String describe(JsonNode existing) {
    if (existing != null && existing.isObject()) {
      String command = text(existing.get("command"));
      if (command != null) {
        List<String> words = new ArrayList<>(List.of(command));
        existing.path("args").forEach(a -> words.add(a.isString() ? a.stringValue() : a.toString()));
        return String.join(" ", words);
      }
      for (String url : List.of("url", "httpUrl", "serverUrl")) {
        if (text(existing.get(url)) != null) {
          return text(existing.get(url));
        }
      }
    }
    return String.valueOf(existing);
  }

  /** What this entry runs, for messages. */
  String describe() {
    return command + " " + SERVE;
  }

  private static boolean servesFirst(JsonNode existing) {
    JsonNode args = existing.get("args");
    return args != null && args.isArray() && !args.isEmpty() && SERVE.equals(text(args.get(0)));
  }

  private static boolean typeFits(JsonNode existing) {
    String t = text(existing.get("type"));
    return t == null || t.equals("stdio");
  }

  private static String text(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : null;
  }

  private static String fileName(String path) {
    return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  }
}
