package dev.snapmcp.bridge;

import dev.snapmcp.bridge.protocol.WebSocketErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One browser WebSocket: its id, the session it carries once it said hello, why it closed, and the {@link Tab.Link}
 * its session's commands go through. Lives in a channel attribute from the end of the WebSocket handshake on.
 */
final class BridgeConnection {

  static final AttributeKey<BridgeConnection> KEY = AttributeKey.valueOf("snapmcp.connection");

  /** Bad frames in a row after which a connection is closed. */
  static final int BAD_FRAMES_BEFORE_CLOSE = 3;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final Channel channel;
  private final String address;
  private final Tab.Link link;
  private final AtomicReference<String> closeReason = new AtomicReference<>();
  private volatile String sessionId;
  private volatile boolean welcomed;
  private int badFramesInARow; // event loop only

  BridgeConnection(Channel channel) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    this.id = "conn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    this.channel = channel;
    this.address = addressOf(channel.remoteAddress());
    this.link = new Tab.Link() {
      @Override
      public String id() {
        return BridgeConnection.this.id;
      }

      @Override
      public void send(Frame.Command command) {
        // Always from the event loop's queue, so a failing write never calls back into the sending tab.
        try {
          channel.eventLoop().execute(() -> channel.writeAndFlush(command));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // The bridge is stopping: the connection closes, and the tab hears of it.
        }
      }

      @Override
      public String toString() {
        return BridgeConnection.this.toString();
      }
    };
  }

  static BridgeConnection of(Channel channel) {
    return channel.attr(KEY).get();
  }

  static String addressOf(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(remote);
  }

  String id() {
    return id;
  }

  Channel channel() {
    return channel;
  }

  String address() {
    return address;
  }

  Tab.Link link() {
    return link;
  }

  String sessionId() {
    return sessionId;
  }

  void sessionId(String sessionId) {
    this.sessionId = sessionId;
  }

  boolean welcomed() {
    return welcomed;
  }

  void welcomed(boolean welcomed) {
    this.welcomed = welcomed;
  }

  /** Why it closed, for the store's history: {@code closed} unless something set a reason first. */
  String closeReason() {
    String reason = closeReason.get();
    return reason == null ? "closed" : reason;
  }

  /**
   * Closes with an error frame (if any) and a close frame. The first reason given wins, so a later generic close does
   * not hide why the connection really ended.
   */
  void close(String reason, Frame.Error error, WebSocketCloseStatus status) {
    closeReason.compareAndSet(null, reason);
    if (!channel.isActive()) {
      return;
    }
    if (error != null) {
      channel.write(error);
    }
    channel
        .writeAndFlush(new CloseWebSocketFrame(status.code(), status == WebSocketCloseStatus.MESSAGE_TOO_BIG ? WebSocketErrorCode.TOO_LARGE.code() : reason))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /** A frame the protocol does not allow: answer {@code bad_frame}, and close after a few in a row. */
  void badFrame(String message) {
    badFramesInARow++;
    if (badFramesInARow >= BAD_FRAMES_BEFORE_CLOSE) {
      close(
          "protocol_error",
          new Frame.Error(WebSocketErrorCode.BAD_FRAME, message + " (" + badFramesInARow + " bad frames in a row: closing)"),
          WebSocketCloseStatus.POLICY_VIOLATION);
    } else {
      channel.writeAndFlush(new Frame.Error(WebSocketErrorCode.BAD_FRAME, message));
    }
  }

  /** A frame the protocol allows: the bad-frame count starts again. */
  void goodFrame() {
    badFramesInARow = 0;
  }

  @Override
  public String toString() {
    return id + (sessionId == null ? "" : "/" + sessionId) + "@" + address;
  }
}
