// In-browser verification of a JC-STAR label (compact JWS, ES256), format version 1.
//
// Everything here is a pure function or takes its dependencies (key loader, WebCrypto) as
// arguments, so it runs unchanged under `node --test` and in the browser. No DOM access.
// Reject by default: one algorithm, a closed set of header members, strict base64url,
// strict digit encoding, a closed set of payload claims.

import { inflateRawSync, InflateError } from './inflate.js';

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
    throw new VerifyError('bad-base64url', 'base64url text has an impossible length');
  }
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const ch of text) {
    const v = B64_INDEX.get(ch);
    if (v === undefined) throw new VerifyError('bad-base64url', 'base64url text contains a character outside A–Z a–z 0–9 - _');
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
    }
  }
  if (base64urlEncode(bytes) !== text) throw new VerifyError('bad-base64url', 'base64url text is not in canonical form');
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
    throw new VerifyError('bad-qr-text', 'the numeric form may contain digits only');
  }
  const full = Math.floor(digits.length / 17);
  const restBytes = BYTES_FOR_REST.get(digits.length % 17);
  if (restBytes === undefined) {
    throw new VerifyError('bad-qr-text', `${digits.length} digits cannot encode a whole number of bytes`);
  }
  const bytes = new Uint8Array(full * 7 + restBytes);
  let pos = 0;
  let o = 0;
  const take = (width, k) => {
    let n = BigInt(digits.slice(pos, pos + width));
    pos += width;
    if (n >= 1n << BigInt(8 * k)) throw new VerifyError('bad-qr-text', `digit chunk at ${pos - width} is too large for ${k} bytes`);
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
  if (!/^[0-9]+$/.test(text)) throw new VerifyError('bad-qr-text', 'the numeric form may contain digits only');
  if (text[0] === COMPACT_HEADER_FORM) return parseCompactHeaderForm(text);
  if (text[0] !== NUMERIC_FORMAT_VERSION) throw new VerifyError('bad-qr-text', `numeric form version ${text[0]} is not supported (1 and 2 are)`);
  if (text.length < 8) throw new VerifyError('bad-qr-text', 'the numeric form is too short');
  const h = Number(text.slice(1, 4));
  const p = Number(text.slice(4, 8));
  if (h === 0 || p === 0) throw new VerifyError('bad-qr-text', 'header and payload must not be empty');
  const body = text.slice(8);
  const expected = digitCount(h + p + SIGNATURE_LENGTH);
  if (body.length !== expected) {
    throw new VerifyError('bad-qr-text', `expected ${expected} digits for ${h}+${p}+${SIGNATURE_LENGTH} bytes, found ${body.length}`);
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
  if (text.length < 6) throw new VerifyError('bad-qr-text', 'the numeric form is too short');
  const f = text[1];
  if (f !== '0' && f !== '1') throw new VerifyError('bad-qr-text', 'the compact-header flag must be 0 or 1');
  const p = Number(text.slice(2, 6));
  if (p === 0) throw new VerifyError('bad-qr-text', 'payload must not be empty');
  const body = text.slice(6);
  const expected = digitCount(KID_BYTES + p + SIGNATURE_LENGTH);
  if (body.length !== expected) {
    throw new VerifyError('bad-qr-text', `expected ${expected} digits for ${KID_BYTES}+${p}+${SIGNATURE_LENGTH} bytes, found ${body.length}`);
  }
  const all = digitsToBytes(body);
  const header = standardHeader(base64urlEncode(all.slice(0, KID_BYTES)), f === '1');
  return numericParts(header, all.slice(KID_BYTES, KID_BYTES + p), all.slice(KID_BYTES + p));
}

export function parseCompactJws(text) {
  const parts = text.split('.');
  if (parts.length !== 3) throw new VerifyError('not-compact-jws', 'a compact JWS has exactly three parts separated by "."');
  const [h, p, s] = parts;
  if (!h || !p || !s) throw new VerifyError('not-compact-jws', 'a compact JWS part is empty');
  const signature = base64urlDecode(s);
  if (signature.length !== SIGNATURE_LENGTH) {
    throw new VerifyError('bad-signature-encoding', `an ES256 signature is ${SIGNATURE_LENGTH} bytes, this one is ${signature.length}`);
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
      throw new VerifyError('bad-qr-text', 'the label text is not correctly percent-encoded');
    }
  }
  if (text === '') throw new VerifyError('empty', 'no label');
  return text;
}

