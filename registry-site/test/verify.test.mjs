// Unit tests for the site's in-browser verifier (registry-site/site/assets/verify.js).
// Run: node --test registry-site/test/
// The ES256 vectors are made here with node's WebCrypto: a fresh key per run, never stored.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import {
  VerifyError, base64urlEncode, base64urlDecode, bytesToDigits, digitsToBytes, digitCount,
  parseNumericForm, parseCompactJws, standardHeader, parseLabelText, extractLabelText, checkHeader, findKey,
  findDuplicateKey, parseClaims, inflateRaw, verifyLabel, localStatus, decideVerdict, jstDate, isHighS,
} from '../site/assets/verify.js';

const subtle = webcrypto.subtle;
const enc = new TextEncoder();
const json = (o) => enc.encode(JSON.stringify(o));
const rejects = (code) => (e) => e instanceof VerifyError && e.code === code;

const CLAIMS = {
  v: 1, id: 'JC26-4F7K2M9Q', lv: 1, m: ['WRX-100', 'WRX-100B'], p: '無線LANルータ', vn: '日本ネット株式会社',
  c: 'router', se: '2030-03-31', iat: 1767225600, exp: 1830297600, s: [1, 123],
};

let key; // {privateKey, publicKey}
let jwks;
const KID = 'op-2026-1';

const N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551n;

// (r, s) → (r, n - s): the other signature of the same message
function twin(sig) {
  let s = 0n;
  for (let i = 32; i < 64; i++) s = (s << 8n) | BigInt(sig[i]);
  let t = N - s;
  const out = new Uint8Array(sig);
  for (let i = 63; i >= 32; i--) { out[i] = Number(t & 255n); t >>= 8n; }
  return out;
}

// WebCrypto draws s either way; the registry signs low-s, so the vectors do too
async function sign(header, payloadBytes) {
  const h = base64urlEncode(json(header));
  const p = base64urlEncode(payloadBytes);
  let sig = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, enc.encode(h + '.' + p)));
  if (isHighS(sig)) sig = twin(sig);
  return { compact: `${h}.${p}.${base64urlEncode(sig)}`, header: json(header), payload: payloadBytes, sig };
}

function numericForm(header, payload, sig) {
  const all = new Uint8Array([...header, ...payload, ...sig]);
  return '1' + String(header.length).padStart(3, '0') + String(payload.length).padStart(4, '0') + bytesToDigits(all);
}

async function deflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const opts = () => ({ loadJwks: async () => jwks, subtle });

before(async () => {
  key = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const pub = await subtle.exportKey('jwk', key.publicKey);
  jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: pub.x, y: pub.y, kid: KID, alg: 'ES256', use: 'sig' }] };
});

describe('base64url', () => {
  test('round-trips every length 0..9', () => {
    for (let n = 0; n < 10; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 251) & 255);
      assert.deepEqual(base64urlDecode(base64urlEncode(b)), b);
    }
  });
  test('matches node Buffer base64url', () => {
    const b = Uint8Array.from({ length: 200 }, (_, i) => (i * 31 + 7) & 255);
    assert.equal(base64urlEncode(b), Buffer.from(b).toString('base64url'));
  });
  test('rejects padding, + and /, and impossible length', () => {
    assert.throws(() => base64urlDecode('QQ=='), rejects('bad-base64url'));
    assert.throws(() => base64urlDecode('a+b/'), rejects('bad-base64url'));
    assert.throws(() => base64urlDecode('QUJDR'), rejects('bad-base64url'));
  });
  test('rejects non-canonical trailing bits', () => {
    assert.throws(() => base64urlDecode('QR'), rejects('bad-base64url')); // 'QQ' is canonical for "A"
  });
});

