// In-browser verification of a JC-STAR label (compact JWS, ES256), format version 1.
//
// Everything here is a pure function or takes its dependencies (key loader, WebCrypto) as
// arguments, so it runs unchanged under `node --test` and in the browser. No DOM access.
// Reject by default: one algorithm, a closed set of header members, strict base64url,
// strict digit encoding, a closed set of payload claims.

/** Untrusted input was rejected; `code` is stable (the UI and tests key on it). */
export class VerifyError extends Error {
  constructor(code, detail) {
    super(detail || code);
    this.name = 'VerifyError';
    this.code = code;
  }
}

const enc = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

// ---------------------------------------------------------------------------------------------
// base64url (RFC 4648 §5, no padding). Decoding refuses anything that does not re-encode to the
// same text, so one label has exactly one textual form.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Map([...B64].map((ch, i) => [ch, i]));

export function base64urlEncode(bytes) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63];
  }
  return out;
}

export function base64urlDecode(text) {
  if (typeof text !== 'string' || text.length % 4 === 1) {
    throw new VerifyError('bad-base64', 'base64url text has an impossible length');
  }
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const ch of text) {
    const v = B64_INDEX.get(ch);
    if (v === undefined) throw new VerifyError('bad-base64', 'base64url text contains a character outside A–Z a–z 0–9 - _');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
    }
  }
  if (base64urlEncode(bytes) !== text) throw new VerifyError('bad-base64', 'base64url text is not in canonical form');
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Digit encoding of the QR's numeric form: 7-byte chunks as 17 decimal digits each, a final
// chunk of k bytes as DIGITS_FOR[k] digits. Numeric QR mode packs 3 digits in 10 bits, so this
// costs ≈ 8.0 bits per byte instead of 11 for byte mode.

export const DIGITS_FOR = Object.freeze([0, 3, 5, 8, 10, 13, 15, 17]);
const BYTES_FOR_REST = new Map([[0, 0], [3, 1], [5, 2], [8, 3], [10, 4], [13, 5], [15, 6]]);

/** Number of digits that encode n bytes. */
export function digitCount(n) {
  return Math.floor(n / 7) * 17 + DIGITS_FOR[n % 7];
}

export function bytesToDigits(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 7) {
    const chunk = bytes.subarray(i, Math.min(i + 7, bytes.length));
    let n = 0n;
    for (const b of chunk) n = (n << 8n) | BigInt(b);
    out += n.toString().padStart(DIGITS_FOR[chunk.length], '0');
  }
  return out;
}