export function parseLabelText(input) {
  const text = extractLabelText(input);
  if (/^[0-9]+$/.test(text)) return parseNumericForm(text);
  if (text.startsWith('eyJ')) return parseCompactJws(text);
  throw new VerifyError('not-compact-jws', 'the text is neither the numeric form nor a compact JWS');
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

// ---------------------------------------------------------------------------------------------
// JSON read as the Java verifier reads it (jp.jcstar.json.Json: Jackson, strict): duplicate names refused,
// nesting at most 32 deep, numbers at most 64 characters, nothing after the value, and numbers kept as
// written, so 1.0 is not the integer 1 and 2^64 + 1 is not a long. Objects come back as Maps (in order),
// numbers as JsonNumber, everything else as JSON.parse would give it.

export const MAX_JSON_DEPTH = 32;

/** A JSON number as written: `integral` when it has no fraction or exponent; `big` its value then (BigInt). */
export class JsonNumber {
  constructor(text) {
    this.text = text;
    this.integral = /^-?(0|[1-9][0-9]*)$/.test(text);
    this.big = this.integral ? BigInt(text) : null;
  }
}

class JsonDefect extends Error {
  constructor(kind) {
    super(kind);
    this.kind = kind; // 'duplicate' | 'malformed' | 'limits'
  }
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function readJson(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = () => {
    i++; // "
    let out = '';
    for (;;) {
      STRING_RUN.lastIndex = i;
      STRING_RUN.exec(text);
      out += text.slice(i, STRING_RUN.lastIndex);
      i = STRING_RUN.lastIndex;
      if (i >= text.length) throw new JsonDefect('malformed');
      const ch = text[i];
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch !== '\\') throw new JsonDefect('malformed'); // an unescaped control character
      const e = text[i + 1];
      if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new JsonDefect('malformed');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else {
        throw new JsonDefect('malformed');
      }
    }
  };
  const value = (depth) => {
    ws();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      if (depth + 1 > MAX_JSON_DEPTH) throw new JsonDefect('limits');
      i++;
      const close = ch === '{' ? '}' : ']';
      const out = ch === '{' ? new Map() : [];
      ws();
      if (text[i] === close) {
        i++;
        return out;
      }
      for (;;) {
        if (close === '}') {
          ws();
          if (text[i] !== '"') throw new JsonDefect('malformed');
          const name = string();
          ws();
          if (text[i] !== ':') throw new JsonDefect('malformed');
          i++;
          const v = value(depth + 1);
          if (out.has(name)) throw new JsonDefect('duplicate');
          out.set(name, v);
        } else {
          out.push(value(depth + 1));
        }
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return out;
        }
        throw new JsonDefect('malformed');
      }
    }
    if (ch === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) throw new JsonDefect('malformed');
    i = NUMBER.lastIndex;
    if (/[0-9.eE+-]/.test(text[i] || '')) throw new JsonDefect('malformed'); // 01, 1.e5, 1.5.2
    if (m[0].length > 64) throw new JsonDefect('limits');
    return new JsonNumber(m[0]);
  };
  ws();
  if (i >= text.length) throw new JsonDefect('malformed'); // an empty document
  const v = value(0);
  ws();
  if (i < text.length) throw new JsonDefect('malformed'); // trailing tokens
  return v;
}

// UTF-8 as the JDK's strict decoder reads it: malformed bytes refused, a byte-order mark kept (and then not JSON)
const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes read as JSON the Java way; throws VerifyError(`code`), or `duplicateCode` for a repeated member name.
 * The detail is the Java verifier's ("not well-formed UTF-8", "duplicate key", ...).
 */
export function readJsonBytes(bytes, code, duplicateCode = code) {
  let text;
  try {
    text = utf8Strict.decode(bytes);
  } catch {
    throw new VerifyError(code, 'not well-formed UTF-8');
  }
  try {
    return readJson(text);
  } catch (e) {
    if (!(e instanceof JsonDefect)) throw e;
    if (e.kind === 'duplicate') throw new VerifyError(duplicateCode, 'duplicate key');
    throw new VerifyError(code, e.kind === 'limits' ? 'JSON too deep or too large' : 'not well-formed JSON');
  }
}

