// RFC 7677's SCRAM-SHA-256 test vector (section 3) through the worker's handshake code, and what it refuses.
import test from 'node:test';
import assert from 'node:assert/strict';
import {authMessage, clientProof, fromBase64, saltedPassword, secret, serverSignature, startHandshake, toBase64}
  from '../worker/scram.js';

const CLIENT_NONCE = 'rOprNGfwEbeRWgbNEkqO';
const NONCE = 'rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const SALT = 'W22ZaJ0SNY7soEsUEjb6gQ==';
const PROOF = 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SIGNATURE = '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

test('RFC 7677 vector: ClientProof and ServerSignature', async () => {
  const auth = authMessage('user', CLIENT_NONCE, NONCE, SALT, 4096);
  const salted = await saltedPassword('pencil', fromBase64(SALT), 4096);
  assert.equal(toBase64(await clientProof(salted, auth)), PROOF);
  assert.equal(toBase64(await serverSignature(salted, auth)), SIGNATURE);
});

test('the handshake sends no token, proves, and checks the bridge', async () => {
  const h = startHandshake({session: 'user', token: 'pencil'}, CLIENT_NONCE);
  const hello = h.hello();
  assert.deepEqual(hello, {type: 'hello', handshake: 2, session: 'user', nonce: CLIENT_NONCE});
  const proof = await h.proofFor({type: 'challenge', nonce: NONCE, salt: SALT, iterations: 4096});
  assert.deepEqual(proof, {type: 'proof', nonce: NONCE, proof: PROOF});
  assert.equal(JSON.stringify([hello, proof]).includes('pencil'), false);
  assert.equal(await h.bridgeProven({type: 'proven', serverSignature: SIGNATURE}), true);
  assert.equal(await h.bridgeProven({type: 'proven', serverSignature: PROOF}), false);
});

test('an impostor: a challenge for another nonce, or a signature before any proof, is refused', async () => {
  const h = startHandshake({session: 'user', token: 'pencil'}, CLIENT_NONCE);
  assert.equal(await h.bridgeProven({type: 'proven', serverSignature: SIGNATURE}), false);
  assert.equal(await h.proofFor({nonce: 'someoneElse' + NONCE, salt: SALT, iterations: 4096}), null);
  assert.equal(await h.proofFor({nonce: CLIENT_NONCE, salt: SALT, iterations: 4096}), null);
  assert.equal(await h.proofFor({nonce: NONCE, salt: SALT, iterations: 1e9}), null);
});

// The secret a pairing code is exchanged for (docs/protocol.md, "The pairing code is used once"), for RFC 7677's
// exchange; core's ScramTest holds the same vector (computed apart, with Python's hmac and hashlib).
const REKEYED = 'YNRZyd6AYKk3l7sQhqi4mibCPSYXQE3CFTV2OrTdHmA';

test('the code is exchanged for the secret Java derives, only when the bridge says so', async () => {
  const auth = authMessage('user', CLIENT_NONCE, NONCE, SALT, 4096);
  assert.equal(await secret(await saltedPassword('pencil', fromBase64(SALT), 4096), auth), REKEYED);
  const h = startHandshake({session: 'user', token: 'pencil'}, CLIENT_NONCE);
  await h.proofFor({type: 'challenge', nonce: NONCE, salt: SALT, iterations: 4096});
  assert.equal(await h.exchangedToken({type: 'proven', serverSignature: SIGNATURE, rekey: true}), null,
    'nothing before the bridge proved itself');
  assert.equal(await h.bridgeProven({type: 'proven', serverSignature: SIGNATURE, rekey: true}), true);
  assert.equal(await h.exchangedToken({type: 'proven', serverSignature: SIGNATURE, rekey: true}), REKEYED);
  assert.equal(await h.exchangedToken({type: 'proven', serverSignature: SIGNATURE}), null);
});

test('an impostor cannot make the worker switch tokens', async () => {
  const h = startHandshake({session: 'user', token: 'pencil'}, CLIENT_NONCE);
  await h.proofFor({type: 'challenge', nonce: NONCE, salt: SALT, iterations: 4096});
  assert.equal(await h.bridgeProven({type: 'proven', serverSignature: PROOF, rekey: true}), false);
  assert.equal(await h.exchangedToken({type: 'proven', serverSignature: PROOF, rekey: true}), null);
});
