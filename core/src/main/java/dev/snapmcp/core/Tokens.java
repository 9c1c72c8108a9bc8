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

  static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * What {@link SessionStore#verifyToken} answers for {@code token} and the stored session {@code s} (null when there
   * is none): the token is hashed and compared in constant time whether or not the session exists or has a hash.
   */
  static SessionStore.TokenCheck check(Session s, String token, Instant now) {
    String offered = hash(token == null ? "" : token);
    String stored = s == null || s.tokenHash() == null ? UNKNOWN_SESSION_HASH : s.tokenHash();
    boolean matches = hashesEqual(offered, stored);
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