const FORBIDDEN_HEADER = new Set(['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit', 'b64']);

/**
 * The protected header, checked as LabelVerifier does and in its order: a JSON object (bad-header), alg the
 * string ES256 (alg-not-allowed), no trust-redirecting member (forbidden-header-param), nothing but alg, kid
 * and zip:"DEF" (unexpected-header-param), a string kid (missing-kid). Returns {alg, kid, zip?}.
 */
export function checkHeader(bytes) {
  const h = readJsonBytes(bytes, 'bad-header');
  if (!(h instanceof Map)) throw new VerifyError('bad-header', 'header is not a JSON object');
  const alg = h.get('alg');
  if (alg !== 'ES256') throw new VerifyError('alg-not-allowed', `alg ${alg === undefined ? 'missing' : 'other than ES256'} is not ES256`);
  for (const name of h.keys()) {
    if (FORBIDDEN_HEADER.has(name)) throw new VerifyError('forbidden-header-param', `header parameter ${name} is refused`);
  }
  for (const [name, v] of h) {
    if (name === 'alg' || name === 'kid' || (name === 'zip' && v === 'DEF')) continue;
    throw new VerifyError('unexpected-header-param', `header parameter ${shown(name)} is not part of format 1`);
  }
  const kid = h.get('kid');
  if (typeof kid !== 'string') throw new VerifyError('missing-kid', 'header has no kid');
  return h.has('zip') ? { alg, kid, zip: 'DEF' } : { alg, kid };
}

/** Untrusted text as a detail may show it: 40 characters at most, anything but printable ASCII as \uXXXX. */
function shown(untrusted) {
  let out = '';
  for (let i = 0; i < untrusted.length && i < 40; i++) {
    const c = untrusted.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? untrusted[i] : '\\u' + c.toString(16).padStart(4, '0');
  }
  return untrusted.length > 40 ? out + '...' : out;
}

// ---------------------------------------------------------------------------------------------
// Keys and signature.

