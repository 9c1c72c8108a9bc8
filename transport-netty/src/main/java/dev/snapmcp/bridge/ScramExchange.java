package dev.snapmcp.bridge;

import dev.snapmcp.core.Scram;
import dev.snapmcp.core.Session;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The bridge's side of one SCRAM-SHA-256 handshake ({@link Scram}; docs/protocol.md, "Handshake"): the challenge for
 * a hello, then the check of the browser's proof and the bridge's own signature. An unknown, revoked or pre-SCRAM
 * session gets a challenge like any other, its salt derived from the id with a key of this process (the same id gets
 * the same salt; ids cannot be probed), and fails at the proof, which costs one HMAC and one hash like a real one.
 *
 * <p>A session's token is at first its pairing code, which may stay readable in the page it was given to. The first
 * handshake that proves the code exchanges it for a secret both ends derive from this exchange ({@link
 * #rekeyedVerifier()}, {@link Scram#rekeySecret}); from then on the code is used, and a proof made with it is told
 * apart ({@link Outcome#CODE_USED}) from a wrong one.
 */
final class ScramExchange {

  /** What a browser nonce may be: printable, no comma (it goes into the auth message), 16 to 64 characters. */
  private static final Pattern NONCE = Pattern.compile("[\\x21-\\x2b\\x2d-\\x7e]{16,64}");

  private static final byte[] FAKE_SALT_KEY = new byte[32];
  private static final byte[] UNUSABLE_KEY = new byte[32];

  static {
    SecureRandom random = new SecureRandom();
    random.nextBytes(FAKE_SALT_KEY);
    random.nextBytes(UNUSABLE_KEY);
  }

  /** What a proof proved. */
  enum Outcome { PROVEN, CODE_USED, WRONG }

  private final String session;
  /** The stored form the verifier was read from: a re-key replaces it only if it is still this (one use wins). */
  private final String storedForm;
  private final Scram.Verifier verifier;
  private final boolean usable;
  private final boolean expired;
  private final String clientNonce;
  private final String nonce;

  private ScramExchange(String session, Session stored, String clientNonce, Instant now) {
    this.session = session;
    this.storedForm = stored == null ? null : stored.tokenHash();
    Scram.Verifier real =
        stored == null || stored.revoked() ? null : Scram.Verifier.parse(stored.tokenHash()).orElse(null);
    this.usable = real != null;
    this.verifier = real != null ? real : new Scram.Verifier(
        Arrays.copyOf(Scram.hmac(FAKE_SALT_KEY, session), 16), Scram.ITERATIONS, UNUSABLE_KEY, UNUSABLE_KEY);
    this.expired = stored != null && stored.isExpiredAt(now);
    this.clientNonce = clientNonce;
    this.nonce = clientNonce + Scram.newNonce();
  }

  static boolean validNonce(String nonce) {
    return nonce != null && NONCE.matcher(nonce).matches();
  }

  /** The exchange for a hello of {@code session} ({@code stored}: what the store holds, or null). */
  static ScramExchange start(String session, Session stored, String clientNonce, Instant now) {
    return new ScramExchange(session, stored, clientNonce, now);
  }

  String session() {
    return session;
  }

  Frame.Challenge challenge() {
    return new Frame.Challenge(nonce, Scram.base64(verifier.salt()), verifier.iterations());
  }

  private String authMessage() {
    return Scram.authMessage(session, clientNonce, nonce, Scram.base64(verifier.salt()), verifier.iterations());
  }

  /**
   * What the proof proves for this session's verifier and this exchange's nonces: its token, its used pairing code,
   * or nothing. Both checks are always made.
   */
  Outcome verify(Frame.Proof proof) {
    boolean sameNonce = nonce.equals(proof.nonce());
    byte[] bytes = Scram.fromBase64(proof.proof());
    boolean proves = Scram.verifyClientProof(verifier, authMessage(), bytes);
    boolean usedCode = Scram.verifyUsedCodeProof(verifier, authMessage(), bytes);
    if (!usable || !sameNonce) {
      return Outcome.WRONG;
    }
    return proves ? Outcome.PROVEN : usedCode ? Outcome.CODE_USED : Outcome.WRONG;
  }

  /** Whether the token just proved is still the pairing code, which this handshake must exchange for a secret. */
  boolean needsRekey() {
    return usable && !verifier.isRekeyed();
  }

  /** The stored {@code tokenHash} this exchange's verifier was read from. */
  String storedForm() {
    return storedForm;
  }

  /**
   * The stored form of the verifier that replaces the pairing code's: of the secret derived from this exchange (the
   * browser derives the same from the code), keeping the code's StoredKey. Costs one PBKDF2: not for an event loop.
   */
  String rekeyedVerifier() {
    return verifier.rekeyed(Scram.rekeySecret(verifier.serverKey(), authMessage())).encode();
  }

  /** Whether the session had expired when the hello came (told only to a browser that proved the token). */
  boolean expired() {
    return expired;
  }

  /** The bridge's proof that it holds the verifier; {@code rekey}: the browser is to use the derived secret now. */
  Frame.Proven proven(boolean rekey) {
    return new Frame.Proven(Scram.base64(Scram.serverSignature(verifier.serverKey(), authMessage())),
        rekey ? Boolean.TRUE : null);
  }
}
