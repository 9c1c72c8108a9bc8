package dev.snapmcp.mcp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of stdout: one JSON-RPC message per line, each written whole under one lock so answers from
 * concurrent calls never interleave. The first failed write (the client stopped reading) is fatal: it completes
 * {@link #failed()} and every later line is dropped.
 */
final class LineWriter {

  private static final Logger LOG = LoggerFactory.getLogger(LineWriter.class);

  private final OutputStream out;
  private final CompletableFuture<Void> firstLineWritten = new CompletableFuture<>();
  private final CompletableFuture<Void> failed = new CompletableFuture<>();

  LineWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes {@code json} (one message, no line break in it) and a newline; false once output has failed. */
  synchronized boolean write(String json) {
    if (failed.isDone()) {
      return false;
    }
    try {
      out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      LOG.warn("cannot write to the MCP client (stdout): {}; shutting down", e.getMessage());
      failed.complete(null);
      return false;
    }
    firstLineWritten.complete(null);
    return true;
  }

  /** Completes once the first line (normally the first answer) is out. */
  CompletableFuture<Void> firstLineWritten() {
    return firstLineWritten;
  }

  /** Completes when a write failed: the client is gone. */
  CompletableFuture<Void> failed() {
    return failed;
  }
}
