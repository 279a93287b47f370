// A key compromise without reprinting (docs/transparency-log.md, "Key compromise"), in the browser: the
// key-status document beside the JWKS (a C2SP signed note signed by the log key) lists the label keys the
// operator withdrew, each with the time T and N, the number of log entries recorded before T. A label of
// such a key is accepted only when the log proves its issuance entry at an index below N (the inclusion
// proof from the static tiles, as tlog.js proves it for the product page); otherwise it is refused with
// `key-compromised`. A document that does not verify refuses every label (`key-status-unverified`): the page
// cannot tell which keys are withdrawn, so it trusts none and never falls back to trusting the key.
// The same rule, words and codes as the Java verifiers (KeyStatusCheck). No DOM here.

import { LogError, KEY_PATH, parseVerifierKey, openNote, proveLogged } from './tlog.js';

export const KEY_STATUS_PATH = '/.well-known/jcstar-key-status';
export const KEY_COMPROMISED = 'key-compromised';
export const KEY_STATUS_UNVERIFIED = 'key-status-unverified';
const HEADER = 'jcstar-key-status v1';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** The body of a key-status document: {origin, published, compromised: [{kid, compromisedAt, logSizeAtT}]}. */
export function parseKeyStatus(body) {
  const lines = body.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '' || lines[0] !== HEADER) {
    throw new LogError('key-status', `not a key-status document (first line ${HEADER})`);
  }
  if (!INSTANT.test(lines[2])) throw new LogError('key-status', 'bad time in the key-status document');
  const compromised = [];
  for (const line of lines.slice(3, -1)) {
    const f = line.split(' ');
    if (f.length !== 4 || f[0] !== 'compromised' || !/^[A-Za-z0-9_-]{1,64}$/.test(f[1]) || !INSTANT.test(f[2]) || !/^(0|[1-9][0-9]{0,15})$/.test(f[3])) {
      throw new LogError('key-status', 'bad line in the key-status document');
    }
    compromised.push({ kid: f[1], compromisedAt: f[2], logSizeAtT: Number(f[3]) });
  }
  return { origin: lines[1], published: lines[2], compromised };
}

/** The verified document in `noteText` (signature of `key`, origin the key's name); throws LogError. */
export async function openKeyStatus(subtle, noteText, key) {
  const status = parseKeyStatus(await openNote(subtle, noteText, key, 'key-status document'));
  if (status.origin !== key.name) throw new LogError('key-status', 'the key-status document is of another log');
  return status;
}

/**
 * Loads and verifies the document: `fetchText(path)` → text or null (404) for the site's paths,
 * `fetchFile(path)` → Uint8Array or null below the public files' root (the log key). Resolves to null when
 * the registry publishes none (no key withdrawn), to the status, or rejects with a LogError (fail closed).
 */
export async function loadKeyStatus({ subtle, fetchText, fetchFile }) {
  // both at once: the document is only ever read with the key
  const [note, keyBytes] = await Promise.all([fetchText(KEY_STATUS_PATH), fetchFile(KEY_PATH)]);
  if (note === null) return null;
  if (!keyBytes) throw new LogError('key', 'the registry publishes a key-status document but no log key');
  return openKeyStatus(subtle, note, parseVerifierKey(new TextDecoder().decode(keyBytes)));
}

/**
 * The verdict on a verified label of key `kid`: {accepted: true, note: null} when the key is not listed;
 * {accepted: true, note, index, compromisedAt} when the log proves it logged before T; else
 * {accepted: false, code: 'key-compromised', detail}. `findIndex()` resolves to the label's claimed log
 * index (from its API record: untrusted, the proof decides) or null.
 */
export async function decideKey({ subtle, status, kid, labelId, jws, findIndex, fetchFile }) {
  const mark = status?.compromised.find((c) => c.kid === kid);
  if (!mark) return { accepted: true, note: null };
  const withdrawn = `signed with key ${kid}, withdrawn on ${mark.compromisedAt}`;
  let index;
  try {
    index = await findIndex();
  } catch {
    index = null;
  }
  if (index === null || index === undefined) return { accepted: false, code: KEY_COMPROMISED, detail: `${withdrawn}; not in the log` };
  try {
    await proveLogged({ subtle, fetchFile, index, labelId, jws });
  } catch (e) {
    return { accepted: false, code: KEY_COMPROMISED, detail: `${withdrawn}; the log does not prove it was logged before (${e.message})` };
  }
  if (index >= mark.logSizeAtT) {
    return { accepted: false, code: KEY_COMPROMISED, detail: `${withdrawn}; logged as entry ${index}, after the ${mark.logSizeAtT} entries logged before the withdrawal` };
  }
  return { accepted: true, note: `${withdrawn}; logged before it as entry ${index}`, index, compromisedAt: mark.compromisedAt };
}
