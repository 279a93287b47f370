// The golden fixtures of the Java verifier (shared/core/src/test/resources/jp/jcstar/verify/golden/, made by
// GoldenFixtures.java and checked by GoldenRejectionTest) are the site's test vectors too: verify.js must refuse
// every one with the reason code the Java verifier answers (docs/label-format.md, reason codes), and accept the
// genuine labels the cases depart from. Run from the repository root: node --test registry-site/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { verifyLabel, VerifyError, REASONS } from '../site/assets/verify.js';

const DIR = new URL('../../shared/core/src/test/resources/jp/jcstar/verify/', import.meta.url);
const read = (name) => JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
const jwks = read('golden-jwks.json');
const valid = read('golden-valid.json');
const cases = readdirSync(new URL('golden/', DIR)).filter((f) => f.endsWith('.json')).sort().map((f) => ({ file: f, ...read('golden/' + f) }));
const opts = { loadJwks: async () => jwks, subtle: webcrypto.subtle };

test('the corpus is there: every fixture file, and every reason code among them', () => {
  assert.ok(cases.length >= 160, `${cases.length} fixtures`);
  assert.deepEqual([...new Set(cases.map((c) => c.reason))].sort(), [...REASONS].sort(), 'verify.js knows exactly the reason codes of the fixtures');
});

for (const c of cases) {
  test(`${c.reason}: ${c.name} (${c.rule})`, async () => {
    await assert.rejects(verifyLabel(c.input, opts), (e) => {
      assert.ok(e instanceof VerifyError, String(e));
      assert.equal(e.code, c.reason, `${c.file}: ${e.message}`);
      return true;
    });
  });
}

for (const [i, input] of valid.labels.entries()) {
  test(`genuine label ${i} (${input.slice(0, 30)}…) verifies`, async () => {
    const r = await verifyLabel(input, opts);
    assert.equal(r.kid, jwks.keys[0].kid);
    assert.equal(r.claims.v, 1);
  });
}

test('every reason code reads as words in both languages (err.<code>), and no old code is left', async () => {
  const { strings } = await import('../site/assets/i18n.js');
  for (const lang of ['ja', 'en']) {
    for (const code of REASONS) assert.ok(strings[lang]['err.' + code], `${lang}: err.${code}`);
    for (const old of ['wrong-alg', 'unknown-key', 'bad-payload', 'bad-format', 'bad-digits', 'bad-base64', 'unsupported-header', 'bad-signature-length', 'payload-too-large']) {
      assert.equal(strings[lang]['err.' + old], undefined, `${lang}: err.${old} is gone`);
    }
  }
});