describe('digit encoding', () => {
  test('each final-chunk width d(k) round-trips, including all-0xff chunks', () => {
    for (let n = 0; n <= 22; n++) {
      for (const fill of [0, 255]) {
        const b = new Uint8Array(n).fill(fill);
        const d = bytesToDigits(b);
        assert.equal(d.length, digitCount(n));
        assert.deepEqual(digitsToBytes(d), b);
      }
    }
  });
  test('widths are 3,5,8,10,13,15,17', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((k) => bytesToDigits(new Uint8Array(k)).length), [3, 5, 8, 10, 13, 15, 17]);
  });
  test('a final chunk ≥ 256^k is rejected', () => {
    assert.deepEqual(digitsToBytes('255'), Uint8Array.of(255));
    assert.throws(() => digitsToBytes('256'), rejects('bad-qr-text'));
    assert.throws(() => digitsToBytes('65536'), rejects('bad-qr-text'));
    assert.throws(() => digitsToBytes('999999999999999'), rejects('bad-qr-text')); // 6-byte chunk
  });
  test('a full chunk ≥ 256^7 is rejected', () => {
    assert.deepEqual(digitsToBytes('72057594037927935'), new Uint8Array(7).fill(255));
    assert.throws(() => digitsToBytes('72057594037927936'), rejects('bad-qr-text'));
  });
  test('lengths that are no whole number of bytes are rejected', () => {
    for (const len of [1, 2, 4, 6, 7, 9, 11, 12, 14, 16, 18]) {
      assert.throws(() => digitsToBytes('0'.repeat(len)), rejects('bad-qr-text'), `length ${len}`);
    }
  });
  test('non-digits are rejected', () => {
    assert.throws(() => digitsToBytes('12a'), rejects('bad-qr-text'));
  });
});

describe('numeric form', () => {
  test('decodes to the same compact JWS as the plain form', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json(CLAIMS));
    const n = parseNumericForm(numericForm(s.header, s.payload, s.sig));
    assert.equal(n.compact, s.compact);
    assert.equal(n.signature.length, 64);
  });
  test('wrong version digit is rejected', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json(CLAIMS));
    const text = '2' + numericForm(s.header, s.payload, s.sig).slice(1);
    assert.throws(() => parseNumericForm(text), rejects('bad-qr-text'));
  });
  test('declared lengths that do not match the digits are rejected (signature not 64 bytes)', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json(CLAIMS));
    const good = numericForm(s.header, s.payload, s.sig);
    const h = s.header.length;
    const shorterHeader = '1' + String(h - 1).padStart(3, '0') + good.slice(4); // would make the signature 65 bytes
    assert.throws(() => parseNumericForm(shorterHeader), rejects('bad-qr-text'));
    assert.throws(() => parseNumericForm(good.slice(0, -3)), rejects('bad-qr-text'));
    assert.throws(() => parseNumericForm(good + '000'), rejects('bad-qr-text'));
  });
  test('zero-length header or payload is rejected', () => {
    assert.throws(() => parseNumericForm('1000' + '0010' + '0'.repeat(digitCount(74))), rejects('bad-qr-text'));
  });
});

describe('label text forms', () => {
  test('accepts the whole QR URL, the fragment, and pasted text with line breaks', () => {
    assert.equal(extractLabelText('HTTPS://REG.EXAMPLE/V#1234'), '1234');
    assert.equal(extractLabelText('  eyJh.eyJ\n.sig '), 'eyJh.eyJ.sig');
  });
  test('empty input is "empty"', () => {
    assert.throws(() => parseLabelText(''), rejects('empty'));
    assert.throws(() => parseLabelText('https://x/v#'), rejects('empty'));
  });
  test('garbage is not a compact JWS', () => {
    assert.throws(() => parseLabelText('hello'), rejects('not-compact-jws'));
    assert.throws(() => parseLabelText('eyJhbGciOiJFUzI1NiJ9.e30'), rejects('not-compact-jws'));
  });
  test('a JWS signature of the wrong length is rejected', () => {
    assert.throws(() => parseCompactJws('eyJ.e30.' + base64urlEncode(new Uint8Array(63))), rejects('bad-signature-encoding'));
  });
});

