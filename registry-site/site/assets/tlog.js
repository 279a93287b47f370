// The transparency log in the browser (docs/transparency-log.md): the signed checkpoint (C2SP signed
// note, Ed25519), the tiles (C2SP tlog-tiles) and the RFC 9162 inclusion proof of one entry, computed
// from the tiles and verified against the signed root. Nothing fetched is trusted but the checkpoint's
// signature under the log key. No DOM here: the product page and the node tests use it alike.
//
// fetchFile(path) → Promise<Uint8Array | null> (null: 404), paths below the public files' root.

export class LogError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export const KEY_PATH = '.well-known/jcstar-log-key';
export const CHECKPOINT_PATH = 'v1/log/checkpoint';
const WIDTH = 256;
const HEIGHT = 8;
const enc = new TextEncoder();

export function tileIndex(n) {
  let s = String(n % 1000).padStart(3, '0');
  for (n = Math.floor(n / 1000); n > 0; n = Math.floor(n / 1000)) s = 'x' + String(n % 1000).padStart(3, '0') + '/' + s;
  return s;
}

const suffix = (w) => (w === WIDTH ? '' : `.p/${w}`);
export const tilePath = (level, n, w) => `v1/log/tile/${level}/${tileIndex(n)}${suffix(w)}`;
export const bundlePath = (n, w) => `v1/log/tile/entries/${tileIndex(n)}${suffix(w)}`;
const widthOf = (count, n) => Math.max(0, Math.min(WIDTH, count - n * WIDTH));

function b64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
};

const hex = (bytes) => Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join('');
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function sha256(subtle, bytes) {
  return new Uint8Array(await subtle.digest('SHA-256', bytes));
}

export const leafHash = (subtle, entry) => sha256(subtle, concat(Uint8Array.of(0), entry));
export const nodeHash = (subtle, l, r) => sha256(subtle, concat(Uint8Array.of(1), l, r));

// `<name>+<8 hex>+<base64(0x01 ‖ public key)>`
export function parseVerifierKey(text) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(String(text).trim()); // base64 may hold '+': the name may not
  if (!m) throw new LogError('key', 'the log key is not a signed-note verifier key');
  const parts = m.slice(1);
  const raw = b64(parts[2]);
  if (raw.length !== 33 || raw[0] !== 1) throw new LogError('key', 'the log key is not an Ed25519 key');
  return { name: parts[0], hash: parts[1], publicKey: raw.slice(1) };
}

// The body of a signed note once `key`'s signature line over it verifies; throws LogError('signature') otherwise.
// `what` names the document in the error (the checkpoint, the key-status document).
export async function openNote(subtle, noteText, key, what = 'checkpoint') {
  const cut = noteText.indexOf('\n\n');
  if (cut < 0) throw new LogError(what, `the ${what} is not a signed note`);
  const body = noteText.slice(0, cut + 1);
  const hashHex = hex((await sha256(subtle, concat(enc.encode(key.name), Uint8Array.of(0x0a, 0x01), key.publicKey))).slice(0, 4));
  if (hashHex !== key.hash) throw new LogError('key', 'the log key does not hash to its own id');
  const pk = await subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  for (const line of noteText.slice(cut + 2).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== key.name) continue;
    const sig = b64(m[2]);
    if (sig.length !== 68) continue;
    const id = hex(sig.slice(0, 4));
    if (id !== key.hash) continue;
    if (await subtle.verify({ name: 'Ed25519' }, pk, sig.slice(4), enc.encode(body))) return body;
  }
  throw new LogError('signature', `the ${what} is not signed by the log key`);
}

// Opens a checkpoint note signed by `key`: {origin, size, root}; throws LogError('signature') otherwise.
export async function openCheckpoint(subtle, noteText, key) {
  const cut = noteText.indexOf('\n\n');
  if (cut < 0) throw new LogError('checkpoint', 'the checkpoint is not a signed note');
  const lines = noteText.slice(0, cut + 1).split('\n');
  if (lines.length < 4 || !/^\d+$/.test(lines[1])) throw new LogError('checkpoint', 'the checkpoint body is malformed');
  await openNote(subtle, noteText, key, 'checkpoint');
  const root = b64(lines[2]);
  if (root.length !== 32) throw new LogError('checkpoint', 'the checkpoint root is not 32 bytes');
  if (lines[0] !== key.name) throw new LogError('checkpoint', 'the checkpoint is of another log');
  return { origin: lines[0], size: Number(lines[1]), root };
}

// The tree of `size` leaves as its tiles: the hash of the complete subtree (level, index).
export function tileHashes(subtle, fetchFile, size) {
  const tiles = new Map();
  async function tile(level, n, w) {
    const path = tilePath(level, n, w);
    if (!tiles.has(path)) {
      let t = await fetchFile(path);
      if (!t && w < WIDTH) {
        const full = await fetchFile(tilePath(level, n, WIDTH));
        if (full && full.length === WIDTH * 32) t = full.slice(0, w * 32);
      }
      if (!t) throw new LogError('tiles', `tile ${path} is missing`);
      if (t.length !== w * 32) throw new LogError('tiles', `tile ${path} has ${t.length} bytes, not ${w * 32}`);
      tiles.set(path, t);
    }
    return tiles.get(path);
  }
  return async function perfect(level, index) {
    const tileLevel = Math.floor(level / HEIGHT);
    const below = level - tileLevel * HEIGHT;
    const first = index * 2 ** below;
    const count = Math.floor(size / 2 ** (tileLevel * HEIGHT));
    const n = Math.floor(first / WIDTH);
    const t = await tile(tileLevel, n, widthOf(count, n));
    const from = first % WIDTH;
    let row = [];
    for (let i = 0; i < 2 ** below; i++) row.push(t.slice((from + i) * 32, (from + i + 1) * 32));
    while (row.length > 1) {
      const next = [];
      for (let i = 0; i < row.length; i += 2) next.push(await nodeHash(subtle, row[i], row[i + 1]));
      row = next;
    }
    return row[0];
  };
}

