// The label's status from signed, static files (docs/label-format.md, "What the verify page reads"):
// the operator's status list (IETF Token Status List, JWT form, bits 2) and, only when the label's
// entry is not 0, its public status document. Pure functions; WebCrypto and DecompressionStream are
// the only platform parts, so this runs under `node --test` and in the browser. No DOM access.
import { VerifyError, base64urlDecode, parseJsonStrict, findKey, verifySignature, localStatus } from './verify.js';

/** Most bytes a list may inflate to (the server's bound is 16 MiB; ours is a page on a phone). */
export const MAX_LIST_BYTES = 1024 * 1024;
const LIST_VALUES = ['valid', 'revoked', 'suspended', 'support-ended'];
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v) => Number.isSafeInteger(v);

export async function inflateZlib(bytes, max = MAX_LIST_BYTES) {
  if (typeof DecompressionStream !== 'function') throw new VerifyError('crypto-unavailable', 'this browser cannot decompress status lists');
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        reader.cancel().catch(() => {});
        throw new VerifyError('bad-status-list', `the list inflates to more than ${max} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof VerifyError) throw e;
    throw new VerifyError('bad-status-list', 'the compressed list is corrupt');
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * Verifies status list token `token` for list number `n` against the operator's JWKS and reads it.
 * Refuses (VerifyError 'bad-status-list' or a signature code): another header than
 * {alg: ES256, kid, typ: statuslist+jwt}, an unknown key, a signature that does not verify, a `sub` that
 * is not list n, missing or malformed iat/exp/ttl, bits other than 2. An expired list is NOT refused:
 * `exp` is returned and the verdict says stale.
 * Resolves to {iat, exp, ttl, lst (bytes), kid}.
 */
export async function verifyStatusList(token, jwks, n, subtle = globalThis.crypto?.subtle) {
  const bad = (d) => new VerifyError('bad-status-list', d);
  if (typeof token !== 'string' || token.length > 2_000_000) throw bad('no token');
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw bad('a status list token has three parts');
  const header = parseJsonStrict(base64urlDecode(parts[0]), 'bad-status-list');
  if (!isObject(header) || header.alg !== 'ES256' || header.typ !== 'statuslist+jwt' || typeof header.kid !== 'string'
    || Object.keys(header).some((k) => k !== 'alg' && k !== 'kid' && k !== 'typ')) throw bad('unexpected header');
  const signature = base64urlDecode(parts[2]);
  if (signature.length !== 64) throw bad('an ES256 signature is 64 bytes');
  const jwk = findKey(jwks, header.kid);
  if (!(await verifySignature(jwk, parts[0] + '.' + parts[1], signature, subtle))) throw bad('the list signature does not verify');
  const p = parseJsonStrict(base64urlDecode(parts[1]), 'bad-status-list');
  if (!isObject(p) || typeof p.sub !== 'string' || !p.sub.endsWith(`/v1/status-lists/${n}`)) throw bad(`not list ${n}`);
  if (!isInt(p.iat) || !isInt(p.exp) || p.exp <= p.iat || !isInt(p.ttl) || p.ttl <= 0) throw bad('iat, exp or ttl malformed');
  const sl = p.status_list;
  if (!isObject(sl) || sl.bits !== 2 || typeof sl.lst !== 'string') throw bad('status_list malformed');
  const lst = await inflateZlib(base64urlDecode(sl.lst));
  return { iat: p.iat, exp: p.exp, ttl: p.ttl, lst, kid: header.kid };
}

/** The 2-bit value of entry `index` (draft §4.1: least significant bits first); out of range is an error. */
export function entryValue(lst, index) {
  if (!isInt(index) || index < 0 || index >= lst.length * 4) throw new VerifyError('bad-status-list', `index ${index} is outside the list`);
  return (lst[index >> 2] >> ((index & 3) * 2)) & 3;
}

/** The list value's name: 0 valid, 1 revoked, 2 suspended, 3 support-ended. */
export const listStatus = (value) => LIST_VALUES[value];

/**
 * The status document, if it explains this entry: same label id, same status reference, same state.
 * Anything else (absent, unreadable, out of step with the signed list) gives null, and the verdict
 * stands on the list alone, without reason or date.
 */
export function usableDocument(doc, claims, value) {
  if (!isObject(doc) || doc.id !== claims.id) return null;
  if (!Array.isArray(doc.s) || doc.s[0] !== claims.s[0] || doc.s[1] !== claims.s[1]) return null;
  if (doc.status !== listStatus(value)) return null;
  return {
    reason: typeof doc.reason === 'string' ? doc.reason : null,
    effectiveAt: typeof doc.statusEffectiveAt === 'string' && !Number.isNaN(Date.parse(doc.statusEffectiveAt)) ? doc.statusEffectiveAt : null,
  };
}

/**
 * One verdict from the verified claims and the status files.
 * status: {kind:'ok', list:{iat,exp,ttl}, value, doc} | {kind:'unavailable'}.
 * Returns {verdict, reason, effectiveAt, statusChecked, stale}; verdict one of valid, revoked, suspended,
 * support-ended, expired, stale, unavailable. 'valid' only from a list not past its exp whose entry is 0,
 * with the dates in the signed claims not passed. A passed date is a sure negative whatever the list says;
 * a revoked entry is final, so it stands even in an expired list.
 */
export function decideFromFiles(claims, status, nowMs) {
  const local = localStatus(claims, nowMs);
  const none = { reason: null, effectiveAt: null };
  if (status.kind !== 'ok') return { verdict: local === 'valid' ? 'unavailable' : local, ...none, statusChecked: false, stale: false };
  const stale = nowMs >= status.list.exp * 1000;
  const value = status.value;
  const doc = value === 0 ? null : usableDocument(status.doc, claims, value);
  if (value === 1) return { verdict: 'revoked', ...(doc || none), statusChecked: true, stale };
  if (stale) return { verdict: local === 'valid' ? 'stale' : local, ...none, statusChecked: false, stale };
  if (value === 2) return { verdict: 'suspended', ...(doc || none), statusChecked: true, stale };
  if (value === 3 || local === 'support-ended') {
    return { verdict: 'support-ended', ...(value === 3 && doc ? doc : none), statusChecked: true, stale };
  }
  return { verdict: local, ...none, statusChecked: true, stale };
}

/** The compact QR form: the fragment is the registration number alone (docs/label-format.md). */
export const COMPACT_ID = /^JC[0-9]{2}-[0-9A-HJKMNP-TV-Z]{8}$/;
