/**
 * The control API ({@code docs/protocol.md}, "Control API"), written once for both ends: the records the bridge
 * writes and its clients read ({@link dev.snapmcp.bridge.control.Health}, {@link
 * dev.snapmcp.bridge.control.SessionList} of {@link dev.snapmcp.bridge.control.SessionView}s with their {@link
 * dev.snapmcp.bridge.control.HistoryEntry}s, {@link
 * dev.snapmcp.bridge.control.CommandRequest}, {@link dev.snapmcp.bridge.control.CommandAnswer}, {@link
 * dev.snapmcp.bridge.control.ErrorAnswer} with its {@link dev.snapmcp.bridge.control.ApiError} and {@link
 * dev.snapmcp.bridge.control.BrowserError}), the one client, {@link dev.snapmcp.bridge.control.ControlClient},
 * whose every failure is a {@link dev.snapmcp.bridge.control.ControlException}, and the session states ({@link
 * dev.snapmcp.bridge.control.SessionState}), derived once by {@link dev.snapmcp.bridge.control.SessionStatus} for the
 * bridge and for the command line alike. The records ignore unknown members,
 * read a missing or null one as null, false or 0 ({@code @JsonSetter(nulls = AS_EMPTY)} on primitives, so any mapper
 * tolerates them), and only ever gain new members at the end; a browser's op answer stays a {@code JsonNode} because
 * its shape is the op's.
 */
package dev.snapmcp.bridge.control;
