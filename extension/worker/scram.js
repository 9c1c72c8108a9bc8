// snap-mcp, service worker: the extension's side of the SCRAM-SHA-256 handshake (RFC 5802 with RFC 7677's hash,
// over JSON frames; docs/protocol.md, "Handshake"). The token never leaves the extension: the worker proves it holds it
// (ClientProof) and, before it sends anything about the tab or runs any command, checks that the bridge proves it holds
// the session's verifier (ServerSignature). The "user" is the session id, the "password" the token; the auth message
// is RFC 5802's string, so RFC 7677's test vector checks this file (test/scram.test.mjs).
//
// The pairing code is used once: it may stay readable in the page it came in (the navigation entry keeps the whole
// address), so the session's first handshake exchanges it for a secret both ends derive from that handshake's nonces
// (secret(), below), which someone who only read the code cannot compute. The bridge says so in `proven` (rekey: true)
// and from then on knows only the secret; the worker keeps the secret instead of the code (pairings.js).
import '../constants.js';

const {rekeyLabel} = globalThis.snapMcpConstants;

export const HANDSHAKE = 2;
const MAX_ITERATIONS = 1000000;
const enc = new TextEncoder();

export function toBase64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text) {
  try {
    const s = atob(String(text));
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  } catch (e) {
    return null;
  }
}

async function hmac(key, message) {
  const k = await crypto.subtle.importKey('raw', key, {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, enc.encode(message)));
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** Hi(): PBKDF2 with HMAC-SHA-256, 32 bytes. */
export async function saltedPassword(token, salt, iterations) {
  const k = await crypto.subtle.importKey('raw', enc.encode(token), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({name: 'PBKDF2', hash: 'SHA-256', salt, iterations}, k, 256));
}

/** RFC 5802's AuthMessage: client-first-bare, server-first, client-final-without-proof. */
export function authMessage(session, clientNonce, nonce, salt, iterations) {
  return `n=${session},r=${clientNonce},r=${nonce},s=${salt},i=${iterations},c=biws,r=${nonce}`;
}

/** ClientProof = ClientKey XOR HMAC(H(ClientKey), AuthMessage). */
export async function clientProof(salted, auth) {
  const clientKey = await hmac(salted, 'Client Key');
  const signature = await hmac(await sha256(clientKey), auth);
  return clientKey.map((b, i) => b ^ signature[i]);
}

/** ServerSignature = HMAC(HMAC(SaltedPassword, "Server Key"), AuthMessage). */
export async function serverSignature(salted, auth) {
  return hmac(await hmac(salted, 'Server Key'), auth);
}

/**
 * The secret a pairing code is exchanged for, as the token from now on: base64url (no padding) of
 * HMAC(ServerKey, "snap-mcp secret," + AuthMessage) (docs/protocol.md, "The pairing code is used once").
 */
export async function secret(salted, auth) {
  const bytes = await hmac(await hmac(salted, 'Server Key'), rekeyLabel + auth);
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Equal bytes, looking at every byte whatever the outcome. */
export function sameBytes(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export function newNonce() {
  return toBase64(crypto.getRandomValues(new Uint8Array(18))).replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * One handshake for a pairing ({session, token}): hello() is the first frame; proofFor(challenge) the answer to the
 * bridge's challenge (null: the challenge is not one a real bridge sends for our hello); bridgeProven(proven) whether
 * the bridge's signature is right. Only after true may the tab's data go out. Then exchangedToken(proven) is the
 * secret the code was exchanged for when the bridge says so (rekey: true), else null (the token stays).
 */
export function startHandshake(pairing, clientNonce = newNonce()) {
  let auth = null;
  let salted = null;
  let proved = false;
  return {
    hello() {
      return {type: 'hello', handshake: HANDSHAKE, session: pairing.session, nonce: clientNonce};
    },
    async proofFor(challenge) {
      const nonce = String(challenge.nonce || '');
      const salt = fromBase64(challenge.salt);
      const iterations = challenge.iterations;
      if (auth || !nonce.startsWith(clientNonce) || nonce.length <= clientNonce.length || !salt
        || !Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) return null;
      auth = authMessage(pairing.session, clientNonce, nonce, challenge.salt, iterations);
      salted = await saltedPassword(pairing.token, salt, iterations);
      return {type: 'proof', nonce, proof: toBase64(await clientProof(salted, auth))};
    },
    async bridgeProven(proven) {
      if (!salted) return false;
      proved = sameBytes(fromBase64(proven.serverSignature), await serverSignature(salted, auth));
      return proved;
    },
    async exchangedToken(proven) {
      return proved && proven.rekey === true ? secret(salted, auth) : null;
    },
  };
}
