package dev.snapmcp.bridge.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/sessions/{id}/commands}: one op for the session's browser tab.
 *
 * @param op the operation ({@code docs/protocol.md}, "Operations")
 * @param args its arguments, an object (null: none)
 * @param timeoutMs how long the command may take in all (waiting in the session's queue, waiting for its tab to come
 *     back, running), 1 ms to {@link #MAX_TIMEOUT} (null: {@link #DEFAULT_TIMEOUT})
 * @param id the command's id, chosen by the caller, unique per call ({@link #ID_SHAPE}); the bridge sends the command
 *     to the tab under it, so a command re-sent after a drop (or retried with the same id) is answered once (null: the
 *     bridge makes one)
 * @param client who asks: the MCP client and the process speaking for it (null: unknown); passed to the tab
 * @param tool the MCP tool the command serves, e.g. {@code snap_add_script} (null: none); passed to the tab
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommandRequest(
    @JsonProperty("op") String op,
    @JsonProperty("args") JsonNode args,
    @JsonProperty("timeoutMs") Long timeoutMs,
    @JsonProperty("id") String id,
    @JsonProperty("client") Client client,
    @JsonProperty("tool") String tool) {

  /** The timeout of a command that names none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The longest timeout a command may ask for. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  /** What a command id may look like. */
  public static final Pattern ID_SHAPE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

  /** The longest {@code tool}, and the longest {@code name} and {@code version} of a client, the bridge passes on. */
  public static final int MAX_NAME_LENGTH = 200;

  /** A command with no id, client or tool: the bridge makes the id. */
  public CommandRequest(String op, JsonNode args, Long timeoutMs) {
    this(op, args, timeoutMs, null, null, null);
  }

  /**
   * The caller of a command.
   *
   * @param name the MCP client's name (its {@code clientInfo.name}), e.g. {@code Claude Code}
   * @param version the MCP client's version
   * @param pid the process that sent the command ({@code snap-mcp serve})
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Client(
      @JsonProperty("name") String name, @JsonProperty("version") String version, @JsonProperty("pid") Long pid) {

    /** One line for people: {@code Claude Code 1.2 (pid 4242)}. */
    public String display() {
      String who = name == null || name.isBlank() ? "an MCP client" : name.strip();
      if (version != null && !version.isBlank()) {
        who += " " + version.strip();
      }
      return pid == null ? who : who + " (pid " + pid + ")";
    }
  }
}
