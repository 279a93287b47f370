// A key compromise without reprinting in the browser (keystatus.js): the vectors of
// shared/core/src/test/resources/jp/jcstar/log/key-compromise/ were written by the Java end-to-end test
// (KeyCompromiseEndToEndTest, -Djcstar.writeKeyCompromiseVectors) from a registry whose key K was marked
// compromised after two labels; each label carries the answer the Java verifiers gave. keystatus.js must give
// the same answers from the same static files, and refuse a key-status document with a bad signature.
// Run from the repository root: node --test registry-site/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { verifyLabel } from '../site/assets/verify.js';
import { loadKeyStatus, decideKey, parseKeyStatus, openKeyStatus, KEY_STATUS_PATH, KEY_COMPROMISED } from '../site/assets/keystatus.js';
import { parseVerifierKey, LogError } from '../site/assets/tlog.js';

const DIR = new URL('../../shared/core/src/test/resources/jp/jcstar/log/key-compromise/', import.meta.url);
const subtle = webcrypto.subtle;
const file = (path) => {
  const u = new URL('files/' + path, DIR);
  return existsSync(u) ? new Uint8Array(readFileSync(u)) : null;
};
const text = (path) => {
  const b = file(path.replace(/^\//, ''));
  return b === null ? null : new TextDecoder().decode(b);
};
const cases = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8'));
const jwks = JSON.parse(text('/.well-known/jwks.json'));

test('the vectors hold a compromised key and labels on both sides of the mark', () => {
  const names = cases.labels.map((c) => c.name);
  assert.deepEqual(names, ['logged-before-1', 'logged-before-2', 'issued-after', 'forged-outside', 'forged-copy-of-id']);
  assert.deepEqual(cases.labels.map((c) => c.accepted), [true, true, false, false, false]);
});

const status = await loadKeyStatus({ subtle, fetchText: async (p) => text(p), fetchFile: async (p) => file(p) });

for (const c of cases.labels) {
  test(`${c.name}: the same answer as the Java verifiers`, async () => {
    const v = await verifyLabel(c.jws, { loadJwks: async () => jwks, subtle });
    assert.equal(v.kid, cases.kid, 'a genuine signature of the compromised key');
    const d = await decideKey({ subtle, status, kid: v.kid, labelId: v.claims.id, jws: v.compact, findIndex: async () => c.logIndex ?? null, fetchFile: async (p) => file(p) });
    assert.equal(d.accepted, c.accepted, d.detail);
    if (c.accepted) assert.equal(d.note, c.note);
    else assert.equal(d.code, c.reason);
  });
}

test('a label of a key that is not listed is left alone', async () => {
  const d = await decideKey({ subtle, status, kid: 'someOtherKid0000', labelId: 'X', jws: 'a.b.c', findIndex: async () => { throw new Error('not asked'); }, fetchFile: async () => null });
  assert.deepEqual(d, { accepted: true, note: null });
});

test('no document published: nothing is withdrawn', async () => {
  assert.equal(await loadKeyStatus({ subtle, fetchText: async () => null, fetchFile: async (p) => file(p) }), null);
});

test('a key-status document with a bad signature is refused (the page then accepts no label)', async () => {
  await assert.rejects(
    loadKeyStatus({ subtle, fetchText: async (p) => text(p === KEY_STATUS_PATH ? p + '-bad-signature' : p), fetchFile: async (p) => file(p) }),
    (e) => e instanceof LogError && e.code === 'signature');
});

test('a checkpoint, signed by the same key, is not a key-status document', async () => {
  const key = parseVerifierKey(text('/.well-known/jcstar-log-key'));
  await assert.rejects(openKeyStatus(subtle, text('/v1/log/checkpoint'), key), (e) => e instanceof LogError && e.code === 'key-status');
});

test('the parser refuses what the Java writer would not write', () => {
  const good = 'jcstar-key-status v1\nexample.org/log\n2026-12-01T00:00:00Z\ncompromised abcDEF0123456789 2026-11-30T00:00:00Z 42\n';
  assert.equal(parseKeyStatus(good).compromised[0].logSizeAtT, 42);
  for (const bad of [good.replace(' 42', ' 042'), good.replace('v1', 'v2'), good.replace('compromised ', 'withdrawn '), good.slice(0, -1)]) {
    assert.throws(() => parseKeyStatus(bad), LogError, bad);
  }
});

test('a refused label says why, in the reason code of the Java verifiers', async () => {
  const after = cases.labels.find((c) => c.name === 'issued-after');
  const v = await verifyLabel(after.jws, { loadJwks: async () => jwks, subtle });
  const d = await decideKey({ subtle, status, kid: v.kid, labelId: v.claims.id, jws: v.compact, findIndex: async () => after.logIndex, fetchFile: async (p) => file(p) });
  assert.equal(d.code, KEY_COMPROMISED);
  assert.match(d.detail, /logged as entry 2, after the 2 entries logged before the withdrawal$/);
});
