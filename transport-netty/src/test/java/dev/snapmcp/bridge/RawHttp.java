package dev.snapmcp.bridge;

import dev.snapmcp.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 written by hand on a real loopback socket: what a hostile local program can send (half a body, a foreign
 * Host, a head that never ends) and the JDK's client never would.
 */
final class RawHttp implements Closeable {

  /** One answer: its status and body. */
  record Response(int status, String head, String body) {
    JsonNode json() {
      return Json.mapper().readTree(body);
    }

    String code() {
      return json().path("error").path("code").asString();
    }

    boolean closes() {
      return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean closedByPeer;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static RawHttp connect(int port) throws IOException {
    return new RawHttp(new Socket(InetAddress.getLoopbackAddress(), port));
  }

  /** A request head ending with the blank line, {@code Host: 127.0.0.1:port} first. */
  static String head(String requestLine, int port, String... headers) {
    StringBuilder s = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(port).append("\r\n");
    for (String h : headers) {
      s.append(h).append("\r\n");
    }
    return s.append("\r\n").toString();
  }

  RawHttp write(String ascii) throws IOException {
    return write(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Writes {@code total} bytes of filler in 64 KiB pieces; false if the peer closed or reset the connection midway. */
  boolean writeFiller(long total) {
    byte[] piece = new byte[64 * 1024];
    java.util.Arrays.fill(piece, (byte) 'x');
    try {
      for (long left = total; left > 0; left -= piece.length) {
        out.write(piece, 0, (int) Math.min(piece.length, left));
      }
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The next response, or null if none came within {@code timeout} (or the peer closed without one). */
  Response awaitResponse(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int headEnd;
    while ((headEnd = indexOf(pending.toByteArray(), "\r\n\r\n")) < 0) {
      if (!readSome(deadline)) {
        return null;
      }
    }
    byte[] all = pending.toByteArray();
    String head = new String(all, 0, headEnd + 4, StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    while (pending.size() < headEnd + 4 + length) {
      if (!readSome(deadline)) {
        return null;
      }
    }
    all = pending.toByteArray();
    String body = new String(all, headEnd + 4, length, StandardCharsets.UTF_8);
    pending.reset();
    pending.write(all, headEnd + 4 + length, all.length - headEnd - 4 - length);
    int status = Integer.parseInt(head.substring(9, 12));
    return new Response(status, head, body);
  }

  /** Whether the peer ended the connection (end of stream or reset) within {@code timeout}, dropping what it sent. */
  boolean awaitClosed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!closedByPeer) {
        if (!readSome(deadline) && !closedByPeer) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** Reads what is there; false at the deadline or at the end of the stream. */
  private boolean readSome(long deadline) throws IOException {
    if (closedByPeer) {
      return false;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
    byte[] buffer = new byte[8192];
    int n;
    try {
      n = in.read(buffer);
    } catch (SocketTimeoutException e) {
      return false;
    }
    if (n < 0) {
      closedByPeer = true;
      return false;
    }
    pending.write(buffer, 0, n);
    return true;
  }

  private static int indexOf(byte[] bytes, String what) {
    byte[] w = what.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = 0; i + w.length <= bytes.length; i++) {
      for (int j = 0; j < w.length; j++) {
        if (bytes[i + j] != w[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