export function digitsToBytes(digits) {
  if (typeof digits !== 'string' || !/^[0-9]*$/.test(digits)) {
    throw new VerifyError('bad-digits', 'the numeric form may contain digits only');
  }
  const full = Math.floor(digits.length / 17);
  const restBytes = BYTES_FOR_REST.get(digits.length % 17);
  if (restBytes === undefined) {
    throw new VerifyError('bad-digits', `${digits.length} digits cannot encode a whole number of bytes`);
  }
  const bytes = new Uint8Array(full * 7 + restBytes);
  let pos = 0;
  let o = 0;
  const take = (width, k) => {
    let n = BigInt(digits.slice(pos, pos + width));
    pos += width;
    if (n >= 1n << BigInt(8 * k)) throw new VerifyError('bad-digits', `digit chunk at ${pos - width} is too large for ${k} bytes`);
    for (let j = k - 1; j >= 0; j--) {
      bytes[o + j] = Number(n & 0xffn);
      n >>= 8n;
    }
    o += k;
  };
  for (let c = 0; c < full; c++) take(17, 7);
  if (restBytes > 0) take(DIGITS_FOR[restBytes], restBytes);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// The two accepted textual forms.

export const NUMERIC_FORMAT_VERSION = '1';
export const SIGNATURE_LENGTH = 64;

/**
 * Numeric form: "1" + HHH (header bytes) + PPPP (payload bytes) + digits(header ‖ payload ‖ signature).
 * Returns the parts as bytes and the compact JWS they stand for.
 */
export function parseNumericForm(text) {
  if (!/^[0-9]+$/.test(text)) throw new VerifyError('bad-digits', 'the numeric form may contain digits only');
  if (text[0] === COMPACT_HEADER_FORM) return parseCompactHeaderForm(text);
  if (text[0] !== NUMERIC_FORMAT_VERSION) throw new VerifyError('bad-format', `numeric form version ${text[0]} is not supported (1 and 2 are)`);
  if (text.length < 8) throw new VerifyError('bad-format', 'the numeric form is too short');
  const h = Number(text.slice(1, 4));
  const p = Number(text.slice(4, 8));
  if (h === 0 || p === 0) throw new VerifyError('bad-format', 'header and payload must not be empty');
  const body = text.slice(8);
  const expected = digitCount(h + p + SIGNATURE_LENGTH);
  if (body.length !== expected) {
    throw new VerifyError('bad-format', `expected ${expected} digits for ${h}+${p}+${SIGNATURE_LENGTH} bytes, found ${body.length}`);
  }
  const all = digitsToBytes(body);
  return numericParts(all.slice(0, h), all.slice(h, h + p), all.slice(h + p));
}

function numericParts(header, payload, signature) {
  const headerB64 = base64urlEncode(header);
  const payloadB64 = base64urlEncode(payload);
  return {
    form: 'numeric',
    header,
    payload,
    signature,
    signingInput: headerB64 + '.' + payloadB64,
    compact: headerB64 + '.' + payloadB64 + '.' + base64urlEncode(signature),
  };
}

export const COMPACT_HEADER_FORM = '2';
const KID_BYTES = 12;

/** The header bytes the operator's signer writes, byte for byte (docs/label-format.md, compact-header form). */
export function standardHeader(kid, deflate) {
  return new TextEncoder().encode('{"alg":"ES256","kid":"' + kid + '"' + (deflate ? ',"zip":"DEF"' : '') + '}');
}

/**
 * Compact-header form (what issued QR codes carry): "2" + F (0 plain, 1 zip:DEF) + PPPP (payload bytes)
 * + digits(kid (12 bytes) ‖ payload ‖ signature). The header is rebuilt from kid and F, so the signature
 * still covers exactly the header that was signed.
 */
export function parseCompactHeaderForm(text) {
  if (text.length < 6) throw new VerifyError('bad-format', 'the numeric form is too short');
  const f = text[1];
  if (f !== '0' && f !== '1') throw new VerifyError('bad-format', 'the compact-header flag must be 0 or 1');
  const p = Number(text.slice(2, 6));
  if (p === 0) throw new VerifyError('bad-format', 'payload must not be empty');
  const body = text.slice(6);
  const expected = digitCount(KID_BYTES + p + SIGNATURE_LENGTH);
  if (body.length !== expected) {
    throw new VerifyError('bad-format', `expected ${expected} digits for ${KID_BYTES}+${p}+${SIGNATURE_LENGTH} bytes, found ${body.length}`);
  }
  const all = digitsToBytes(body);
  const header = standardHeader(base64urlEncode(all.slice(0, KID_BYTES)), f === '1');
  return numericParts(header, all.slice(KID_BYTES, KID_BYTES + p), all.slice(KID_BYTES + p));
}

export function parseCompactJws(text) {
  const parts = text.split('.');
  if (parts.length !== 3) throw new VerifyError('bad-format', 'a compact JWS has exactly three parts separated by "."');
  const [h, p, s] = parts;
  if (!h || !p || !s) throw new VerifyError('bad-format', 'a compact JWS part is empty');
  const signature = base64urlDecode(s);
  if (signature.length !== SIGNATURE_LENGTH) {
    throw new VerifyError('bad-signature-length', `an ES256 signature is ${SIGNATURE_LENGTH} bytes, this one is ${signature.length}`);
  }
  return { form: 'jws', header: base64urlDecode(h), payload: base64urlDecode(p), signature, signingInput: h + '.' + p, compact: text };
}

/**
 * The label inside what a user or camera hands us: the fragment of the verify URL, the whole
 * QR text (`HTTPS://HOST/V#1…`), or the compact JWS itself. Whitespace (line breaks from
 * copy-paste) is ignored.
 */
export function extractLabelText(input) {
  if (typeof input !== 'string') throw new VerifyError('empty', 'no label');
  let text = input.replace(/\s+/g, '');
  const hash = text.indexOf('#');
  if (hash >= 0) text = text.slice(hash + 1);
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw new VerifyError('bad-format', 'the label text is not correctly percent-encoded');
    }
  }
  if (text === '') throw new VerifyError('empty', 'no label');
  return text;
}

export function parseLabelText(input) {
  const text = extractLabelText(input);
  if (/^[0-9]+$/.test(text)) return parseNumericForm(text);
  if (text.startsWith('eyJ')) return parseCompactJws(text);
  throw new VerifyError('bad-format', 'the text is neither the numeric form nor a compact JWS');
}

// ---------------------------------------------------------------------------------------------
// JSON with duplicate keys refused (JSON.parse silently keeps the last one, a classic
// confusion between two verifiers).

export function findDuplicateKey(text) {
  const stack = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1));
        const keys = stack[stack.length - 1];
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      stack.push(null);
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return null;
}

