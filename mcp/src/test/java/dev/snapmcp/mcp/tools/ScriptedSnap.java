package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.tab.FakeBrowser;
import dev.snapmcp.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted Snap! tab behind a {@link FakeBrowser}: answers every op of {@code docs/protocol.md} ("Operations") with
 * the value shape the table gives, records what it was asked, and keeps just enough state (project name, scripts,
 * variables) for echo checks. It plays the tab's relay too: each change's answer carries {@code change: {entry,
 * summary}} and {@code undoable}, and the op {@code undo} takes the newest change off its history.
 */
final class ScriptedSnap implements FakeBrowser.Responder {

  /** A 1x1 transparent PNG. */
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  record Command(String op, JsonNode args) {}

  final List<Command> received = new CopyOnWriteArrayList<>();
  /** Ops this tab never answers, like a tab stuck in a long run. */
  final java.util.Set<String> unanswered = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private String project;
  private final List<String> scripts = new ArrayList<>(List.of("(receiveGo) (forward 10)"));
  private final Map<String, Object> globals = new LinkedHashMap<>(Map.of("score", 0));
  /** The relay's history: summaries of changes, newest first. */
  private final java.util.Deque<String> history = new java.util.ArrayDeque<>();
  /** The undo of the newest change meets a script changed by hand. */
  volatile boolean editedByHand;
  private static final java.util.Set<String> CHANGES = java.util.Set.of("add_script", "replace_script",
      "delete_script", "define_block", "set_variable", "run", "new_project", "load_project");

  ScriptedSnap(String project) {
    this.project = project;
  }

  /** The ops received, in order. */
  List<String> ops() {
    return received.stream().map(Command::op).toList();
  }

  /** The last command with this op. */
  JsonNode lastArgs(String op) {
    for (int i = received.size() - 1; i >= 0; i--) {
      if (received.get(i).op().equals(op)) {
        return received.get(i).args();
      }
    }
    throw new AssertionError("no '" + op + "' command; got " + ops());
  }

  @Override
  public synchronized FakeBrowser.Reply answer(String op, JsonNode args) {
    received.add(new Command(op, args));
    if (unanswered.contains(op)) {
      return FakeBrowser.Reply.none();
    }
    ObjectNode value = Json.mapper().createObjectNode();
    switch (op) {
      case "status" -> { }
      case "get_project" -> {
        value.put("name", project);
        value.putArray("scenes").add(project);
        value.put("currentScene", project);
        value.putObject("stage").put("name", "Stage");
        ObjectNode sprite = value.putArray("sprites").addObject();
        sprite.put("name", "Sprite").put("x", 0).put("y", 0).put("direction", 90).put("costume", "Turtle")
            .put("visible", true).put("size", 100);
        sprite.putObject("variables");
        var list = sprite.putArray("scripts");
        for (int i = 0; i < scripts.size(); i++) {
          list.addObject().put("id", "Sprite#" + (i + 1)).put("code", scripts.get(i)).put("revision", "r" + i)
              .put("x", 10).put("y", 10);
        }
        value.set("globals", Json.mapper().valueToTree(globals));
        value.putArray("customBlocks");
      }
      case "add_script" -> {
        if (args.path("code").asString().contains("forwrd")) {
          return FakeBrowser.Reply.error("unknown_block", "unknown block forwrd: did you mean forward?");
        }
        scripts.add(args.path("code").asString());
        value.put("sprite", args.path("sprite").asString("Sprite"));
        value.putObject("script").put("id", "Sprite#" + scripts.size()).put("code", args.path("code").asString())
            .put("x", args.path("x").asDouble(20)).put("y", args.path("y").asDouble(20));
      }
      case "replace_script" -> {
        if (args.has("revision") && !args.path("revision").asString().equals("r0")) {
          return FakeBrowser.Reply.error("changed_since_read", "Script Sprite#1 has changed since it was read.",
              Map.of("id", "Sprite#1", "code", scripts.get(0), "revision", "r0"));
        }
        value.put("sprite", args.path("sprite").asString());
        value.putObject("script").put("id", args.path("id").asString()).put("code", args.path("code").asString())
            .put("x", 10).put("y", 10);
      }
      case "delete_script" -> {
        if (!args.path("id").asString().startsWith("Sprite#")) {
          return FakeBrowser.Reply.error("unknown_script", "no script " + args.path("id").asString());
        }
        value.put("sprite", args.path("sprite").asString()).put("deleted", args.path("id").asString());
      }
      case "define_block" -> {
        ObjectNode block = value.putObject("block");
        block.put("label", args.path("label").asString()).put("spec", args.path("label").asString())
            .put("category", args.path("category").asString()).put("type", args.path("type").asString())
            .put("scope", args.path("scope").asString()).put("code", args.path("code").asString());
      }
      case "get_variables" -> {
        value.set("globals", Json.mapper().valueToTree(globals));
        value.putObject("sprites").putObject("Sprite");
      }
      case "set_variable" -> {
        globals.put(args.path("name").asString(), Json.mapper().treeToValue(args.get("value"), Object.class));
        value.put("name", args.path("name").asString()).set("value", args.get("value"));
        value.put("scope", args.has("sprite") ? "sprite" : "global");
      }
      case "run" -> {
        value.put("finished", true).put("elapsedMs", 120);
        value.putArray("said").addObject().put("sprite", "Sprite").put("text", "Hello!").put("kind", "say");
        value.putObject("variables").putObject("changed").putObject("score").put("before", 0).put("after", 1);
        value.putArray("errors");
      }
      case "stop" -> value.put("stopped", true);
      case "screenshot" -> value.put("png", PNG).put("width", 1).put("height", 1)
          .put("target", args.path("target").asString());
      case "find_blocks" -> {
        ObjectNode block = value.putArray("blocks").addObject();
        block.put("selector", "forward").put("spec", "move %n steps").put("category", "motion")
            .put("type", "command").put("example", "(forward 10)");
        block.putArray("inputs").add("n");
      }
      case "new_project" -> {
        project = args.path("name").asString("Untitled");
        scripts.clear();
        value.put("name", project);
      }
      case "get_project_xml" -> value.put("name", project).put("xml", xml(project));
      case "load_project" -> {
        Matcher name = Pattern.compile("<project name=\"([^\"]*)\"").matcher(args.path("xml").asString());
        project = name.find() ? name.group(1) : "Untitled";
        value.put("name", project);
      }
      case "undo" -> {
        if (history.isEmpty()) {
          return FakeBrowser.Reply.error("nothing_to_undo", "There is nothing to undo.");
        }
        if (editedByHand) {
          return FakeBrowser.Reply.error("changed_by_user", "Script Sprite#2 of Sprite was changed by hand since.",
              Map.of("assistant", "(turn 15)", "current", "(turn 90)"));
        }
        ObjectNode undone = value.putObject("undone");
        undone.put("entry", "c" + history.size()).putNull("tool").putNull("client")
            .put("at", "2026-12-01T10:00:00Z").put("summary", history.pop());
        value.put("remaining", history.size());
      }
      default -> {
        return FakeBrowser.Reply.error("unknown_op", "unknown op " + op);
      }
    }
    if (CHANGES.contains(op)) {
      history.push(op + " done");
      value.putObject("change").put("entry", "c" + history.size()).put("summary", op + " done");
      value.put("undoable", history.size());
    }
    value.putObject("state").put("ready", true).put("project", project).put("snap", "fake-snap-10");
    return FakeBrowser.Reply.value(value);
  }

  static String xml(String project) {
    return "<project name=\"" + project + "\" app=\"Snap! 10\" version=\"2\"><stage/></project>";
  }
}
