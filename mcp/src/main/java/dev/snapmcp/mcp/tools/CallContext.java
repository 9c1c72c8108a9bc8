package dev.snapmcp.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.CompletableFuture;

/**
 * What the transport gives one tool call besides its arguments: a way to report progress, a signal that the client
 * cancelled, and who the client is. Each protocol era and transport supplies its own ({@code serve}'s stdio router
 * for both eras, the SDK's notifier for 2026-07-28 progress); {@link #NONE} where a transport offers none of them.
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

  /**
   * The MCP client's {@code clientInfo} (name and version) as its era tells it: {@code initialize}'s for 2024-11-05 to
   * 2025-11-25, the request's {@code _meta} for 2026-07-28; null when the transport does not know. The bridge passes
   * it to the tab with each command (the tab's undo history says whose change it was).
   */
  default McpSchema.Implementation client() {
    return null;
  }
}
