// The Japanese and English dictionaries stay in step, and the Japanese reads as Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strings } from '../site/assets/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const JA = '[\\u3000-\\u30ff\\u3400-\\u9fff\\uff00-\\uffef]';

test('ja and en have the same keys', () => {
  const ja = Object.keys(strings.ja).sort();
  const en = Object.keys(strings.en).sort();
  assert.deepEqual(ja.filter((k) => !en.includes(k)), [], 'in ja only');
  assert.deepEqual(en.filter((k) => !ja.includes(k)), [], 'in en only');
});

test('each key has the same placeholders in both languages and no empty text', () => {
  for (const k of Object.keys(strings.ja)) {
    assert.deepEqual(placeholders(strings.ja[k]), placeholders(strings.en[k] ?? ''), k);
    assert.ok(strings.ja[k].trim() && (strings.en[k] ?? '').trim(), k);
  }
});

test('no stray spaces in Japanese between a filled-in value or a star level and the Japanese around it', () => {
  // ids and key ids are Latin codes and keep their spaces; dates, counts and reasons are Japanese text
  const latin = new Set(['id', 'kid']);
  for (const [k, s] of Object.entries(strings.ja)) {
    for (const m of s.matchAll(new RegExp(`\\{(\\w+)\\} +(?=${JA})|(?<=${JA}) +\\{(\\w+)\\}`, 'g'))) {
      assert.ok(latin.has(m[1] ?? m[2]), `${k}: "${s}"`);
    }
    assert.doesNotMatch(s, new RegExp(`☆\\d +${JA}`), k);
  }
});

test('star levels are written one way: ☆1–☆4', () => {
  for (const lang of ['ja', 'en']) {
    for (const [k, s] of Object.entries(strings[lang])) assert.doesNotMatch(s, /★/, `${lang} ${k}`);
    assert.equal(strings[lang]['level.text'].replace('{n}', '2'), '☆2');
  }
});
