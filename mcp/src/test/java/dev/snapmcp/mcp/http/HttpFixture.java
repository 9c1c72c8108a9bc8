package dev.snapmcp.mcp.http;

import dev.snapmcp.bridge.BridgeConfig;
import dev.snapmcp.bridge.BridgeServer;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.mcp.EmbeddedBridge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A real {@code serve --http} in this process over a temporary state folder, and raw HTTP requests to it. */
final class HttpFixture implements AutoCloseable {

  final TempStateDir state;
  final SnapMcpHttpServer server;

  private HttpFixture(TempStateDir state, SnapMcpHttpServer server) {
    this.state = state;
    this.server = server;
  }

  /** Starts on {@code address} (port 0) with a bridge of its own on a free port. */
  static HttpFixture start(TempStateDir state, String host) throws Exception {
    return start(state, new HttpAddress(host, 0));
  }

  /** Starts on {@code address} with a bridge of its own on a free port. */
  static HttpFixture start(TempStateDir state, HttpAddress address) throws Exception {
    return new HttpFixture(state, SnapMcpHttpServer.start(address, state.path(), freePort(), BRIDGE));
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The bridge of transport-netty, in this process, as {@code serve} starts it. */
  static final EmbeddedBridge BRIDGE = (store, port) -> {
    BridgeServer bridge = new BridgeServer(BridgeConfig.builder(store).port(port).build());
    bridge.start();
    return new EmbeddedBridge.Hosted() {
      @Override
      public int port() {
        return bridge.port();
      }

      @Override
      public void close() {
        bridge.close();
      }
    };
  };

  /** The status of a raw POST of {@code body} with exactly these headers (Host included, as given). */
  static Response post(InetAddress address, int port, Map<String, String> headers, String body) throws IOException {
    try (Socket socket = new Socket(address, port)) {
      socket.setSoTimeout(30_000);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder("POST " + SnapMcpHttpServer.ENDPOINT + " HTTP/1.1\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n")
          .append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      return new Response(status, text);
    }
  }

  record Response(int status, String text) {}

  static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
      + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @Override
  public void close() {
    server.close();
    state.close();
  }
}
