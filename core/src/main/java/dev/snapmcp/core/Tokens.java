package dev.snapmcp.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/** Session ids, tokens and token hashes. Tokens never leave this class except to the caller that created them. */
final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  /** Compared against when the session is unknown, so an unknown id costs the same as a wrong token. */
  static final String UNKNOWN_SESSION_HASH = "sha256:" + "0".repeat(64);

  private Tokens() {}

  /** {@code sess_} and 16 base64url characters (96 random bits). */
  static String newSessionId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "sess_" + BASE64URL.encodeToString(bytes);
  }

  /** 256 random bits, base64url without padding (43 characters). */
  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** What the store keeps of a token: its SCRAM-SHA-256 verifier ({@link Scram.Verifier#encode()}). */
  static String hash(String token) {
    return Scram.newVerifier(token).encode();
  }

  /**
   * The verifier of a token read from the prototype's file, with a salt derived from the session id: reading the same
   * file twice (each process, each parser) gives the same stored form.
   */
  static String hashForMigration(String id, String token) {
    byte[] salt = java.util.Arrays.copyOf(Scram.sha256(("snap-mcp prototype " + id).getBytes(StandardCharsets.UTF_8)), 16);
    return Scram.of(token, salt, Scram.ITERATIONS).encode();
  }

  /** Whether {@code token} matches a stored {@code tokenHash} (a SCRAM verifier, or a store's older {@code sha256:}). */
  static boolean matches(String stored, String token) {
    Scram.Verifier v = Scram.Verifier.parse(stored).orElse(UNKNOWN);
    boolean scram = v.matches(token); // always computed, whether or not the id exists
    boolean legacy = hashesEqual(sha256(token), stored == null ? UNKNOWN_SESSION_HASH : stored);
    return stored != null && (scram || legacy);
  }

  /** Checked against when the session is unknown or has no verifier, so every failure costs the same. */
  static final Scram.Verifier UNKNOWN = Scram.of("", new byte[16], Scram.ITERATIONS);

  static String sha256(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * What {@link SessionStore#verifyToken} answers for {@code token} and the stored session {@code s} (null when there
   * is none): the token is checked against the stored verifier (a stand-in's when there is none), costing the same either way.
   */
  static SessionStore.TokenCheck check(Session s, String token, Instant now) {
    boolean matches = matches(s == null ? null : s.tokenHash(), token == null ? "" : token);
    if (s == null || !matches || s.revoked()) {
      return SessionStore.TokenCheck.REJECTED;
    }
    return s.isExpiredAt(now) ? SessionStore.TokenCheck.EXPIRED : SessionStore.TokenCheck.VALID;
  }

  /** Constant-time comparison of two hashes (both always computed, whatever the outcome). */
  static boolean hashesEqual(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
