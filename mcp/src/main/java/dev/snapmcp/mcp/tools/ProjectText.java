package dev.snapmcp.mcp.tools;

import tools.jackson.databind.JsonNode;

/**
 * A project as the page's get_project op describes it, written as text code for a person or a model to read: every
 * script as it would be given to snap_add_script, and what is not code (sprites, variables, ids) as {@code ;} comments,
 * so the whole is still text code.
 */
final class ProjectText {

  private ProjectText() {}

  static String of(JsonNode project) {
    StringBuilder out = new StringBuilder();
    out.append("; Snap! project \"").append(project.path("name").asString("")).append("\"");
    if (project.path("currentScene").isString()) {
      out.append(", scene \"").append(project.path("currentScene").asString()).append("\"");
    }
    out.append('\n');
    if (!project.path("globals").isEmpty()) {
      out.append("; global variables: ").append(project.path("globals")).append('\n');
    }
    for (JsonNode block : project.path("customBlocks")) {
      out.append("\n; custom block \"").append(block.path("label").asString()).append("\" (")
          .append(block.path("category").asString("other")).append(", ").append(block.path("type").asString("command"))
          .append(", ").append(block.path("scope").asString("global")).append(")\n")
          .append(block.path("code").asString("")).append('\n');
    }
    owner(out, "Stage", project.path("stage"), false);
    for (JsonNode sprite : project.path("sprites")) {
      owner(out, sprite.path("name").asString(), sprite, true);
    }
    return out.toString();
  }

  private static void owner(StringBuilder out, String name, JsonNode owner, boolean sprite) {
    out.append("\n; ").append(sprite ? "sprite \"" + name + "\"" : "the stage");
    if (sprite) {
      out.append(" at (").append(owner.path("x").asString("0")).append(", ").append(owner.path("y").asString("0"))
          .append("), direction ").append(owner.path("direction").asString("90"));
    }
    if (owner.path("costume").isString()) {
      out.append(", costume \"").append(owner.path("costume").asString()).append("\"");
    }
    out.append('\n');
    if (!owner.path("variables").isEmpty()) {
      out.append("; variables: ").append(owner.path("variables")).append('\n');
    }
    if (owner.path("scripts").isEmpty()) {
      out.append("; no scripts\n");
    }
    for (JsonNode script : owner.path("scripts")) {
      out.append("; script ").append(script.path("id").asString()).append(" (revision ")
          .append(script.path("revision").asString("?")).append(")\n").append(script.path("code").asString())
          .append('\n');
    }
  }
}