export function findKey(jwks, kid) {
  const keys = isObject(jwks) && Array.isArray(jwks.keys) ? jwks.keys : null;
  if (!keys) throw new VerifyError('keys-unavailable', 'the key set is not a JWKS');
  const jwk = keys.find((k) => isObject(k) && k.kid === kid);
  if (!jwk) throw new VerifyError('unknown-kid', `key ${kid} is not one of the operator's keys`);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || ('alg' in jwk && jwk.alg !== 'ES256') || ('use' in jwk && jwk.use !== 'sig')) {
    throw new VerifyError('unknown-kid', `key ${kid} is not a P-256 signing key`);
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
    throw new VerifyError('unknown-kid', `key ${jwk.kid} could not be imported`);
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

/**
 * The payload of a zip:"DEF" label, inflated (synchronously, inflate.js) to at most `max` bytes: any defect of
 * the stream, bytes after it, or more output is bad-compression, as in the Java verifier.
 */
export function inflateRaw(bytes, max = MAX_INFLATED) {
  try {
    return inflateRawSync(bytes, max);
  } catch (e) {
    if (e instanceof InflateError) throw new VerifyError('bad-compression', e.message);
    throw e;
  }
}

const CLAIMS = ['v', 'id', 'lv', 'm', 'p', 'vn', 'c', 'se', 'iat', 'exp', 's'];
export const CATEGORIES = Object.freeze(['router', 'camera', 'smart-home', 'smart-speaker', 'lock', 'nas', 'printer', 'wearable', 'toy', 'industrial', 'other']);
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const MAX_TIME = 253402300799n; // 9999-12-31T23:59:59Z
/** Labels are valid at most two years (731 days) from issue (LabelClaims.MAX_VALIDITY). */
export const MAX_VALIDITY_SECONDS = 731 * 86400;
const ID = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

// Character.isWhitespace: the space separators but the no-break ones, the line and paragraph separators, tab to CR, FS to US
const isJavaSpace = (cp) => (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x2006)
  || (cp >= 0x2008 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x205f || cp === 0x3000;

/** String.strip of the JDK: Java whitespace off both ends (not JavaScript's trim, which also takes U+00A0 and U+FEFF). */
export function javaStrip(s) {
  let a = 0;
  let b = s.length;
  while (a < b && isJavaSpace(s.charCodeAt(a))) a++;
  while (b > a && isJavaSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

const MARK = /^\p{M}/u;
const NOT_CLEAN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\u2800\uFEFF]/u;
const isDefaultIgnorable = (cp) => cp === 0x00ad || cp === 0x034f || cp === 0x061c || cp === 0x115f || cp === 0x1160 || cp === 0x17b4 || cp === 0x17b5
  || (cp >= 0x180b && cp <= 0x180f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f)
  || cp === 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0xfeff || cp === 0xffa0 || (cp >= 0xfff0 && cp <= 0xfff8)
  || (cp >= 0x1bca0 && cp <= 0x1bca3) || (cp >= 0x1d173 && cp <= 0x1d17a) || (cp >= 0xe0000 && cp <= 0xe0fff);
const isBidiControl = (cp) => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c;

/**
 * Text.isCleanLine of the Java side: 1..max code points of printable text on one line, no leading or trailing
 * space, no control, format, private-use, unassigned or default-ignorable code point, no bidi control, no lone
 * surrogate, no line or paragraph separator, no blank braille pattern, no combining mark first.
 */
export function isCleanLine(s, max) {
  if (typeof s !== 'string' || s === '' || javaStrip(s) !== s) return false; // also the blank ones
  const cps = [...s];
  if (cps.length > max || MARK.test(s) || NOT_CLEAN.test(s)) return false;
  for (const ch of cps) {
    const cp = ch.codePointAt(0);
    if (isDefaultIgnorable(cp) || isBidiControl(cp)) return false;
  }
  return true;
}

/** A date YYYY-MM-DD that exists (LocalDate.parse of the ISO form: year 0000–9999 here, proleptic Gregorian). */
function isIsoDate(s) {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return days !== undefined && d >= 1 && d <= days;
}

/**
 * Payload claims of format version 1, checked as the Java verifier checks them (LabelCodec.decode and the
 * LabelClaims rules), with its reason codes and in its order: payload-not-json, duplicate-key,
 * unsupported-version, unknown-claim, missing-claim, bad-claim-type, bad-claim-value. Returns the claims as
 * plain values (numbers as Numbers).
 */
export function parseClaims(bytes) {
  const n = readJsonBytes(bytes, 'payload-not-json', 'duplicate-key');
  if (!(n instanceof Map)) throw new VerifyError('payload-not-json', 'payload is not a JSON object');
  const v = n.get('v');
  if (v === undefined) throw new VerifyError('missing-claim', 'missing claim v');
  if (!(v instanceof JsonNumber) || !v.integral || v.big < LONG_MIN || v.big > LONG_MAX || v.big !== 1n) {
    throw new VerifyError('unsupported-version', `label format version ${v instanceof JsonNumber ? v.text : 'of another type'} is not supported (1 is)`);
  }
  for (const k of n.keys()) if (!CLAIMS.includes(k)) throw new VerifyError('unknown-claim', `unknown claim ${shown(k)}`);
  const required = (name) => {
    const x = n.get(name);
    if (x === undefined || x === null) throw new VerifyError('missing-claim', `missing claim ${name}`);
    return x;
  };
  const text = (name) => {
    const x = required(name);
    if (typeof x !== 'string') throw new VerifyError('bad-claim-type', `claim ${name} must be a string`);
    return x;
  };
  const integer = (name, min, max) => {
    const x = required(name);
    if (!(x instanceof JsonNumber) || !x.integral || x.big < LONG_MIN || x.big > LONG_MAX) {
      throw new VerifyError('bad-claim-type', `claim ${name} must be an integer`);
    }
    if (x.big < min || x.big > max) throw new VerifyError('bad-claim-value', `claim ${name} out of range`);
    return Number(x.big);
  };
  const value = (detail) => new VerifyError('bad-claim-value', detail);
  const id = text('id');
  const lv = integer('lv', 1n, 9n);
  const m = required('m');
  if (!Array.isArray(m) || !m.every((e) => typeof e === 'string')) throw new VerifyError('bad-claim-type', 'claim m must be an array of strings');
  const p = text('p');
  const vn = text('vn');
  const c = text('c');
  const se = text('se');
  if (!isIsoDate(se)) throw value('claim se must be a date YYYY-MM-DD');
  const iat = integer('iat', 0n, MAX_TIME);
  const exp = integer('exp', 0n, MAX_TIME);
  const s = required('s');
  const isInt32 = (x) => x instanceof JsonNumber && x.integral && x.big >= INT_MIN && x.big <= INT_MAX;
  if (!Array.isArray(s) || s.length !== 2 || !isInt32(s[0]) || !isInt32(s[1])) throw new VerifyError('bad-claim-type', 'claim s must be [list, index]');
  const [list, index] = [Number(s[0].big), Number(s[1].big)];
  // StatusRef, then LabelClaims
  if (list < 1) throw value('status list number must be >= 1');
  if (index < 0) throw value('status index must be >= 0');
  if (!ID.test(id)) throw value('id must match [A-Z0-9][A-Z0-9-]{2,31}');
  if (lv < 1 || lv > 4) throw value('level must be 1, 2, 3 or 4');
  if (m.length === 0) throw value('models must name at least one model');
  if (m.length > 20) throw value('models at most 20 models');
  if (!m.every((x) => isCleanLine(x, 40))) throw value('models each model designation must be 1–40 printable characters');
  if (new Set(m).size !== m.length) throw value('models model designations must be distinct');
  if (!isCleanLine(p, 100)) throw value('product must be 1–100 printable characters');
  if (!isCleanLine(vn, 100)) throw value('vendor must be 1–100 printable characters');
  if (!CATEGORIES.includes(c)) throw value(`category must be one of [${CATEGORIES.join(', ')}]`);
  if (exp <= iat) throw value('validUntil must be after issuedAt');
  if (exp > iat + MAX_VALIDITY_SECONDS) throw value('validUntil must be at most 2 years after issuedAt');
  return { v: 1, id, lv, m: [...m], p, vn, c, se, iat, exp, s: [list, index] };
}

// ---------------------------------------------------------------------------------------------
// The whole offline check.

/** The reason codes a label is refused with: the Java verifier's RejectReason codes, the same set (docs/label-format.md). */
export const REASONS = Object.freeze(['empty', 'too-large', 'bad-qr-text', 'not-compact-jws', 'bad-base64url', 'bad-header', 'alg-not-allowed',
  'forbidden-header-param', 'unexpected-header-param', 'missing-kid', 'unknown-kid', 'bad-signature-encoding', 'signature-out-of-range',
  'high-s', 'bad-signature', 'bad-compression', 'payload-not-json', 'duplicate-key', 'unsupported-version', 'missing-claim',
  'bad-claim-type', 'unknown-claim', 'bad-claim-value']);

/** Longer than any QR code can hold (LabelVerifier.MAX_INPUT). */
export const MAX_INPUT = 8192;
const P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551n;

/**
 * The compact JWS in what a scanner or a person handed over, as QrText.toCompactJws reads it: the QR URL
 * (numeric forms 1 and 2, after a path ending in /v), a URL whose fragment is the compact JWS, or the compact
 * JWS itself; Java whitespace around it is ignored. Anything else is bad-qr-text.
 */
export function toCompactJws(scanned) {
  const bad = (d) => new VerifyError('bad-qr-text', d);
  const t = javaStrip(scanned);
  const hash = t.indexOf('#');
  if (hash < 0) {
    if (t.includes('://')) throw bad('URL has no label after #');
    return t;
  }
  const url = t.slice(0, hash);
  if (url.length < 2 || url.slice(-2).toLowerCase() !== '/v') throw bad('not a JC-STAR verify URL');
  const frag = t.slice(hash + 1);
  if (frag === '') throw bad('URL has no label after #');
  if (frag.startsWith('ey')) return frag;
  const version = frag[0];
  if (version !== NUMERIC_FORMAT_VERSION && version !== COMPACT_HEADER_FORM) throw bad(`unsupported QR format version ${shown(version)}`);
  if (!/^[0-9]*$/.test(frag.slice(1))) throw bad('numeric form holds a non-digit');
  if (version === COMPACT_HEADER_FORM) {
    if (frag.length < 6) throw bad('numeric form too short');
    const f = frag[1];
    if (f !== '0' && f !== '1') throw bad('compact-header form flag must be 0 or 1');
    const p = Number(frag.slice(2, 6));
    const all = digitsToBytes(frag.slice(6));
    if (all.length !== KID_BYTES + p + SIGNATURE_LENGTH) throw bad('numeric form lengths do not add up');
    const header = standardHeader(base64urlEncode(all.slice(0, KID_BYTES)), f === '1');
    return [header, all.slice(KID_BYTES, KID_BYTES + p), all.slice(KID_BYTES + p)].map(base64urlEncode).join('.');
  }
  if (frag.length < 8) throw bad('numeric form too short');
  const h = Number(frag.slice(1, 4));
  const p = Number(frag.slice(4, 8));
  const all = digitsToBytes(frag.slice(8));
  if (all.length !== h + p + SIGNATURE_LENGTH) throw bad('numeric form lengths do not add up');
  return [all.slice(0, h), all.slice(h, h + p), all.slice(h + p)].map(base64urlEncode).join('.');
}

/**
 * Verifies a label's signature and reads its claims, with the checks, the order and the reason codes of the
 * Java verifier (LabelVerifier; the golden fixtures of shared/ pin them: registry-site/test/golden.test.mjs):
 * size, QR text, three parts, header, key, signature encoding and range, low s, signature, and only then the
 * payload (inflated, bounded) and its claims. `loadJwks()` returns the JWKS object (or throws); any failure
 * to get the keys is `keys-unavailable`, which is NOT a verdict on the label.
 * Resolves to {header, claims, kid, compact, form}; rejects with a VerifyError.
 */
export async function verifyLabel(input, { loadJwks, subtle = globalThis.crypto?.subtle } = {}) {
  if (typeof input !== 'string' || javaStrip(input) === '') throw new VerifyError('empty', 'no label given');
  if (input.length > MAX_INPUT) throw new VerifyError('too-large', `input of ${input.length} characters`);
  const jws = toCompactJws(input);
  const d1 = jws.indexOf('.');
  const d2 = d1 < 0 ? -1 : jws.indexOf('.', d1 + 1);
  if (d1 <= 0 || d2 < 0 || jws.indexOf('.', d2 + 1) >= 0 || d2 === d1 + 1 || d2 === jws.length - 1) {
    throw new VerifyError('not-compact-jws', 'expected header.payload.signature');
  }
  const header = checkHeader(base64urlDecode(jws.slice(0, d1)));
  let jwks;
  try {
    jwks = await loadJwks();
  } catch (e) {
    throw new VerifyError('keys-unavailable', 'the operator keys could not be fetched' + (e?.message ? `: ${e.message}` : ''));
  }
  const jwk = findKey(jwks, header.kid);
  const payloadBytes = base64urlDecode(jws.slice(d1 + 1, d2));
  const signature = base64urlDecode(jws.slice(d2 + 1));
  if (signature.length !== SIGNATURE_LENGTH) throw new VerifyError('bad-signature-encoding', `signature is ${signature.length} bytes, not 64`);
  const big = (b) => b.reduce((n, x) => (n << 8n) | BigInt(x), 0n);
  const r = big(signature.subarray(0, 32));
  const s = big(signature.subarray(32));
  if (r === 0n || s === 0n || r >= P256_N || s >= P256_N) throw new VerifyError('signature-out-of-range', 'r and s must lie in [1, n-1]');
  const ok = await verifySignature(jwk, jws.slice(0, d2), signature, subtle); // refuses high s first
  if (!ok) throw new VerifyError('bad-signature', `signature does not verify with key ${header.kid}`);
  const payload = header.zip === 'DEF' ? inflateRaw(payloadBytes) : payloadBytes;
  const claims = parseClaims(payload);
  const fragment = javaStrip(input).split('#')[1] ?? '';
  return { header, claims, kid: header.kid, compact: jws, form: /^[0-9]/.test(fragment) ? 'numeric' : 'jws' };
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