export function parseJsonStrict(bytes, code) {
  let text;
  let value;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new VerifyError(code, 'not UTF-8 JSON');
  }
  const dup = findDuplicateKey(text);
  if (dup !== null) throw new VerifyError(code, `duplicate member "${dup}"`);
  return value;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The protected header: exactly {alg:"ES256", kid, zip?:"DEF"}. */
export function checkHeader(bytes) {
  const h = parseJsonStrict(bytes, 'bad-header');
  if (!isObject(h)) throw new VerifyError('bad-header', 'the header is not a JSON object');
  if (h.alg !== 'ES256') throw new VerifyError('wrong-alg', `algorithm ${JSON.stringify(h.alg)} is not accepted (only ES256)`);
  if (typeof h.kid !== 'string' || h.kid === '') throw new VerifyError('bad-header', 'the header has no key id (kid)');
  if ('zip' in h && h.zip !== 'DEF') throw new VerifyError('bad-header', `compression ${JSON.stringify(h.zip)} is not supported (only DEF)`);
  for (const k of Object.keys(h)) {
    if (k !== 'alg' && k !== 'kid' && k !== 'zip') throw new VerifyError('unsupported-header', `header member "${k}" is not accepted`);
  }
  return h;
}

// ---------------------------------------------------------------------------------------------
// Keys and signature.

export function findKey(jwks, kid) {
  const keys = isObject(jwks) && Array.isArray(jwks.keys) ? jwks.keys : null;
  if (!keys) throw new VerifyError('keys-unavailable', 'the key set is not a JWKS');
  const jwk = keys.find((k) => isObject(k) && k.kid === kid);
  if (!jwk) throw new VerifyError('unknown-key', `key ${kid} is not one of the operator's keys`);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || ('alg' in jwk && jwk.alg !== 'ES256') || ('use' in jwk && jwk.use !== 'sig')) {
    throw new VerifyError('unknown-key', `key ${kid} is not a P-256 signing key`);
  }
  return jwk;
}

// (r, n - s) verifies as well as (r, s): labels are signed low-s, so the high form is a malleated copy.
const P256_HALF_N = 0x7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A8n;

export function isHighS(signature) {
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(signature[i]);
  return s > P256_HALF_N;
}

export async function verifySignature(jwk, signingInput, signature, subtle = globalThis.crypto?.subtle) {
  if (signature.length === 64 && isHighS(signature)) throw new VerifyError('high-s', 'the signature is in its high-s form (labels are signed low-s): a malleated copy');
  if (!subtle) throw new VerifyError('crypto-unavailable', 'this browser cannot check signatures (WebCrypto is unavailable)');
  let key;
  try {
    key = await importedKey(subtle, jwk);
  } catch {
    throw new VerifyError('unknown-key', `key ${jwk.kid} could not be imported`);
  }
  return subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, enc.encode(signingInput));
}

// Imported keys by curve point, per WebCrypto implementation: a scan checks the label and its status list
// with the same key, and a page checks every pasted label with it again.
const imported = new WeakMap();

function importedKey(subtle, jwk) {
  let keys = imported.get(subtle);
  if (!keys) imported.set(subtle, keys = new Map());
  const id = `${jwk.x}.${jwk.y}`;
  let key = keys.get(id);
  if (!key) {
    key = subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    keys.set(id, key);
    key.catch(() => keys.delete(id));
  }
  return key;
}

// ---------------------------------------------------------------------------------------------
// Payload.

export const MAX_INFLATED = 4096;

