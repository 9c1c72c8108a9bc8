package dev.snapmcp.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The sessions that several processes read and update at once: by default one JSON file of this machine ({@link
 * SessionStores#open(Path)}), or a database that several machines share ({@link SessionStores#open(String, Path,
 * java.time.Clock)} with a {@code postgresql://} URL).
 *
 * <p>Every method that changes something is one atomic read-modify-write (the file's under an OS lock, a database's in
 * one transaction), made durable before it returns: once a call has returned, its change survives a kill -9 of any
 * process. Reads never wait for writers and always see a whole, committed state. Implementations are thread-safe;
 * the file store commits concurrent updates from threads of one process together (one lock, one write).
 *
 * <p>Failures are {@link StoreException}s whose {@link StoreException#kind()} says what went wrong and whose message
 * names the file and how to recover.
 */
public interface SessionStore extends AutoCloseable {

  /**
   * The {@code sessions.json} this store reads and writes.
   *
   * @throws UnsupportedOperationException for a store that is not a file (see {@link #location()})
   */
  Path file();

  /**
   * Where the sessions live, for people: the file's path, or the database's URL without its password. Messages that
   * name the store use this.
   */
  default String location() {
    return file().toString();
  }

  /** This machine's state folder (mode 0700): the file store's file is there; so is the bridge's control token. */
  Path stateDir();

  /**
   * Creates a session that expires after {@code ttl}. The returned token is shown once: only its hash is stored.
   */
  NewSession create(Duration ttl);

  /** The session with this id, if it exists (expired sessions are still returned until purged). */
  Optional<Session> get(String id);

  /** Every session, oldest first. */
  List<Session> list();

  /**
   * Atomically applies {@code change} to the session {@code id} and commits the result. The function may be called
   * more than once and must have no side effects. Fails with {@link StoreException.Kind#NOT_FOUND} if there is no such
   * session.
   *
   * @return the session as committed
   */
  Session update(String id, UnaryOperator<Session> change);

  /**
   * Records that connection {@code connectionId} now carries session {@code id}. A previous, different current
   * connection is recorded as {@code replaced} in the history.
   */
  Session markConnected(String id, String connectionId, ClientInfo client);

  /**
   * Records that connection {@code connectionId} of session {@code id} closed, with {@code reason}. The late-close
   * rule: when the session's current connection is no longer {@code connectionId} (a newer socket replaced it), the
   * session stays connected; only the history records the close.
   */
  Session markDisconnected(String id, String connectionId, String reason);

  /** Refreshes the session's last-seen instant (cheap: several calls may share one commit). */
  void touch(String id, String connectionId);

  /**
   * Checks a token against the stored hash in constant time. Unknown session and wrong token give the same answer,
   * {@link TokenCheck#REJECTED}, so a caller cannot tell which sessions exist.
   */
  TokenCheck verifyToken(String id, String token);

  /** Revokes the session: it can no longer connect and is marked disconnected. Returns false if there was none. */
  boolean revoke(String id);

  /** Removes expired and revoked sessions. Returns how many were removed. */
  int purgeExpired();

  /**
   * Brings in the sessions of another sessions file: the prototype's flat {@code active_sessions.json} (its plaintext
   * tokens are hashed, its naive timestamps read as UTC) or a {@code sessions.json} of this format. Sessions already
   * here are left as they are. The file itself is only read. Fails with {@link StoreException.Kind#CORRUPT} naming the
   * file if it is neither.
   *
   * @return how many sessions were added
   */
  int importSessions(Path file);

  /** The bridge's record, if a bridge ever registered (it may be dead: see {@link BridgeRecord}). */
  Optional<BridgeRecord> bridge();

  /**
   * Registers {@code mine} as the bridge, atomically: if the current record belongs to a bridge for which {@code
   * isLive} holds, nothing changes and that record is returned. Otherwise {@code mine} is stored, every session still
   * marked connected is marked disconnected with reason {@code bridge_restarted}, and the result is empty.
   */
  Optional<BridgeRecord> claimBridge(BridgeRecord mine, Predicate<BridgeRecord> isLive);

  /** Refreshes the heartbeat of the bridge record owned by {@code pid}; false if the record is no longer ours. */
  boolean heartbeatBridge(long pid);

  /** Removes the bridge record if {@code pid} still owns it (a clean shutdown). */
  void releaseBridge(long pid);

  /**
   * Waits until {@code condition} holds for session {@code id} and returns the session, learning of changes as the
   * store announces them (the file store watches the folder, with a polling fallback; a database store listens for
   * its notifications), never by sleeping in a loop.
   *
   * @throws StoreException of kind {@link StoreException.Kind#TIMEOUT} if the condition does not hold in time
   */
  Session await(String id, Predicate<Session> condition, Duration timeout);

  /**
   * What several bridge nodes sharing this store use to find each other's tabs and carry commands between them; empty
   * for a store only one machine uses (the file), whose single bridge keeps everything in memory as before.
   */
  default Optional<Cluster> cluster() {
    return Optional.empty();
  }

  /**
   * The keys of {@code serve --http} when this store shares them between machines; empty when they stay in the state
   * folder's file ({@code http-keys.json}).
   */
  default Optional<SharedKeys> httpKeys() {
    return Optional.empty();
  }

  /** The store's revision: grows by exactly one on every commit that changed something. */
  long revision();

  @Override
  void close();

  /** What {@link #verifyToken} found. */
  enum TokenCheck {
    /** The session exists, is not revoked or expired, and the token matches. */
    VALID,
    /** The token matches but the session has expired. */
    EXPIRED,
    /** Unknown session, wrong token or revoked session: deliberately indistinguishable. */
    REJECTED
  }
}
