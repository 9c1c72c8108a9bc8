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

  private final String session;
  private final Scram.Verifier verifier;
  private final boolean usable;
  private final boolean expired;
  private final String clientNonce;
  private final String nonce;

  private ScramExchange(String session, Session stored, String clientNonce, Instant now) {
    this.session = session;
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

  /** Whether the proof is right for this session's verifier and this exchange's nonces. */
  boolean verify(Frame.Proof proof) {
    boolean sameNonce = nonce.equals(proof.nonce());
    boolean proves = Scram.verifyClientProof(verifier, authMessage(), Scram.fromBase64(proof.proof()));
    return usable && sameNonce && proves;
  }

  /** Whether the session had expired when the hello came (told only to a browser that proved the token). */
  boolean expired() {
    return expired;
  }

  /** The bridge's proof that it holds the verifier. */
  Frame.Proven proven() {
    return new Frame.Proven(Scram.base64(Scram.serverSignature(verifier.serverKey(), authMessage())));
  }
}