describe('header', () => {
  const h = (o) => json(o);
  test('accepts {alg, kid} and {alg, kid, zip:DEF}', () => {
    assert.equal(checkHeader(h({ alg: 'ES256', kid: 'k' })).kid, 'k');
    assert.equal(checkHeader(h({ alg: 'ES256', kid: 'k', zip: 'DEF' })).zip, 'DEF');
  });
  test('wrong alg is rejected (none, HS256, RS256, es256)', () => {
    for (const alg of ['none', 'HS256', 'RS256', 'es256', undefined]) {
      assert.throws(() => checkHeader(h({ alg, kid: 'k' })), rejects('alg-not-allowed'), String(alg));
    }
  });
  test('missing kid, other zip, extra members and duplicates are rejected', () => {
    assert.throws(() => checkHeader(h({ alg: 'ES256' })), rejects('missing-kid'));
    assert.throws(() => checkHeader(h({ alg: 'ES256', kid: 'k', zip: 'GZIP' })), rejects('unexpected-header-param'));
    assert.throws(() => checkHeader(h({ alg: 'ES256', kid: 'k', crit: ['b64'] })), rejects('forbidden-header-param'));
    assert.throws(() => checkHeader(h({ alg: 'ES256', kid: 'k', jku: 'https://evil/' })), rejects('forbidden-header-param'));
    assert.throws(() => checkHeader(h({ alg: 'ES256', kid: 'k', typ: 'JWT' })), rejects('unexpected-header-param'));
    assert.throws(() => checkHeader(enc.encode('{"alg":"ES256","kid":"k","alg":"none"}')), rejects('bad-header'));
    assert.throws(() => checkHeader(enc.encode('["ES256"]')), rejects('bad-header'));
    assert.throws(() => checkHeader(Uint8Array.of(0xff, 0xfe)), rejects('bad-header'));
  });
  test('findDuplicateKey only looks at keys of the same object', () => {
    assert.equal(findDuplicateKey('{"a":{"a":1},"b":["a","a"],"c":"a"}'), null);
    assert.equal(findDuplicateKey('{"a":1,"b":{"x":1,"x":2}}'), 'x');
    assert.equal(findDuplicateKey('{"a\\"":1,"a\\"":2}'), 'a"');
  });
});

describe('keys', () => {
  test('unknown kid is rejected', () => {
    assert.throws(() => findKey(jwks, 'nope'), rejects('unknown-kid'));
  });
  test('a key of another type is rejected', () => {
    assert.throws(() => findKey({ keys: [{ kty: 'RSA', kid: 'r', n: 'x', e: 'AQAB' }] }, 'r'), rejects('unknown-kid'));
  });
});

