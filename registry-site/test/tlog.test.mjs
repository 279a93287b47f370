// The product page's transparency-log proofs (registry-site/site/assets/tlog.js): inclusion proofs
// computed from tlog-tiles files and checked with RFC 9162's algorithm against a reference tree built
// here by the RFC's recursive definition, for every tree size up to 300 and a two-level one; the signed
// checkpoint (Ed25519 signed note, a key made here per run) and its refusals.
// Run: node --test registry-site/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto, createHash } from 'node:crypto';
import {
  LogError, tileIndex, tilePath, bundlePath, leafHash, tileHashes, inclusionProof, verifyInclusion,
  openCheckpoint, parseVerifierKey, proveLogged,
} from '../site/assets/tlog.js';

const subtle = webcrypto.subtle;
const enc = new TextEncoder();
const sha = (...parts) => new Uint8Array(createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest());
const leaf = (e) => sha(Uint8Array.of(0), e);
const node = (l, r) => sha(Uint8Array.of(1), l, r);
// RFC 9162 §2.1.1 MTH, by its definition
function mth(leaves) {
  if (leaves.length === 0) return sha(new Uint8Array());
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

// a version-1 issuance entry of label `id` for the JWS text `jws`
function entry(id, jws) {
  const idb = enc.encode(id);
  const time = new Uint8Array(12);
  return Uint8Array.from([1, 1, idb.length, ...idb, ...sha(enc.encode(jws)), 0, 5, ...enc.encode('valid'), 0, ...time, ...time]);
}

// the files of a log of `entries` as the registry publishes them at that size (tlog-tiles)
function files(entries) {
  const out = new Map();
  const hashes = entries.map(leaf);
  const size = entries.length;
  for (let level = 0, row = hashes; row.length > 0; level++) {
    for (let n = 0; n * 256 < row.length; n++) {
      const w = Math.min(256, row.length - n * 256);
      out.set(tilePath(level, n, w), Buffer.concat(row.slice(n * 256, n * 256 + w)));
    }
    const up = [];
    for (let i = 0; (i + 1) * 256 <= row.length; i++) up.push(mth(row.slice(i * 256, (i + 1) * 256)));
    row = up;
  }
  for (let n = 0; n * 256 < size; n++) {
    const w = Math.min(256, size - n * 256);
    out.set(bundlePath(n, w), Buffer.concat(entries.slice(n * 256, n * 256 + w).flatMap((e) => [Buffer.from([e.length >> 8, e.length & 255]), Buffer.from(e)])));
  }
  return out;
}

const fetcher = (map) => async (p) => (map.has(p) ? new Uint8Array(map.get(p)) : null);

test('tile indexes are written in groups of three digits', () => {
  assert.equal(tileIndex(0), '000');
  assert.equal(tileIndex(1234067), 'x001/x234/067');
  assert.equal(tilePath(0, 5, 256), 'v1/log/tile/0/005');
  assert.equal(bundlePath(1, 7), 'v1/log/tile/entries/001.p/7');
});

test('inclusion proofs from the tiles verify against the reference root, for every size up to 300', async () => {
  const all = Array.from({ length: 300 }, (_, i) => entry(`JC26-T${i}`, `jws-${i}`));
  for (let size = 1; size <= 300; size++) {
    const entries = all.slice(0, size);
    const root = mth(entries.map(leaf));
    const perfect = tileHashes(subtle, fetcher(files(entries)), size);
    for (const i of new Set([0, size - 1, Math.floor(size / 2), (size * 7) % size])) {
      const proof = await inclusionProof(subtle, perfect, i, size);
      assert.ok(await verifyInclusion(subtle, i, size, await leafHash(subtle, entries[i]), proof, root), `${i} of ${size}`);
      if (size > 1) {
        assert.equal(await verifyInclusion(subtle, i, size, await leafHash(subtle, entries[(i + 1) % size]), proof, root), false, 'another leaf');
        const bad = proof.map((p) => p.slice());
        bad[0][0] ^= 1;
        assert.equal(await verifyInclusion(subtle, i, size, await leafHash(subtle, entries[i]), bad, root), false, 'a changed proof');
      }
    }
  }
});

test('a tree over two tile levels (partial level-1 tile) proves its entries', async () => {
  const entries = Array.from({ length: 777 }, (_, i) => entry(`JC26-U${i}`, `jws-${i}`));
  const root = mth(entries.map(leaf));
  const perfect = tileHashes(subtle, fetcher(files(entries)), entries.length);
  for (const i of [0, 255, 256, 511, 600, 767, 768, 776]) {
    const proof = await inclusionProof(subtle, perfect, i, entries.length);
    assert.ok(await verifyInclusion(subtle, i, entries.length, await leafHash(subtle, entries[i]), proof, root), String(i));
  }
});

async function signedLog(entries, origin = 'registry.example.jp/log') {
  const keys = await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const pub = new Uint8Array(await subtle.exportKey('raw', keys.publicKey));
  const hash = sha(enc.encode(origin), Uint8Array.of(0x0a, 0x01), pub).slice(0, 4);
  const hex = Buffer.from(hash).toString('hex');
  const verifierKey = `${origin}+${hex}+${Buffer.concat([Buffer.from([1]), Buffer.from(pub)]).toString('base64')}`;
  const body = `${origin}\n${entries.length}\n${Buffer.from(mth(entries.map(leaf))).toString('base64')}\n`;
  const sig = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, keys.privateKey, enc.encode(body)));
  const note = `${body}\n\u2014 ${origin} ${Buffer.concat([Buffer.from(hash), Buffer.from(sig)]).toString('base64')}\n`;
  const map = files(entries);
  map.set('v1/log/checkpoint', Buffer.from(note));
  map.set('.well-known/jcstar-log-key', Buffer.from(verifierKey + '\n'));
  return { map, verifierKey, note, body };
}

