package dev.snapmcp.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One session: the right of one Snap! tab to connect, and what is known of its connection. Immutable; the store hands
 * out new copies. The token itself is never here, only its hash.
 *
 * @param id the session id ({@code sess_…})
 * @param tokenHash what is kept of the token: its SCRAM-SHA-256 verifier, {@code
 *     scram-sha-256:ITERATIONS:SALT:STOREDKEY:SERVERKEY} ({@link Scram.Verifier}; standard base64), from which neither
 *     the token nor a client proof can be made. Once the session's first handshake has exchanged its pairing code
 *     for a secret, the verifier is the secret's and a sixth field keeps the used code's StoredKey ({@link
 *     Scram.Verifier#usedKey}). Stores written before issue 13 hold {@code sha256:HEX}: such a session cannot do the
 *     handshake and must be paired again
 * @param createdAt when the session was created (UTC)
 * @param expiresAt when it stops accepting connections (UTC)
 * @param revoked whether it was revoked
 * @param connected whether a browser is connected now
 * @param connectionId the current (or last) connection, null before the first
 * @param connectedAt when the current (or last) connection was made
 * @param disconnectedAt when the last connection ended, null while connected
 * @param lastSeenAt the last sign of life from the browser
 * @param client what connected: extension and Snap! versions
 * @param history connection events, oldest first, bounded (oldest dropped first)
 * @param missing what the entry this session was migrated or imported from lacked, by this record's names ({@code
 *     tokenHash}, {@code createdAt}, {@code expiresAt}); empty for a complete session. The prototype's file holds
 *     entries known only by part of their fields; they are kept, and say here why they cannot pair: without a token
 *     the hash is null and no token matches; an unknown instant holds a stand-in (the Unix epoch for {@code
 *     createdAt}, {@code createdAt} for {@code expiresAt}, which makes the session expired)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Session(
    @JsonProperty("id") String id,
    @JsonProperty("tokenHash") String tokenHash,
    @JsonProperty("createdAt") Instant createdAt,
    @JsonProperty("expiresAt") Instant expiresAt,
    @JsonProperty("revoked") boolean revoked,
    @JsonProperty("connected") boolean connected,
    @JsonProperty("connectionId") String connectionId,
    @JsonProperty("connectedAt") Instant connectedAt,
    @JsonProperty("disconnectedAt") Instant disconnectedAt,
    @JsonProperty("lastSeenAt") Instant lastSeenAt,
    @JsonProperty("client") ClientInfo client,
    @JsonProperty("history") List<SessionEvent> history,
    @JsonProperty("missing") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missing) {

  /** How many history events a session keeps; older ones are dropped first. */
  public static final int HISTORY_LIMIT = 50;

  /** The {@link #missing} name of an entry without a token. */
  public static final String MISSING_TOKEN = "tokenHash";
  /** The {@link #missing} name of an entry without its creation instant. */
  public static final String MISSING_CREATED = "createdAt";
  /** The {@link #missing} name of an entry without its expiry instant. */
  public static final String MISSING_EXPIRY = "expiresAt";

  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    history = history == null ? List.of() : List.copyOf(history);
    missing = missing == null ? List.of() : List.copyOf(missing);
  }

  /** A complete session (nothing {@link #missing}). */
  public Session(String id, String tokenHash, Instant createdAt, Instant expiresAt, boolean revoked, boolean connected,
      String connectionId, Instant connectedAt, Instant disconnectedAt, Instant lastSeenAt, ClientInfo client,
      List<SessionEvent> history) {
    this(id, tokenHash, createdAt, expiresAt, revoked, connected, connectionId, connectedAt, disconnectedAt,
        lastSeenAt, client, history, List.of());
  }

  /** This session with another {@code tokenHash} (a pairing code exchanged for a secret); everything else kept. */
  public Session withTokenHash(String newTokenHash) {
    return new Session(id, newTokenHash, createdAt, expiresAt, revoked, connected, connectionId, connectedAt,
        disconnectedAt, lastSeenAt, client, history, missing);
  }

  /** Whether the session has expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
