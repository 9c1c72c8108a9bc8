/**
 * The protocol's facts, each defined once ({@code docs/protocol.md}): {@link dev.snapmcp.bridge.protocol.Protocol}
 * (default port, the extension's id, default origins, the pages the extension runs on), the error-code families
 * {@link dev.snapmcp.bridge.protocol.WebSocketErrorCode}, {@link dev.snapmcp.bridge.protocol.ControlErrorCode} and
 * {@link dev.snapmcp.bridge.protocol.OpErrorCode} (all {@link dev.snapmcp.bridge.protocol.ErrorCode}s), the pairing
 * code's format ({@link dev.snapmcp.bridge.protocol.PairingCode}), and {@link
 * dev.snapmcp.bridge.protocol.ExtensionConstants}, which renders the extension's generated copy of them. The version
 * is {@link dev.snapmcp.core.Version}. A test in this module ({@code ExtensionCopiesTest}) fails when the extension's
 * files or the protocol document disagree with these.
 */
package dev.snapmcp.bridge.protocol;
