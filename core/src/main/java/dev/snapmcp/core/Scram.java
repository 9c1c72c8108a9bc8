package dev.snapmcp.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 (RFC 5802 with RFC 7677's hash), the proof both ends of the WebSocket give that they hold a session's
 * token without sending it (docs/protocol.md, "Handshake"). Chosen because it is a standard, needs only HMAC, SHA-256
 * and PBKDF2 (WebCrypto and the JDK have all three), proves both sides with fresh nonces from each, and lets the store
 * keep a verifier (salt, iterations, StoredKey, ServerKey) from which neither the token nor a client proof can be
 * made. The "password" is the session's token, the "user" its session id; the auth message is RFC 5802's string, so
 * RFC 7677's test vector checks every implementation.
 */
public final class Scram {

  /**
   * The stored form's prefix: {@code scram-sha-256:ITERATIONS:SALT:STOREDKEY:SERVERKEY}, standard base64, and after
   * the session's first handshake (a pairing code exchanged for a secret) {@code :USEDKEY}, the used code's StoredKey.
   */
  public static final String PREFIX = "scram-sha-256:";
  /**
   * What the secret a pairing code is exchanged for is derived with: {@code secret = HMAC(ServerKey, REKEY_LABEL +
   * AuthMessage)} (docs/protocol.md, "The pairing code is used once"). The extension has a generated copy.
   */
  public static final String REKEY_LABEL = "snap-mcp secret,";
  /** RFC 7677's recommended minimum; the token is 256 random bits, so this guards nothing but costs little. */
  public static final int ITERATIONS = 4096;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private Scram() {}

  /**
   * What the store keeps of a token.
   *
   * @param usedKey null while the token is the pairing code itself; once the code has been exchanged for a secret
   *     ({@link #rekeyed}), the code's StoredKey, so that a later proof made with the used code is recognised (and
   *     refused as {@code code_used}) rather than taken for a wrong token
   */
  public record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey, byte[] usedKey) {

    /** A verifier of a token that has not replaced a pairing code. */
    public Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
      this(salt, iterations, storedKey, serverKey, null);
    }

    /** The stored form ({@link #PREFIX}). */
    public String encode() {
      return PREFIX + iterations + ":" + B64.encodeToString(salt) + ":" + B64.encodeToString(storedKey) + ":"
          + B64.encodeToString(serverKey) + (usedKey == null ? "" : ":" + B64.encodeToString(usedKey));
    }

    /** Whether this verifier's token is the secret a pairing code was exchanged for (the code is used). */
    public boolean isRekeyed() {
      return usedKey != null;
    }

    /**
     * The verifier of {@code secretToken}, which replaces this one's token (a pairing code), keeping the code's
     * StoredKey. Same salt and iterations: the challenge, sent before the bridge knows which token the browser holds,
     * carries one salt, and a proof made with the used code can be checked against its StoredKey only under the salt
     * it was made with. (Both tokens are 256 random bits, so a shared salt costs nothing.)
     */
    public Verifier rekeyed(String secretToken) {
      Verifier next = of(secretToken, salt, iterations);
      return new Verifier(next.salt, iterations, next.storedKey, next.serverKey, storedKey.clone());
    }

    /** The verifier in a stored {@code tokenHash}, if it is one. */
    public static Optional<Verifier> parse(String stored) {
      if (stored == null || !stored.startsWith(PREFIX)) {
        return Optional.empty();
      }
      String[] parts = stored.substring(PREFIX.length()).split(":", -1);
      try {
        if (parts.length != 4 && parts.length != 5) {
          return Optional.empty();
        }
        int iterations = Integer.parseInt(parts[0]);
        if (iterations < 1 || iterations > 1_000_000) {
          return Optional.empty();
        }
        return Optional.of(new Verifier(B64D.decode(parts[1]), iterations, B64D.decode(parts[2]),
            B64D.decode(parts[3]), parts.length == 5 ? B64D.decode(parts[4]) : null));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    /** Whether {@code token} is the one this verifier was made from (constant time in the keys). */
    public boolean matches(String token) {
      Verifier other = of(token == null ? "" : token, salt, iterations);
      return MessageDigest.isEqual(storedKey, other.storedKey);
    }
  }

  /** A verifier of {@code token} with a fresh random 16-byte salt. */
  public static Verifier newVerifier(String token) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return of(token, salt, ITERATIONS);
  }

  /** The verifier of {@code token} with this salt and iteration count. */
  public static Verifier of(String token, byte[] salt, int iterations) {
    byte[] salted = saltedPassword(token, salt, iterations);
    return new Verifier(salt.clone(), iterations, sha256(clientKey(salted)), hmac(salted, "Server Key"));
  }

  /** Hi(): PBKDF2 with HMAC-SHA-256, 32 bytes. */
  public static byte[] saltedPassword(String token, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(token.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
    }
  }

  public static byte[] clientKey(byte[] saltedPassword) {
    return hmac(saltedPassword, "Client Key");
  }

  /**
   * RFC 5802's AuthMessage: {@code n=SESSION,r=CNONCE} + {@code ,r=NONCE,s=SALT,i=ITER} + {@code ,c=biws,r=NONCE}.
   */
  public static String authMessage(String session, String clientNonce, String nonce, String salt, int iterations) {
    return "n=" + session + ",r=" + clientNonce + ",r=" + nonce + ",s=" + salt + ",i=" + iterations + ",c=biws,r="
        + nonce;
  }

  /** ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage). */
  public static byte[] clientProof(byte[] saltedPassword, String authMessage) {
    byte[] clientKey = clientKey(saltedPassword);
    return xor(clientKey, hmac(sha256(clientKey), authMessage));
  }

  /** Whether {@code proof} proves the token behind {@code v} for this auth message (constant time). */
  public static boolean verifyClientProof(Verifier v, String authMessage, byte[] proof) {
    byte[] signature = hmac(v.storedKey(), authMessage);
    if (proof == null || proof.length != signature.length) {
      return false;
    }
    return MessageDigest.isEqual(sha256(xor(proof, signature)), v.storedKey());
  }

  /**
   * Whether {@code proof} was made for this auth message with the pairing code {@code v} replaced ({@link
   * Verifier#usedKey}); false for a verifier that replaced none. Constant time.
   */
  public static boolean verifyUsedCodeProof(Verifier v, String authMessage, byte[] proof) {
    byte[] used = v.usedKey() == null ? v.storedKey() : v.usedKey();
    boolean proves = verifyClientProof(new Verifier(v.salt(), v.iterations(), used, v.serverKey()), authMessage, proof);
    return v.usedKey() != null && proves;
  }

  /**
   * The secret a pairing code is exchanged for at the session's first handshake, as a token: base64url without
   * padding of {@code HMAC(ServerKey, REKEY_LABEL + AuthMessage)}. Both ends can compute it (the browser from the code,
   * the bridge from the verifier); someone who only read the code cannot, for lack of this exchange's nonces.
   */
  public static String rekeySecret(byte[] serverKey, String authMessage) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(serverKey, REKEY_LABEL + authMessage));
  }

  /** ServerSignature = HMAC(ServerKey, AuthMessage). */
  public static byte[] serverSignature(byte[] serverKey, String authMessage) {
    return hmac(serverKey, authMessage);
  }

  /** A nonce: 18 random bytes, base64url (24 printable characters, no comma). */
  public static String newNonce() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String base64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  /** Standard base64, or null when {@code text} is not. */
  public static byte[] fromBase64(String text) {
    try {
      return text == null ? null : B64D.decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
