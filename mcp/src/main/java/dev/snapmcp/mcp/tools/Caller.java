package dev.snapmcp.mcp.tools;

import dev.snapmcp.bridge.control.CommandRequest;
import dev.snapmcp.core.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * Who a tool call's commands come from: a fresh command id per command (the first the call's own, then {@code .2},
 * {@code .3}), the MCP client and this process, the tool's name, and the call's progress reports. The bridge passes
 * client and tool to the tab; the id lets the tab answer a command once, however often it reaches it.
 */
final class Caller {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long PID = ProcessHandle.current().pid();

  private final String id;
  private final AtomicInteger sent;
  private final String tool;
  private final CommandRequest.Client client;
  private final ToolCall call;
  private final LongFunction<String> working;
  private final Double total;

  private Caller(String id, AtomicInteger sent, String tool, CommandRequest.Client client, ToolCall call,
      LongFunction<String> working, Double total) {
    this.id = id;
    this.sent = sent;
    this.tool = tool;
    this.client = client;
    this.call = call;
    this.working = working;
    this.total = total;
  }

  /** The caller of one tool call. */
  static Caller of(ToolCall call) {
    McpSchema.Implementation info = call.client();
    CommandRequest.Client client = new CommandRequest.Client(info == null ? null : clip(info.name()),
        info == null ? null : clip(info.version()), PID);
    return new Caller(newId(), new AtomicInteger(), call.tool(), client, call, null, null);
  }

  /** A caller for commands no tool call asked for. */
  static Caller internal(String tool) {
    return new Caller(newId(), new AtomicInteger(), tool, new CommandRequest.Client(null, null, PID), null, null, null);
  }

  /**
   * The same caller, saying {@code working} (seconds elapsed to words) while its command runs in a connected tab, with
   * progress counted in seconds up to {@code total}.
   */
  Caller working(LongFunction<String> working, double total) {
    return new Caller(id, sent, tool, client, call, working, total);
  }

  /** The request for one command, under a fresh id: keep it for a retry of the same command. */
  CommandRequest request(String op, Map<String, Object> args, Duration timeout) {
    int n = sent.incrementAndGet();
    return new CommandRequest(op, Json.mapper().valueToTree(args == null ? Map.of() : args), timeout.toMillis(),
        n == 1 ? id : id + "." + n, client, tool);
  }

  /** Completes when the client cancels the call (never, for commands no tool call asked for). */
  CompletableFuture<Void> cancellation() {
    return call == null ? new CompletableFuture<>() : call.cancellation();
  }

  /** Reports that the command still runs in a connected tab, {@code seconds} after it was sent. */
  void working(long seconds, String message) {
    if (call != null) {
      call.progress(total == null ? seconds : Math.min(seconds, total), total, message);
    }
  }

  /** Reports a wait of unknown length (a tab coming back) through the call's {@link ToolCall#stillWaiting}. */
  void stillWaiting(String message) {
    if (call != null) {
      call.stillWaiting(message);
    }
  }

  /** What to say while the command runs in a connected tab, or null for the default. */
  String workingMessage(long seconds) {
    return working == null ? null : working.apply(seconds);
  }

  private static String newId() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return "t_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String clip(String text) {
    return text == null || text.length() <= CommandRequest.MAX_NAME_LENGTH ? text
        : text.substring(0, CommandRequest.MAX_NAME_LENGTH);
  }
}
