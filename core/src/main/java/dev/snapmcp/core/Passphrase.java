package dev.snapmcp.core;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A teacher's passphrase as {@code teach.json} keeps it: PBKDF2-HMAC-SHA256 with a 16-byte salt from SecureRandom and
 * {@link #ITERATIONS} rounds (a human passphrase is guessable, so the hash must be slow; the count is stored, so it can
 * grow later), compared in constant time. The passphrase itself is never stored or logged.
 *
 * @param iterations PBKDF2 rounds
 * @param salt base64
 * @param hash base64, 32 bytes
 */
public record Passphrase(int iterations, String salt, String hash) {

  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (about 0.3 s here: paid once per teach command). */
  public static final int ITERATIONS = 600_000;

  static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The stored form of {@code passphrase}, with a fresh salt. */
  public static Passphrase of(char[] passphrase) {
    return of(passphrase, ITERATIONS);
  }

  static Passphrase of(char[] passphrase, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return new Passphrase(iterations, b64.encodeToString(salt), b64.encodeToString(derive(passphrase, salt, iterations)));
  }

  /** Whether {@code attempt} is the passphrase (constant time in the hash comparison). */
  public boolean matches(char[] attempt) {
    byte[] salt = Base64.getDecoder().decode(this.salt);
    byte[] expected = Base64.getDecoder().decode(hash);
    byte[] actual = derive(attempt, salt, iterations);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(char[] passphrase, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every Java 17", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public String toString() {
    return "Passphrase[PBKDF2, " + iterations + " rounds]"; // never the hash, not even in a log line
  }
}
