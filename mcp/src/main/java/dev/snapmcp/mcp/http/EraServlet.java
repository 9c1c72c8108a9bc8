package dev.snapmcp.mcp.http;

import dev.snapmcp.core.Json;
import dev.snapmcp.mcp.SnapMcpFeatures;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one MCP endpoint: checks each request ({@link RequestGuard}), then hands it to the SDK's transport of its era.
 * A request's {@code MCP-Protocol-Version} header decides when it has one (a 2026-07-28 client sends it on every
 * request, a 2025-06-18 or later one after {@code initialize}): a legacy version goes to the legacy streamable
 * transport with sessions, any other to the stateless 2026-07-28 transport (which answers an unknown version with its
 * error). Without it, a POST outside a session ({@code Mcp-Session-Id}) is decided by its body ({@link
 * SnapMcpFeatures#isModern}, the rule stdio routes by); everything else (initialize, a session's requests, its GET
 * stream and DELETE) goes to the legacy transport.
 */
final class EraServlet extends HttpServlet {

  /** The largest request body either era accepts (a project's XML fits well within it). */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final RequestGuard guard;
  private final HttpServlet modern;
  private final HttpServlet legacy;

  EraServlet(RequestGuard guard, HttpServlet modern, HttpServlet legacy) {
    this.guard = guard;
    this.modern = modern;
    this.legacy = legacy;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    modern.init(config);
    legacy.init(config);
  }

  @Override
  public void destroy() {
    modern.destroy();
    legacy.destroy();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    RequestGuard.Refusal refusal = guard.check(request);
    if (refusal != null) {
      refuse(response, refusal);
      return;
    }
    String version = request.getHeader("MCP-Protocol-Version");
    if (version != null) {
      (SnapMcpFeatures.LEGACY_VERSIONS.contains(version) ? legacy : modern).service(request, response);
    } else if (!"POST".equals(request.getMethod()) || request.getHeader("Mcp-Session-Id") != null) {
      legacy.service(request, response);
    } else {
      routeByBody(request, response);
    }
  }

  /** Reads the body (bounded), decides by it, and hands on a request that replays it. */
  private void routeByBody(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      return;
    }
    boolean isModern;
    try {
      JsonNode message = Json.mapper().readTree(body);
      isModern = message != null && message.isObject() && SnapMcpFeatures.isModern(message);
    } catch (JacksonException notJson) {
      isModern = false; // the legacy transport answers it with its parse error
    }
    HttpServletRequest replay = new Replay(request, body);
    (isModern ? modern : legacy).service(replay, response);
  }

  private static void refuse(HttpServletResponse response, RequestGuard.Refusal refusal) throws IOException {
    ObjectNode error = Json.mapper().createObjectNode();
    error.put("jsonrpc", "2.0");
    error.putNull("id");
    error.putObject("error").put("code", -32000).put("message", refusal.message());
    response.setStatus(refusal.status());
    if (refusal.status() == HttpServletResponse.SC_UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"snap-mcp\"");
    }
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(error.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The request with its body read already: the transports read it again from here. */
  private static final class Replay extends HttpServletRequestWrapper {
    private final byte[] body;

    Replay(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body is read already: read it blocking");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      Charset charset = StandardCharsets.UTF_8;
      try {
        String encoding = getCharacterEncoding();
        charset = encoding == null ? charset : Charset.forName(encoding);
      } catch (IllegalArgumentException unknownEncoding) {
        // a client's unknown charset name: JSON is UTF-8 anyway
      }
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
