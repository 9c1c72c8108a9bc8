package dev.snapmcp.bridge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import dev.snapmcp.core.ClientInfo;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WebSocket frames of {@code docs/protocol.md}, one immutable record per {@code type}. Unknown fields are ignored
 * on the way in; every record writes its own {@code type} on the way out.
 */
sealed interface Frame {

  /** The frame's {@code type} field. */
  String type();

  /**
   * Browser → bridge, first frame: the session and the browser's nonce (handshake {@value #HANDSHAKE}). A hello with a
   * {@code token} (or no {@code handshake}) is an older extension's and is refused with {@code outdated_extension};
   * the token is kept out of {@link #toString()} all the same.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Hello(
      @JsonProperty("session") String session,
      @JsonProperty("token") String token,
      @JsonProperty("client") ClientInfo client,
      @JsonProperty("tab") JsonNode tab,
      @JsonProperty("handshake") Integer handshake,
      @JsonProperty("nonce") String nonce)
      implements Frame {

    /** The handshake this bridge speaks: SCRAM-SHA-256 over JSON frames (docs/protocol.md, "Handshake"). */
    static final int HANDSHAKE = 2;

    @Override
    @JsonProperty("type")
    public String type() {
      return "hello";
    }

    @Override
    public String toString() {
      return "Hello[session=" + session + ", handshake=" + handshake + ", token=" + (token == null ? null : "<hidden>")
          + "]";
    }
  }

  /** Bridge → browser: the combined nonce (the browser's, then the bridge's), the salt (base64) and the iterations. */
  record Challenge(@JsonProperty("nonce") String nonce, @JsonProperty("salt") String salt,
      @JsonProperty("iterations") int iterations) implements Frame {
    @Override
    @JsonProperty("type")
    public String type() {
      return "challenge";
    }
  }

  /** Browser → bridge: the combined nonce again and the ClientProof (base64). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Proof(@JsonProperty("nonce") String nonce, @JsonProperty("proof") String proof) implements Frame {
    @Override
    @JsonProperty("type")
    public String type() {
      return "proof";
    }
  }

  /**
   * Bridge → browser: the bridge's own proof, the ServerSignature (base64); the browser checks it before anything.
   * {@code rekey: true} (else absent): the token just proved was the pairing code, now exchanged for the secret both
   * ends derive from this handshake ({@code Scram.rekeySecret}); the browser uses that secret from now on.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Proven(@JsonProperty("serverSignature") String serverSignature, @JsonProperty("rekey") Boolean rekey)
      implements Frame {
    @Override
    @JsonProperty("type")
    public String type() {
      return "proven";
    }
  }

  /** Browser → bridge, once the bridge has proved itself: who is connecting (the old hello's client and tab). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Identify(@JsonProperty("client") ClientInfo client, @JsonProperty("tab") JsonNode tab) implements Frame {
    @Override
    @JsonProperty("type")
    public String type() {
      return "identify";
    }
  }

  /** Bridge → browser, the answer to a good hello. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Welcome(
      @JsonProperty("connection") String connection,
      @JsonProperty("session") String session,
      @JsonProperty("heartbeatMs") long heartbeatMs,
      @JsonProperty("maxFrameBytes") int maxFrameBytes,
      @JsonProperty("bridge") BridgeInfo bridge)
      implements Frame {

    @Override
    @JsonProperty("type")
    public String type() {
      return "welcome";
    }
  }

  /** Who the browser is talking to. */
  record BridgeInfo(@JsonProperty("version") String version, @JsonProperty("pid") long pid) {}

  /** Bridge → browser: something was refused; the code is a {@link WebSocketErrorCode}'s. */
  record Error(@JsonProperty("code") String code, @JsonProperty("message") String message) implements Frame {

    public Error {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    Error(WebSocketErrorCode code, String message) {
      this(code.code(), message);
    }

    @Override
    @JsonProperty("type")
    public String type() {
      return "error";
    }
  }

  /**
   * Bridge → browser: run one operation. The id is the command's for its whole life (a command re-sent after its tab
   * reconnected keeps it, so the tab answers it once); {@code meta} says who asked.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Command(
      @JsonProperty("id") String id,
      @JsonProperty("op") String op,
      @JsonProperty("args") JsonNode args,
      @JsonProperty("meta") Meta meta)
      implements Frame {

    Command(String id, String op, JsonNode args) {
      this(id, op, args, null);
    }

    @Override
    @JsonProperty("type")
    public String type() {
      return "command";
    }
  }

  /**
   * Who asked for a command: the MCP tool, the client as one line ({@code Claude Code 1.2 (pid 4242)}), and when the
   * bridge received it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Meta(@JsonProperty("tool") String tool, @JsonProperty("client") String client, @JsonProperty("at") String at) {}

  /** Browser → bridge: the outcome of a command; {@code value} when ok, {@code error} otherwise. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Result(
      @JsonProperty("id") String id,
      @JsonProperty("ok") boolean ok,
      @JsonProperty("value") JsonNode value,
      @JsonProperty("error") JsonNode error)
      implements Frame {

    @Override
    @JsonProperty("type")
    public String type() {
      return "result";
    }
  }

  /** Browser → bridge: readiness, project or runtime-error news. Kept whole, as the browser sent it. */
  record Event(ObjectNode body) implements Frame {

    public Event {
      Objects.requireNonNull(body, "body");
    }

    /** The event's kind: {@code ready}, {@code project}, {@code error}, … (null if absent). */
    String event() {
      JsonNode kind = body.get("event");
      return kind != null && kind.isString() ? kind.stringValue() : null;
    }

    @Override
    public String type() {
      return "event";
    }
  }

  /** Browser → bridge: JavaScript-level keep-alive. */
  record Ping() implements Frame {
    @Override
    @JsonProperty("type")
    public String type() {
      return "ping";
    }
  }

  /** Bridge → browser: the answer to {@link Ping}. */
  record Pong() implements Frame {
    @Override
    @JsonProperty("type")
    public String type() {
      return "pong";
    }
  }

  /** Inbound text that is not a frame we understand; the codec answers it and it never travels further. */
  record Bad(String reason) implements Frame {
    @Override
    public String type() {
      return "bad";
    }
  }
}