describe('verifyLabel with a real ES256 signature', () => {
  test('plain form verifies and yields the claims (Japanese text intact)', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json(CLAIMS));
    const r = await verifyLabel(s.compact, opts());
    assert.deepEqual(r.claims, CLAIMS);
    assert.equal(r.form, 'jws');
  });
  test('numeric form with zip:DEF verifies', async () => {
    const s = await sign({ alg: 'ES256', kid: KID, zip: 'DEF' }, await deflateRaw(json(CLAIMS)));
    const r = await verifyLabel('HTTPS://REG.EXAMPLE/V#' + numericForm(s.header, s.payload, s.sig), opts());
    assert.deepEqual(r.claims, CLAIMS);
    assert.equal(r.form, 'numeric');
  });
  test('compact-header form (what issued QR codes carry) rebuilds the signed header and verifies', async () => {
    const kid16 = 'AbCdEfGhIjKlMnOp';
    const ks = { keys: [...jwks.keys, { ...jwks.keys[0], kid: kid16 }] };
    const s = await sign({ alg: 'ES256', kid: kid16, zip: 'DEF' }, await deflateRaw(json(CLAIMS)));
    assert.deepEqual([...s.header], [...standardHeader(kid16, true)]);
    const text = '21' + String(s.payload.length).padStart(4, '0') + bytesToDigits(new Uint8Array([...base64urlDecode(kid16), ...s.payload, ...s.sig]));
    const r = await verifyLabel('HTTPS://REG.EXAMPLE/v#' + text, { loadJwks: async () => ks, subtle });
    assert.deepEqual(r.claims, CLAIMS);
    // the same digits with the zip flag cleared rebuild another header, which the signature does not cover
    await assert.rejects(verifyLabel('20' + text.slice(2), { loadJwks: async () => ks, subtle }), (e) => e instanceof VerifyError);
  });
  test('the high-s twin (r, n - s) of a genuine signature is refused as high-s', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json(CLAIMS));
    assert.equal(isHighS(s.sig), false);
    const [h, p] = s.compact.split('.');
    const malleated = `${h}.${p}.${base64urlEncode(twin(s.sig))}`;
    assert.equal(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key.publicKey, twin(s.sig), enc.encode(h + '.' + p)), true,
      'the twin is a valid ECDSA signature');
    await assert.rejects(verifyLabel(malleated, opts()), rejects('high-s'));
  });
  test('tampered payload is rejected', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json(CLAIMS));
    const forged = base64urlEncode(json({ ...CLAIMS, lv: 4 }));
    const [h, , sig] = s.compact.split('.');
    await assert.rejects(verifyLabel(`${h}.${forged}.${sig}`, opts()), rejects('bad-signature'));
  });
  test('one flipped digit in the numeric form is rejected', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json(CLAIMS));
    const text = numericForm(s.header, s.payload, s.sig);
    const i = 8 + 17 * (Math.ceil(s.header.length / 7) + 1) + 5; // a chunk wholly inside the payload
    const flipped = text.slice(0, i) + ((Number(text[i]) + 1) % 10) + text.slice(i + 1);
    await assert.rejects(verifyLabel('HTTPS://REG.EXAMPLE/v#' + flipped, opts()), (e) => e instanceof VerifyError && ['bad-signature', 'bad-qr-text'].includes(e.code));
    // bare digits are no QR text (the Java verifier reads them as a compact JWS, and refuses them as one)
    await assert.rejects(verifyLabel(text, opts()), rejects('not-compact-jws'));
  });
  test('signature by another key under the same kid is rejected', async () => {
    const other = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const h = base64urlEncode(json({ alg: 'ES256', kid: KID }));
    const p = base64urlEncode(json(CLAIMS));
    let sig = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, other.privateKey, enc.encode(h + '.' + p)));
    if (isHighS(sig)) sig = twin(sig); // an attacker's forgery is low-s too, so it reaches the signature check
    await assert.rejects(verifyLabel(`${h}.${p}.${base64urlEncode(sig)}`, opts()), rejects('bad-signature'));
  });
  test('alg none with an empty signature never reaches the key check', async () => {
    const h = base64urlEncode(json({ alg: 'none', kid: KID }));
    const p = base64urlEncode(json(CLAIMS));
    await assert.rejects(verifyLabel(`${h}.${p}.${base64urlEncode(new Uint8Array(64))}`, opts()), rejects('alg-not-allowed'));
  });
  test('unknown kid is rejected', async () => {
    const s = await sign({ alg: 'ES256', kid: 'retired-or-forged' }, json(CLAIMS));
    await assert.rejects(verifyLabel(s.compact, opts()), rejects('unknown-kid'));
  });
  test('keys that cannot be fetched give keys-unavailable, not a verdict on the label', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json(CLAIMS));
    await assert.rejects(verifyLabel(s.compact, { loadJwks: async () => { throw new Error('offline'); }, subtle }), rejects('keys-unavailable'));
  });
  test('a signed payload with an unknown claim is rejected', async () => {
    const s = await sign({ alg: 'ES256', kid: KID }, json({ ...CLAIMS, extra: 1 }));
    await assert.rejects(verifyLabel(s.compact, opts()), rejects('unknown-claim'));
  });
  test('a deflate bomb is capped at 4096 bytes', async () => {
    const s = await sign({ alg: 'ES256', kid: KID, zip: 'DEF' }, await deflateRaw(new Uint8Array(100000).fill(32)));
    await assert.rejects(verifyLabel(s.compact, opts()), rejects('bad-compression'));
  });
});

