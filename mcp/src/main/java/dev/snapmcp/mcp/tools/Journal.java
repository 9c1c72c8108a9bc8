package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.TeachLog;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes every tool call into the teacher's log ({@link TeachLog}): time, session, client, mode, tool, arguments,
 * what changed (before and after as text code), errors, and the pictures a result carried. The call's thread only
 * queues references; the record is built and written on the log's own thread. {@code snap_status} is not logged
 * (it changes nothing and would drown the rest).
 */
public final class Journal implements AutoCloseable {

  /** A string argument longer than this (a project's XML) is logged cut, with its length. */
  static final int MAX_ARGUMENT_CHARS = 16 * 1024;

  private final Path stateDir;
  private final Teaching teaching;
  private final Clock clock;
  private volatile TeachLog.Writer writer;

  public Journal(Path stateDir, Teaching teaching, Clock clock) {
    this.stateDir = stateDir;
    this.teaching = teaching;
    this.clock = clock;
  }

  private TeachLog.Writer writer() {
    TeachLog.Writer made = writer;
    if (made == null) {
      synchronized (this) {
        if (writer == null) {
          writer = TeachLog.writer(stateDir, () -> teaching.settings().logRetentionDays(), clock);
        }
        made = writer;
      }
    }
    return made;
  }

  /** Queues the record of one call (returns at once). */
  void record(String tool, Map<String, Object> arguments, McpSchema.CallToolResult result, String client) {
    if ("snap_status".equals(tool)) {
      return;
    }
    Instant at = clock.instant();
    writer().record(() -> build(at, tool, arguments, result, client));
  }

  private ObjectNode build(Instant at, String tool, Map<String, Object> arguments, McpSchema.CallToolResult result,
      String client) {
    ObjectNode record = Json.mapper().createObjectNode();
    JsonNode body = Json.mapper().valueToTree(result.structuredContent());
    String session = body.path("state").path("session").asString(null);
    if (session == null && arguments != null && arguments.get("session") instanceof String named) {
      session = named;
    }
    record.put("at", at.toString());
    record.put("session", session);
    record.put("client", client);
    record.put("mode", teaching.settings().modeOf(session).wire());
    record.put("tool", tool);
    ObjectNode args = record.putObject("arguments");
    if (arguments != null) {
      arguments.forEach((name, value) -> {
        if (value instanceof String text && text.length() > MAX_ARGUMENT_CHARS) {
          args.put(name, text.substring(0, MAX_ARGUMENT_CHARS) + "… (" + text.length() + " characters)");
        } else {
          args.set(name, Json.mapper().valueToTree(value));
        }
      });
    }
    boolean failed = Boolean.TRUE.equals(result.isError());
    record.put("ok", !failed);
    if (failed) {
      record.set("error", body.path("error"));
    }
    JsonNode before = body.get("was");
    JsonNode after = body.at("/script/code");
    if (after.isMissingNode()) {
      after = body.at("/block/code");
    }
    if (before != null && before.isString()) {
      record.set("before", before);
    }
    if (after.isString()) {
      record.set("after", after);
    }
    if (body.at("/change/summary").isString()) {
      record.set("summary", body.at("/change/summary"));
    }
    for (String member : new String[] {"finished", "said", "variables", "errors", "trace", "undone", "deleted"}) {
      if (body.has(member) && !(member.equals("errors") && body.path(member).isEmpty())) {
        record.set(member, body.get(member));
      }
    }
    ArrayNode pictures = null;
    for (McpSchema.Content part : result.content()) {
      if (part instanceof McpSchema.ImageContent image) {
        if (pictures == null) {
          pictures = record.putArray("pictures");
        }
        pictures.add(image.data());
      }
    }
    return record;
  }

  @Override
  public synchronized void close() {
    if (writer != null) {
      writer.close();
    }
  }
}