export async function inflateRaw(bytes, max = MAX_INFLATED) {
  if (typeof DecompressionStream !== 'function') throw new VerifyError('crypto-unavailable', 'this browser cannot decompress labels');
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        reader.cancel().catch(() => {});
        throw new VerifyError('payload-too-large', `the payload inflates to more than ${max} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof VerifyError) throw e;
    throw new VerifyError('bad-payload', 'the compressed payload is corrupt');
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const CLAIMS = ['v', 'id', 'lv', 'm', 'p', 'vn', 'c', 'se', 'iat', 'exp', 's'];
const isInt = (v) => Number.isSafeInteger(v);
const isText = (v) => typeof v === 'string' && v.length > 0;

/** Payload claims of format version 1, checked like the server's LabelCodec does. */
export function parseClaims(bytes) {
  const c = parseJsonStrict(bytes, 'bad-payload');
  if (!isObject(c)) throw new VerifyError('bad-payload', 'the payload is not a JSON object');
  if (c.v !== 1) throw new VerifyError('bad-payload', `label format version ${JSON.stringify(c.v)} is not supported (1 is)`);
  for (const k of Object.keys(c)) if (!CLAIMS.includes(k)) throw new VerifyError('bad-payload', `unknown claim "${k}"`);
  const bad = (name) => new VerifyError('bad-payload', `claim ${name} is missing or malformed`);
  if (!isText(c.id)) throw bad('id');
  if (!isInt(c.lv) || c.lv < 1 || c.lv > 4) throw bad('lv');
  if (!Array.isArray(c.m) || c.m.length === 0 || !c.m.every(isText)) throw bad('m');
  for (const k of ['p', 'vn', 'c']) if (!isText(c[k])) throw bad(k);
  if (typeof c.se !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(c.se) || Number.isNaN(Date.parse(c.se + 'T00:00:00Z'))) throw bad('se');
  if (!isInt(c.iat) || c.iat < 0) throw bad('iat');
  if (!isInt(c.exp) || c.exp <= c.iat) throw bad('exp');
  if (!Array.isArray(c.s) || c.s.length !== 2 || !c.s.every(isInt)) throw bad('s');
  return c;
}

// ---------------------------------------------------------------------------------------------
// The whole offline check.

/**
 * Verifies a label's signature and reads its claims. `loadJwks()` returns the JWKS object (or
 * throws); any failure to get the keys is `keys-unavailable`, which is NOT a verdict on the label.
 * Resolves to {header, claims, kid, compact, form}; rejects with a VerifyError.
 */
export async function verifyLabel(input, { loadJwks, subtle = globalThis.crypto?.subtle } = {}) {
  const parts = parseLabelText(input);
  const header = checkHeader(parts.header);
  let jwks;
  try {
    jwks = await loadJwks();
  } catch (e) {
    throw new VerifyError('keys-unavailable', 'the operator keys could not be fetched' + (e?.message ? `: ${e.message}` : ''));
  }
  const jwk = findKey(jwks, header.kid);
  const ok = await verifySignature(jwk, parts.signingInput, parts.signature, subtle);
  if (!ok) throw new VerifyError('bad-signature', 'the signature does not match the label content');
  const payload = header.zip === 'DEF' ? await inflateRaw(parts.payload) : parts.payload;
  const claims = parseClaims(payload);
  return { header, claims, kid: header.kid, compact: parts.compact, form: parts.form };
}

// ---------------------------------------------------------------------------------------------
// Status and the verdict.

/** Today's date in Japan (support ends at the end of the JST day `se`). */
export function jstDate(nowMs) {
  return new Date(nowMs + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

/** What the signed claims alone say at `nowMs`: 'support-ended', 'expired' or 'valid'. */
export function localStatus(claims, nowMs) {
  if (jstDate(nowMs) > claims.se) return 'support-ended';
  if (nowMs >= claims.exp * 1000) return 'expired';
  return 'valid';
}

const REMOTE_STATUSES = new Set(['valid', 'support-ended', 'expired', 'revoked', 'suspended']);

/**
 * One verdict from the verified claims and what the registry said.
 * registry: {kind:'ok', record} | {kind:'not-found'} | {kind:'unavailable'}.
 * Returns {verdict, reason, effectiveAt, statusChecked}, verdict one of valid, revoked,
 * suspended, support-ended, expired, unknown, unavailable. 'valid' only when the registry
 * confirmed it and the dates in the signed claims agree.
 */
export function decideVerdict(claims, registry, nowMs) {
  const local = localStatus(claims, nowMs);
  if (registry.kind === 'not-found') return { verdict: 'unknown', reason: null, effectiveAt: null, statusChecked: true };
  const record = registry.kind === 'ok' ? registry.record : null;
  const usable = record && record.id === claims.id && REMOTE_STATUSES.has(record.status);
  if (!usable) {
    // Status not checked: never 'valid'. A date that has passed is still a sure negative.
    return { verdict: local === 'valid' ? 'unavailable' : local, reason: null, effectiveAt: null, statusChecked: false };
  }
  const remote = record.status;
  if (remote === 'revoked' || remote === 'suspended') {
    return { verdict: remote, reason: record.reason ?? null, effectiveAt: record.statusEffectiveAt ?? null, statusChecked: true };
  }
  if (remote === 'support-ended' || local === 'support-ended') {
    return { verdict: 'support-ended', reason: record.reason ?? null, effectiveAt: remote === 'support-ended' ? record.statusEffectiveAt ?? null : null, statusChecked: true };
  }
  if (remote === 'expired' || local === 'expired') {
    return { verdict: 'expired', reason: null, effectiveAt: remote === 'expired' ? record.statusEffectiveAt ?? null : null, statusChecked: true };
  }
  return { verdict: 'valid', reason: null, effectiveAt: null, statusChecked: true };
}