const split = (n) => 2 ** Math.floor(Math.log2(n - 1)); // the largest power of two < n (n ≥ 2)

async function mth(subtle, perfect, start, end) {
  const n = end - start;
  if ((n & (n - 1)) === 0 && start % n === 0) return perfect(Math.log2(n), start / n);
  const k = split(n);
  return nodeHash(subtle, await mth(subtle, perfect, start, start + k), await mth(subtle, perfect, start + k, end));
}

// RFC 9162 §2.1.3.1 PATH(index, D[0:size])
export async function inclusionProof(subtle, perfect, index, size) {
  const out = [];
  async function path(m, start, end) {
    const n = end - start;
    if (n === 1) return;
    const k = split(n);
    if (m < k) {
      await path(m, start, start + k);
      out.push(await mth(subtle, perfect, start + k, end));
    } else {
      await path(m - k, start + k, end);
      out.push(await mth(subtle, perfect, start, start + k));
    }
  }
  await path(index, 0, size);
  return out;
}

// RFC 9162 §2.1.3.2
export async function verifyInclusion(subtle, index, size, leaf, proof, root) {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(subtle, p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = await nodeHash(subtle, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

function unbundle(bytes) {
  const out = [];
  for (let i = 0; i < bytes.length;) {
    if (i + 2 > bytes.length) throw new LogError('tiles', 'truncated entry bundle');
    const len = (bytes[i] << 8) | bytes[i + 1];
    i += 2;
    if (i + len > bytes.length) throw new LogError('tiles', 'truncated entry bundle');
    out.push(bytes.slice(i, i + len));
    i += len;
  }
  return out;
}

// The entry's label id and JWS hash (version 1: u8 version, u8 kind, u8 length + id, 32-byte hash, …).
export function readEntry(entry) {
  if (entry.length < 36 || entry[0] !== 1) throw new LogError('entry', 'not a version 1 log entry');
  const len = entry[2];
  if (3 + len + 32 > entry.length) throw new LogError('entry', 'truncated log entry');
  return { kind: entry[1] === 1 ? 'issuance' : entry[1] === 2 ? 'status-change' : 'unknown',
    labelId: new TextDecoder().decode(entry.slice(3, 3 + len)), jwsSha256: entry.slice(3 + len, 3 + len + 32) };
}

// Proves that entry `index` of the current checkpoint is the issuance of label `labelId` whose compact
// JWS is `jws`: {index, size, origin}. Throws LogError with the failing step.
export async function proveLogged({ subtle, fetchFile, index, labelId, jws, verifierKey }) {
  const keyText = verifierKey ?? new TextDecoder().decode((await fetchFile(KEY_PATH)) ?? new Uint8Array());
  if (!keyText) throw new LogError('key', 'the registry publishes no log key');
  const key = parseVerifierKey(keyText);
  const note = await fetchFile(CHECKPOINT_PATH);
  if (!note) throw new LogError('checkpoint', 'the registry publishes no checkpoint');
  const cp = await openCheckpoint(subtle, new TextDecoder().decode(note), key);
  if (!Number.isSafeInteger(index) || index < 0 || index >= cp.size) throw new LogError('proof', `entry ${index} is not in the log of ${cp.size}`);
  const n = Math.floor(index / WIDTH);
  const w = widthOf(cp.size, n);
  let bundle = await fetchFile(bundlePath(n, w));
  if (!bundle && w < WIDTH) bundle = await fetchFile(bundlePath(n, WIDTH));
  if (!bundle) throw new LogError('tiles', `entry bundle ${bundlePath(n, w)} is missing`);
  const entry = unbundle(bundle)[index % WIDTH];
  if (!entry) throw new LogError('tiles', `entry ${index} is not in its bundle`);
  const e = readEntry(entry);
  if (e.kind !== 'issuance' || e.labelId !== labelId) throw new LogError('entry', `entry ${index} is not the issuance of ${labelId}`);
  if (!equal(e.jwsSha256, await sha256(subtle, enc.encode(jws)))) throw new LogError('entry', `entry ${index} logs another label than the one shown`);
  const perfect = tileHashes(subtle, fetchFile, cp.size);
  const proof = await inclusionProof(subtle, perfect, index, cp.size);
  if (!(await verifyInclusion(subtle, index, cp.size, await leafHash(subtle, entry), proof, cp.root))) {
    throw new LogError('proof', `entry ${index} is not in the signed tree of ${cp.size}`);
  }
  return { index, size: cp.size, origin: cp.origin };
}