describe('payload', () => {
  test('corrupt deflate data is bad-compression', () => {
    assert.throws(() => inflateRaw(Uint8Array.of(0xff, 0xff, 0xff)), rejects('bad-compression'));
  });
  test('claims of the wrong type are rejected', () => {
    assert.throws(() => parseClaims(json({ ...CLAIMS, v: 2 })), rejects('unsupported-version'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, lv: 5 })), rejects('bad-claim-value'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, m: [] })), rejects('bad-claim-value'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, se: '2030-3-31' })), rejects('bad-claim-value'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, se: '2031-02-29' })), rejects('bad-claim-value'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, s: [1] })), rejects('bad-claim-type'));
    assert.throws(() => parseClaims(enc.encode(new TextDecoder().decode(json(CLAIMS)).replace('"lv":1', '"lv":1.0'))), rejects('bad-claim-type'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, m: ['A', 'A'] })), rejects('bad-claim-value'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, p: ' leading space' })), rejects('bad-claim-value'));
    const { p, ...noProduct } = CLAIMS;
    assert.throws(() => parseClaims(json(noProduct)), rejects('missing-claim'));
  });
  test('the JSON is read as the Java verifier reads it (numbers as written, nothing lenient)', () => {
    const text = new TextDecoder().decode(json(CLAIMS));
    assert.throws(() => parseClaims(enc.encode(text.replace('"lv":1', '"lv":1e0'))), rejects('bad-claim-type'));
    assert.throws(() => parseClaims(enc.encode(text.replace('"lv":1', '"lv":01'))), rejects('payload-not-json'));
    assert.throws(() => parseClaims(enc.encode(text.replace('"v":1', '"v":1.0'))), rejects('unsupported-version'));
    assert.throws(() => parseClaims(enc.encode(text.replace('"iat":1767225600', '"iat":18446744073709551617'))), rejects('bad-claim-type'));
    assert.throws(() => parseClaims(enc.encode(text + ' {}')), rejects('payload-not-json'));
    assert.throws(() => parseClaims(enc.encode(text.replace('}', ',"lv":2}'))), rejects('duplicate-key'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, m: ['A\ud800'] })), rejects('bad-claim-value'));
    assert.throws(() => parseClaims(json({ ...CLAIMS, vn: 'V\u200b' })), rejects('bad-claim-value'));
    assert.deepEqual(parseClaims(enc.encode(' \n' + text + '\r\n')), CLAIMS);
  });
});

describe('verdict', () => {
  const day = 86400000;
  const now = Date.parse('2027-01-01T00:00:00Z');
  const ok = (status, extra = {}) => ({ kind: 'ok', record: { id: CLAIMS.id, status, reason: null, statusEffectiveAt: null, ...extra } });

  test('valid only when the registry says valid and the dates agree', () => {
    assert.equal(decideVerdict(CLAIMS, ok('valid'), now).verdict, 'valid');
  });
  test('status not checked is never valid', () => {
    const v = decideVerdict(CLAIMS, { kind: 'unavailable' }, now);
    assert.equal(v.verdict, 'unavailable');
    assert.equal(v.statusChecked, false);
  });
  test('a record for another id or an unknown status string counts as not checked', () => {
    assert.equal(decideVerdict(CLAIMS, { kind: 'ok', record: { id: 'JC26-OTHER', status: 'valid' } }, now).verdict, 'unavailable');
    assert.equal(decideVerdict(CLAIMS, ok('great'), now).verdict, 'unavailable');
  });
  test('404 is unknown', () => {
    assert.equal(decideVerdict(CLAIMS, { kind: 'not-found' }, now).verdict, 'unknown');
  });
  test('revoked and suspended carry reason and date', () => {
    const v = decideVerdict(CLAIMS, ok('revoked', { reason: 'nonconformity', statusEffectiveAt: '2026-12-01T00:00:00Z' }), now);
    assert.deepEqual([v.verdict, v.reason, v.effectiveAt], ['revoked', 'nonconformity', '2026-12-01T00:00:00Z']);
    assert.equal(decideVerdict(CLAIMS, ok('suspended'), now).verdict, 'suspended');
  });
  test('local dates override a registry "valid"', () => {
    assert.equal(decideVerdict(CLAIMS, ok('valid'), CLAIMS.exp * 1000).verdict, 'expired');
    assert.equal(decideVerdict(CLAIMS, ok('valid'), Date.parse('2030-04-01T00:00:00+09:00')).verdict, 'support-ended');
  });
  test('a passed date is still shown when the registry is unreachable', () => {
    assert.equal(decideVerdict(CLAIMS, { kind: 'unavailable' }, CLAIMS.exp * 1000 + day).verdict, 'expired');
  });
  test('support ends at the end of the JST day', () => {
    assert.equal(localStatus({ ...CLAIMS, se: '2026-12-31', exp: 2e9 }, Date.parse('2026-12-31T14:59:59Z')), 'valid');
    assert.equal(localStatus({ ...CLAIMS, se: '2026-12-31', exp: 2e9 }, Date.parse('2026-12-31T15:00:00Z')), 'support-ended');
    assert.equal(jstDate(Date.parse('2026-12-31T15:00:00Z')), '2027-01-01');
  });
});
