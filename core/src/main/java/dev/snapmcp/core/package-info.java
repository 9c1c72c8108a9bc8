/**
 * The session store: one JSON document ({@code sessions.json}) in a private state folder, shared by every snap-mcp
 * process on the machine.
 *
 * <p>The public face is small: {@link dev.snapmcp.core.SessionStore} (what callers do), {@link
 * dev.snapmcp.core.SessionStores} (how to open one), {@link dev.snapmcp.core.StateDirs} (where the folder is), the
 * immutable records it hands out ({@link dev.snapmcp.core.Session}, {@link dev.snapmcp.core.SessionEvent}, {@link
 * dev.snapmcp.core.BridgeRecord}, {@link dev.snapmcp.core.ClientInfo}, {@link dev.snapmcp.core.NewSession}), the one
 * error type {@link dev.snapmcp.core.StoreException}, and {@link dev.snapmcp.core.Json}, the project's one JSON mapper
 * configuration. Locking, atomic replacement, group commit, the document codec and the folder watcher are
 * package-private. {@code docs/store-format.md} describes the file and the lock protocol for other languages.
 *
 * <p>{@link dev.snapmcp.core.Durations} is the project's one duration syntax, which every command line reads.
 */
package dev.snapmcp.core;
