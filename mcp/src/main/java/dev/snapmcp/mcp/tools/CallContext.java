package dev.snapmcp.mcp.tools;

import java.util.concurrent.CompletableFuture;

/**
 * What the transport gives one tool call besides its arguments: a way to report progress and a signal that the
 * client cancelled. Each protocol era and transport supplies its own ({@code serve}'s stdio router for both eras,
 * the SDK's notifier for 2026-07-28 progress); {@link #NONE} where a transport offers neither.
 */
public interface CallContext {

  /** Under this key of the SDK's {@code McpTransportContext} a transport hands each request its context. */
  String TRANSPORT_KEY = "dev.snapmcp/call";

  /** No progress, never cancelled. */
  CallContext NONE = new CallContext() {
    @Override
    public void progress(double done, Double total, String message) {}

    @Override
    public CompletableFuture<Void> cancellation() {
      return new CompletableFuture<>();
    }
  };

  /**
   * Sends {@code notifications/progress} for this call, if the client asked for progress (a {@code progressToken})
   * and the transport can carry it. Values must increase: {@link ToolCall} sees to that.
   */
  void progress(double done, Double total, String message);

  /** Completes when the client cancels the call ({@code notifications/cancelled}); may never complete. */
  CompletableFuture<Void> cancellation();

  /** The client that made the call, as it named itself ("name version"), or null when the transport does not know. */
  default String client() {
    return null;
  }
}
