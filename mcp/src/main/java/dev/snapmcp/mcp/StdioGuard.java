package dev.snapmcp.mcp;

import dev.snapmcp.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between the client's stdio and the SDK's stdio transport, which ends the whole session on a line it cannot
 * read. Lines that are not a JSON-RPC message are answered here with a JSON-RPC error (parse error or invalid
 * request) and never reach the SDK; good lines pass through untouched. Output is written a whole line at a time so
 * these answers never interleave with the SDK's.
 */
final class StdioGuard {

  private static final Logger LOG = LoggerFactory.getLogger(StdioGuard.class);

  /** Longer lines are refused (and skipped to their end) instead of being buffered without bound. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  /** How long answers to requests already read may take once the client has closed stdin. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  private final InputStream in;
  private final LineOutput out;
  private final CompletableFuture<Void> endOfInput = new CompletableFuture<>();
  private final CompletableFuture<Void> firstLineWritten = new CompletableFuture<>();
  /** Ids of the client's requests not answered yet, so shutting down can wait for their answers. */
  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();

  StdioGuard(InputStream in, OutputStream out) {
    this.in = in;
    this.out = new LineOutput(out);
  }

  /** What the SDK reads: only well-formed JSON-RPC lines. */
  InputStream input() {
    return new FilteredInput();
  }

  /** What the SDK writes to: each line reaches the real output whole. */
  OutputStream output() {
    return out;
  }

  /** Completes once the first line (normally the answer to {@code initialize}) has been written. */
  CompletableFuture<Void> firstLineWritten() {
    return firstLineWritten;
  }

  /** Completes when the client closes its end of stdin. */
  CompletableFuture<Void> endOfInput() {
    return endOfInput;
  }

  /**
   * Waits (at most {@code timeout}) until every request read so far has been answered: a client that closes stdin
   * right after its last request still gets the answer.
   */
  void awaitAnswers(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (unanswered) {
      while (!unanswered.isEmpty()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          LOG.warn("{} request(s) still unanswered at shutdown", unanswered.size());
          return;
        }
        unanswered.wait(left);
      }
    }
  }

  private void requested(JsonNode id) {
    synchronized (unanswered) {
      unanswered.add(id.toString());
    }
  }

  private void answered(byte[] line) {
    if (unanswered.isEmpty()) {
      return;
    }
    try {
      JsonNode message = Json.mapper().readTree(line);
      JsonNode id = message.get("id");
      if (id != null && !message.has("method")) {
        synchronized (unanswered) {
          unanswered.remove(id.toString());
          unanswered.notifyAll();
        }
      }
    } catch (JacksonException e) {
      LOG.debug("an outgoing line is not JSON: {}", e.getMessage());
    }
  }

  /** The error to answer {@code line} with, or null when the line is a JSON-RPC message the SDK may have. */
  static String errorFor(String line) {
    JsonNode message;
    try {
      message = Json.mapper().readTree(line);
    } catch (JacksonException e) {
      return error(null, -32700, "Parse error: the line is not JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (message == null || !message.isObject()) {
      return error(null, -32600, "Invalid Request: each line must hold one JSON-RPC message object");
    }
    JsonNode id = message.get("id");
    if (id != null && !(id.isString() || id.isIntegralNumber() || id.isNull())) {
      return error(null, -32600, "Invalid Request: 'id' must be a string or an integer");
    }
    if (!"2.0".equals(message.path("jsonrpc").asString(null))) {
      return error(id, -32600, "Invalid Request: 'jsonrpc' must be \"2.0\"");
    }
    JsonNode method = message.get("method");
    boolean isResponse = id != null && (message.has("result") || message.has("error"));
    if (method == null && !isResponse) {
      return error(id, -32600, "Invalid Request: a message needs a 'method' (or is a response with 'result')");
    }
    if (method != null && !method.isString()) {
      return error(id, -32600, "Invalid Request: 'method' must be a string");
    }
    JsonNode params = message.get("params");
    if (params != null && !params.isObject()) {
      return error(id, -32602, "Invalid params: 'params' must be an object");
    }
    return null;
  }

  private static String error(JsonNode id, int code, String text) {
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("jsonrpc", "2.0");
    if (id == null) {
      answer.putNull("id");
    } else {
      answer.set("id", id);
    }
    ObjectNode error = answer.putObject("error");
    error.put("code", code);
    error.put("message", text);
    return answer.toString();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** Reads the real input line by line and hands the SDK only the lines that are JSON-RPC messages. */
  private final class FilteredInput extends InputStream {
    private byte[] pending = new byte[0];
    private int position;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (position >= pending.length) {
        if (ended || !fill()) {
          if (!ended) {
            ended = true;
            // The SDK drops answers still being computed once its input ends: hold the end back until they are out.
            try {
              awaitAnswers(SHUTDOWN_GRACE);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            endOfInput.complete(null);
          }
          return -1;
        }
      }
      int n = Math.min(length, pending.length - position);
      System.arraycopy(pending, position, buffer, offset, n);
      position += n;
      return n;
    }

    /** Loads the next good line into {@code pending}; false at end of input. */
    private boolean fill() throws IOException {
      while (true) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
          if (line.size() < MAX_LINE_BYTES) {
            line.write(b);
          } else {
            tooLong = true;
          }
        }
        if (b < 0 && line.size() == 0) {
          return false;
        }
        String text = line.toString(StandardCharsets.UTF_8).strip();
        if (tooLong) {
          out.writeLine(error(null, -32600, "Invalid Request: message longer than " + MAX_LINE_BYTES + " bytes"));
          continue;
        }
        if (text.isEmpty()) {
          continue;
        }
        String problem = errorFor(text);
        if (problem != null) {
          LOG.warn("answered a malformed line from the MCP client with an error");
          out.writeLine(problem);
          continue;
        }
        JsonNode message = Json.mapper().readTree(text);
        if (message.hasNonNull("id") && message.has("method")) {
          requested(message.get("id"));
        }
        pending = (text + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
      }
    }

    @Override
    public int available() {
      return pending.length - position;
    }
  }

  /** Collects bytes up to each newline, then writes the whole line at once under the lock. */
  private final class LineOutput extends OutputStream {
    private final OutputStream target;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LineOutput(OutputStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      partial.write(b);
      if (b == '\n') {
        emit();
        target.flush();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        partial.write(bytes[i]);
        if (bytes[i] == '\n') {
          emit();
        }
      }
      target.flush();
    }

    private void emit() throws IOException {
      byte[] line = partial.toByteArray();
      partial.reset();
      target.write(line);
      firstLineWritten.complete(null);
      answered(line);
    }

    synchronized void writeLine(String line) {
      try {
        target.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        target.flush();
      } catch (IOException e) {
        LOG.warn("cannot write to stdout: {}", e.getMessage());
      }
    }

    @Override
    public synchronized void flush() throws IOException {
      target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
      target.close();
    }
  }
}
