package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** RFC 7677's SCRAM-SHA-256 test vector (section 3), through the same functions the bridge and FakeBrowser use. */
class ScramTest {

  static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
  static final String NONCE = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
  static final String PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  static final String SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
  /**
   * The secret RFC 7677's exchange would trade the password for: base64url(HMAC(ServerKey, "snap-mcp secret," +
   * AuthMessage)), computed apart (Python's hmac and hashlib); the extension's test/scram.test.mjs holds the same.
   */
  static final String REKEYED = "YNRZyd6AYKk3l7sQhqi4mibCPSYXQE3CFTV2OrTdHmA";

  @Test
  void rfc7677Vector() {
    String auth = Scram.authMessage("user", CLIENT_NONCE, NONCE, SALT, 4096);
    byte[] salt = Base64.getDecoder().decode(SALT);
    byte[] salted = Scram.saltedPassword("pencil", salt, 4096);
    assertEquals(PROOF, Scram.base64(Scram.clientProof(salted, auth)));
    Scram.Verifier v = Scram.of("pencil", salt, 4096);
    assertEquals(SERVER_SIGNATURE, Scram.base64(Scram.serverSignature(v.serverKey(), auth)));
    assertTrue(Scram.verifyClientProof(v, auth, Base64.getDecoder().decode(PROOF)));
    byte[] wrong = Base64.getDecoder().decode(PROOF);
    wrong[0] ^= 1;
    assertFalse(Scram.verifyClientProof(v, auth, wrong));
    assertFalse(Scram.verifyClientProof(v, auth, new byte[3]));
  }

  @Test
  void aVerifierSurvivesItsStoredFormAndKnowsItsToken() {
    Scram.Verifier v = Scram.newVerifier("tok");
    Scram.Verifier back = Scram.Verifier.parse(v.encode()).orElseThrow();
    assertArrayEquals(v.storedKey(), back.storedKey());
    assertArrayEquals(v.serverKey(), back.serverKey());
    assertTrue(back.matches("tok"));
    assertFalse(back.matches("tok2"));
    assertTrue(Scram.Verifier.parse("sha256:00").isEmpty());
    assertTrue(Scram.Verifier.parse("scram-sha-256:x:y").isEmpty());
  }

  @Test
  void theSecretACodeIsExchangedForMatchesTheSharedVector() {
    String auth = Scram.authMessage("user", CLIENT_NONCE, NONCE, SALT, 4096);
    Scram.Verifier v = Scram.of("pencil", Base64.getDecoder().decode(SALT), 4096);
    assertEquals(REKEYED, Scram.rekeySecret(v.serverKey(), auth));
  }

  @Test
  void aRekeyedVerifierKnowsTheSecretAndRecognisesTheUsedCode() {
    byte[] salt = Base64.getDecoder().decode(SALT);
    String auth = Scram.authMessage("user", CLIENT_NONCE, NONCE, SALT, 4096);
    Scram.Verifier code = Scram.of("pencil", salt, 4096);
    assertFalse(code.isRekeyed());
    Scram.Verifier rekeyed = code.rekeyed(REKEYED);
    String stored = rekeyed.encode();
    assertEquals(stored.split(":").length, code.encode().split(":").length + 1, stored);
    Scram.Verifier back = Scram.Verifier.parse(stored).orElseThrow();
    assertTrue(back.isRekeyed());
    assertTrue(back.matches(REKEYED));
    assertFalse(back.matches("pencil"));
    byte[] codeProof = Base64.getDecoder().decode(PROOF);
    assertFalse(Scram.verifyClientProof(back, auth, codeProof));
    assertTrue(Scram.verifyUsedCodeProof(back, auth, codeProof));
    assertFalse(Scram.verifyUsedCodeProof(code, auth, codeProof), "a code not yet exchanged is not a used one");
    byte[] secretProof = Scram.clientProof(Scram.saltedPassword(REKEYED, salt, 4096), auth);
    assertTrue(Scram.verifyClientProof(back, auth, secretProof));
    assertFalse(Scram.verifyUsedCodeProof(back, auth, secretProof));
    // A stored form of before the exchange (four fields) still reads as a code not yet used.
    assertFalse(Scram.Verifier.parse(code.encode()).orElseThrow().isRekeyed());
  }
}
