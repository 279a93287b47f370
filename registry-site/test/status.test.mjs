// Unit tests for the verdict from status files (registry-site/site/assets/status.js).
// Run: node --test registry-site/test/
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { base64urlEncode, VerifyError, isHighS } from '../site/assets/verify.js';
import { verifyStatusList, entryValue, decideFromFiles, usableDocument, COMPACT_ID } from '../site/assets/status.js';

const subtle = webcrypto.subtle;
const enc = new TextEncoder();
const KID = 'op-2026-1';
let key;
let jwks;
const NOW = Date.parse('2026-12-01T00:00:00Z');
const iat = NOW / 1000 - 600;
const CLAIMS = { v: 1, id: 'JC26-4F7K2M9Q', lv: 1, m: ['A'], p: 'P', vn: 'V', c: 'router', se: '2030-03-31', iat: 1767225600, exp: 1830297600, s: [1, 123] };

before(async () => {
  key = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const pub = await subtle.exportKey('jwk', key.publicKey);
  jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: pub.x, y: pub.y, kid: KID, alg: 'ES256', use: 'sig' }] };
});

async function token({ header = { alg: 'ES256', kid: KID, typ: 'statuslist+jwt' }, sub = 'https://x.example/v1/status-lists/1', entries = {}, exp = iat + 3 * 86400, ttl = 60, signer } = {}) {
  const bytes = new Uint8Array(131072 / 4);
  for (const [i, v] of Object.entries(entries)) bytes[i >> 2] |= v << ((i & 3) * 2);
  const payload = { sub, iat, exp, ttl, status_list: { bits: 2, lst: base64urlEncode(new Uint8Array(deflateSync(bytes, { level: 9 }))) } };
  const input = base64urlEncode(enc.encode(JSON.stringify(header))) + '.' + base64urlEncode(enc.encode(JSON.stringify(payload)));
  const sig = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, (signer || key).privateKey, enc.encode(input)));
  return input + '.' + base64urlEncode(lowS(sig));
}

// WebCrypto draws s either way; the registry signs low-s (and the verifier refuses high-s), so the lists here are too
const N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551n;
function lowS(sig) {
  if (!isHighS(sig)) return sig;
  let s = 0n;
  for (const b of sig.subarray(32)) s = (s << 8n) | BigInt(b);
  let t = N - s;
  const out = new Uint8Array(sig);
  for (let i = 63; i >= 32; i--) { out[i] = Number(t & 0xffn); t >>= 8n; }
  return out;
}

test('reads the entries of a signed list, least significant bits first', async () => {
  const list = await verifyStatusList(await token({ entries: { 123: 1, 124: 2, 127: 3 } }), jwks, 1, subtle);
  assert.equal(list.iat, iat);
  assert.equal(list.ttl, 60);
  assert.deepEqual([122, 123, 124, 125, 127].map((i) => entryValue(list.lst, i)), [0, 1, 2, 0, 3]);
  assert.throws(() => entryValue(list.lst, 131072), VerifyError);
});

test('refuses a list of another number, another key, a changed payload or another typ', async () => {
  const bad = async (t, n = 1) => assert.rejects(verifyStatusList(t, jwks, n, subtle), (e) => e instanceof VerifyError);
  await bad(await token(), 2);
  await bad(await token({ signer: await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']) }));
  await bad(await token({ header: { alg: 'ES256', kid: KID, typ: 'JWT' } }));
  const t = await token();
  const [h, p, s] = t.split('.');
  await bad(`${h}.${base64urlEncode(enc.encode(atob(p.replace(/-/g, '+').replace(/_/g, '/')).replace('"ttl":60', '"ttl":61')))}.${s}`);
});

test('valid only from entry 0 of a list in date; a passed date is a sure negative', () => {
  const list = { iat, exp: iat + 86400, ttl: 60 };
  assert.equal(decideFromFiles(CLAIMS, { kind: 'ok', list, value: 0 }, NOW).verdict, 'valid');
  assert.equal(decideFromFiles(CLAIMS, { kind: 'unavailable' }, NOW).verdict, 'unavailable');
  assert.equal(decideFromFiles({ ...CLAIMS, exp: NOW / 1000 - 1 }, { kind: 'ok', list, value: 0 }, NOW).verdict, 'expired');
  assert.equal(decideFromFiles({ ...CLAIMS, se: '2026-01-01' }, { kind: 'unavailable' }, NOW).verdict, 'support-ended');
  const stale = { iat, exp: NOW / 1000, ttl: 60 };
  assert.equal(decideFromFiles(CLAIMS, { kind: 'ok', list: stale, value: 0 }, NOW).verdict, 'stale');
  assert.equal(decideFromFiles(CLAIMS, { kind: 'ok', list: stale, value: 2 }, NOW).verdict, 'stale', 'a suspension may have been lifted');
  assert.equal(decideFromFiles(CLAIMS, { kind: 'ok', list: stale, value: 1 }, NOW).verdict, 'revoked', 'revocation is final');
});

test('reason and date come from a status document only when it explains the entry', () => {
  const list = { iat, exp: iat + 86400, ttl: 60 };
  const doc = { id: CLAIMS.id, status: 'revoked', reason: 'nonconformity', statusEffectiveAt: '2026-11-30T00:00:00Z', s: [1, 123] };
  const d = decideFromFiles(CLAIMS, { kind: 'ok', list, value: 1, doc }, NOW);
  assert.deepEqual([d.verdict, d.reason, d.effectiveAt], ['revoked', 'nonconformity', '2026-11-30T00:00:00Z']);
  const mismatch = decideFromFiles(CLAIMS, { kind: 'ok', list, value: 2, doc }, NOW);
  assert.deepEqual([mismatch.verdict, mismatch.reason], ['suspended', null], 'the signed list decides, the document only explains');
  assert.equal(usableDocument({ ...doc, s: [1, 124] }, CLAIMS, 1), null);
  assert.equal(usableDocument({ ...doc, id: 'JC26-00000000' }, CLAIMS, 1), null);
  assert.equal(decideFromFiles(CLAIMS, { kind: 'ok', list, value: 3 }, NOW).verdict, 'support-ended');
});

test('the compact form is a registration number, never a numeric form or a JWS', () => {
  assert.ok(COMPACT_ID.test('JC26-4F7K2M9Q'));
  for (const s of ['2012345', 'eyJhbGciOi', 'JC26-4F7K2M9', 'jc26-4f7k2m9q', 'JC26-4F7K2M9U']) assert.ok(!COMPACT_ID.test(s), s);
});
