package dev.snapmcp.bridge.tab;

import dev.snapmcp.core.Json;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link FakeBrowser}'s side of its socket: records every frame, answers commands through the responder and the
 * {@link FakePage} (which answers a re-sent id once), stops reading when the tab is frozen.
 */
final class SocketListener implements WebSocket.Listener {
  private final FakeBrowser.Responder responder;
  final FakePage page;
  final CompletableFuture<FakeBrowser.Closed> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  volatile FakeBrowser owner;
  volatile boolean frozen;

  SocketListener(FakeBrowser.Responder responder, FakePage page) {
    this.responder = responder;
    this.page = page;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    // Demand is requested by the FakeBrowser constructor, once the owner exists.
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      JsonNode frame = Json.mapper().readTree(text);
      owner.onFrame(frame);
      if (!owner.handshakeStep(frame)) {
        more(webSocket);
        return null;
      }
      if ("welcome".equals(frame.path("type").asString(""))) {
        FakeBrowser browser = owner;
        page.connected(result -> sendLater(browser, result)); // the page's late answers come here now
      }
      if (!frozen && "command".equals(frame.path("type").asString(""))) {
        answer(frame);
      }
    }
    more(webSocket);
    return null;
  }

  private void answer(JsonNode command) {
    FakeBrowser browser = owner;
    String id = command.path("id").asString("");
    if (!page.shouldRun(id, result -> sendLater(browser, result))) {
      return;
    }
    FakeBrowser.Reply reply = responder.answer(command.path("op").asString(""), command.path("args"));
    if (reply.later != null) {
      reply.later.whenComplete((late, error) -> page.finished(id, result(command, late != null ? late
          : FakeBrowser.Reply.error("snap_error", "the fake page failed: " + error))));
    } else if (reply.silent) {
      page.abandoned(id);
    } else {
      page.finished(id, result(command, reply));
    }
  }

  private static ObjectNode result(JsonNode command, FakeBrowser.Reply reply) {
    ObjectNode result = Json.mapper().createObjectNode();
    result.put("type", "result");
    result.set("id", command.get("id"));
    result.put("ok", reply.code == null);
    if (reply.code == null) {
      result.set("value", reply.value);
    } else {
      ObjectNode error = result.putObject("error");
      error.put("code", reply.code);
      error.put("message", reply.message);
      if (reply.details != null) {
        error.set("details", reply.details);
      }
    }
    return result;
  }

  private static void sendLater(FakeBrowser browser, ObjectNode result) {
    FakeBrowser.ANSWERS.execute(() -> {
      if (!browser.isClosed()) {
        try {
          browser.sendJson(result);
        } catch (IllegalStateException e) {
          // The bridge closed the socket meanwhile.
        }
      }
    });
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    more(webSocket);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    more(webSocket);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    more(webSocket);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(new FakeBrowser.Closed(statusCode, reason));
    if (owner != null) {
      owner.notifyWaiters();
    }
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(new FakeBrowser.Closed(-1, String.valueOf(error)));
    if (owner != null) {
      owner.notifyWaiters();
    }
  }

  private void more(WebSocket webSocket) {
    if (!frozen) {
      webSocket.request(1);
    }
  }
}