test('a logged label is proved against the signed checkpoint; another label, key or root is refused', async () => {
  const entries = Array.from({ length: 40 }, (_, i) => entry(`JC26-P${i}`, `jws-${i}`));
  const { map, note, body } = await signedLog(entries);
  const ok = await proveLogged({ subtle, fetchFile: fetcher(map), index: 17, labelId: 'JC26-P17', jws: 'jws-17' });
  assert.deepEqual(ok, { index: 17, size: 40, origin: 'registry.example.jp/log' });

  const refused = (code) => (e) => e instanceof LogError && e.code === code;
  await assert.rejects(proveLogged({ subtle, fetchFile: fetcher(map), index: 17, labelId: 'JC26-P17', jws: 'jws-18' }), refused('entry'));
  await assert.rejects(proveLogged({ subtle, fetchFile: fetcher(map), index: 18, labelId: 'JC26-P17', jws: 'jws-17' }), refused('entry'));
  await assert.rejects(proveLogged({ subtle, fetchFile: fetcher(map), index: 40, labelId: 'JC26-P17', jws: 'jws-17' }), refused('proof'));

  // the genuine note under another key
  const other = await signedLog(entries);
  await assert.rejects(proveLogged({ subtle, fetchFile: fetcher(map), index: 17, labelId: 'JC26-P17', jws: 'jws-17', verifierKey: other.verifierKey }),
    refused('signature'));
  // a root changed after signing
  const forged = new Map(map);
  forged.set('v1/log/checkpoint', Buffer.from(note.replace(body.split('\n')[2], Buffer.alloc(32).toString('base64'))));
  await assert.rejects(proveLogged({ subtle, fetchFile: fetcher(forged), index: 17, labelId: 'JC26-P17', jws: 'jws-17' }), refused('signature'));
  // a tile that does not hash to the signed root
  const tampered = new Map(map);
  const t = Buffer.from(map.get(tilePath(0, 0, 40)));
  t[32 * 3] ^= 1;
  tampered.set(tilePath(0, 0, 40), t);
  await assert.rejects(proveLogged({ subtle, fetchFile: fetcher(tampered), index: 17, labelId: 'JC26-P17', jws: 'jws-17' }), refused('proof'));
});

test('the verifier key must be the signed-note Ed25519 form', () => {
  assert.throws(() => parseVerifierKey('registry.example.jp/log+zz+AQ=='), LogError);
  assert.throws(() => parseVerifierKey('name+01234567+' + Buffer.alloc(33, 2).toString('base64')), LogError);
});
