/**
 * The session store: one JSON document ({@code sessions.json}) in a private state folder, shared by every snap-mcp
 * process on the machine; and the interface the other stores (PostgreSQL, in module store-postgres) implement.
 *
 * <p>The public face is small: {@link dev.snapmcp.core.SessionStore} (what callers do), {@link
 * dev.snapmcp.core.SessionStores} (how to open one, tuned by {@link dev.snapmcp.core.StoreOptions}, or by URL through a
 * {@link dev.snapmcp.core.SessionStoreProvider} on the class path, such as the PostgreSQL store; core depends on no
 * database driver), {@link dev.snapmcp.core.SessionWait} (the loop every store's {@code await} runs), {@link dev.snapmcp.core.PartialDocument} (the store's calls, the file store's own code, run on the
 * part of the document a database transaction holds, so that another store keeps the same rules), {@link
 * dev.snapmcp.core.StateDirs} (where the folder is), {@link dev.snapmcp.core.StateFiles} (the folder's files, and how a
 * private one is written), the immutable records it hands out ({@link dev.snapmcp.core.Session}, {@link
 * dev.snapmcp.core.SessionEvent}, {@link dev.snapmcp.core.BridgeRecord}, {@link dev.snapmcp.core.ClientInfo}, {@link
 * dev.snapmcp.core.NewSession}), the one error type {@link dev.snapmcp.core.StoreException}, {@link
 * dev.snapmcp.core.BrowserText} (the cap on every short string a browser reports), {@link dev.snapmcp.core.Scram} (the
 * SCRAM-SHA-256 handshake's arithmetic and the verifier the store keeps in place of a token), and {@link
 * dev.snapmcp.core.Json},
 * the project's one JSON mapper configuration. What every implementation of the store must
 * do is written once as an abstract test it extends: {@code dev.snapmcp.core.testing.SessionStoreContract}, in core's
 * test-jar.
 *
 * <p>Package-private, the file store itself: {@code FileSessionStore} (what each call means, as changes of the
 * document: {@code DocumentChanges} for the whole document, {@code SessionChanges} for one session), {@code
 * GroupCommit} (one lock and one write for the changes of many threads), {@code ImportFile} (the file an import
 * reads, for every store), {@code StoreLock} (the lock, in this JVM and between processes, waiting in the kernel's
 * queue), {@code DocumentFile} (reading and replacing the file, with {@code ParseCache}, which parses only what changed
 * since the last read or write through {@code SlicedParser} and {@code JsonSpans}), {@code AtomicFileWriter} and {@code
 * Permissions} (durable, private files, in a folder of this user's), {@code FileReads} (reading them: never through a
 * symbolic link, never past a size), {@code FolderWatcher} (what a waiter wakes on), {@code StrayFiles} (housekeeping
 * on open), and the format: {@code DocumentCodec} (strict parsing), {@code DocumentWriter}, {@code SessionLookup} (one
 * session without a full parse) and {@code PrototypeFormat} (the prototype's flat file, incomplete entries included).
 * {@code docs/store-format.md} describes the file and the lock protocol for other languages.
 *
 * <p>The teacher's settings (issue 15) live beside the store in {@code teach.json}: {@link
 * dev.snapmcp.core.TeachMode}, {@link dev.snapmcp.core.TeachSettings} (with the lock's {@link
 * dev.snapmcp.core.Passphrase}, PBKDF2), {@link dev.snapmcp.core.TeachFile} (reading and changing the file under its
 * own lock) and {@link dev.snapmcp.core.TeachWatch} (a running process's view of it, told of changes by a folder
 * watch).
 *
 * <p>Two interfaces a store shared by several machines may offer (the file store offers neither): {@link
 * dev.snapmcp.core.Cluster} (bridge nodes that share the store: the node directory, which node holds each tab, and the
 * relay that carries a command to that node at most once; docs/cluster.md) and {@link dev.snapmcp.core.SharedKeys}
 * (the hashed keys of {@code serve --http}, shared by every node).
 *
 * <p>{@link dev.snapmcp.core.Durations} is the project's one duration syntax, which every command line reads.
 */
package dev.snapmcp.core;
