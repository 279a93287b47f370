// The verify page's markup as the phone benchmark needs it (docs/benchmarks.md, "Verify page on a phone").
// Run: node --test registry-site/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { strings } from '../site/assets/i18n.js';

const html = readFileSync(new URL('../site/v.html', import.meta.url), 'utf8');

test('v.html is written in the Japanese the page would translate it to, so applyI18n changes nothing on a scan', () => {
  const keyed = [...html.matchAll(/data-i18n="([^"]+)"[^>]*>([^<]*)</g)];
  assert.ok(keyed.length > 10);
  for (const [, key, text] of keyed) assert.equal(text, strings.ja[key], key);
  for (const [, pairs] of html.matchAll(/data-i18n-attr="([^"]+)"[^>]*/g)) {
    for (const pair of pairs.split(';')) {
      const [attr, key] = pair.split(':');
      const tag = html.slice(html.lastIndexOf('<', html.indexOf(`data-i18n-attr="${pairs}"`)), html.indexOf('>', html.indexOf(`data-i18n-attr="${pairs}"`)));
      assert.match(tag, new RegExp(`${attr.trim()}="${strings.ja[key.trim()]}"`), key);
    }
  }
  const title = html.match(/<title>([^<]*)<\/title>/)[1];
  assert.equal(title, `${strings.ja['verify.title']} | ${strings.ja['site.name']}`);
});

test('v.html draws no image before the verdict: no <img>, its brand mark inline, the page icon added after the verdict', () => {
  assert.doesNotMatch(html, /<img\b/);
  assert.match(html, /<svg class="brand-mark"/);
  const icons = [...html.slice(0, html.indexOf('<script>')).matchAll(/<link rel="icon" href="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(icons, ['data:,'], 'an empty icon (the browser asks for /favicon.ico without one)');
});

test('the verify bundle keeps every UI string the page can show (VERIFY_PAGE_STRINGS), and only those', async () => {
  const { VERIFY_PAGE_STRINGS } = await import('../bundle.mjs');
  const prefixes = new Set(Object.keys(strings.ja).map((k) => k.split('.')[0]));
  const bundle = html.slice(html.indexOf('<script>'), html.indexOf('</script>'));
  const markup = readFileSync(new URL('../verify-page.html', import.meta.url), 'utf8');
  const modules = [...bundle.matchAll(/^\/\/ ---- ([a-z0-9-]+)\.js$/gm)].map((m) => m[1]);
  assert.ok(modules.includes('page-verify') && modules.includes('i18n'));
  const sources = modules.filter((m) => m !== 'i18n').map((m) => readFileSync(new URL(`../site/assets/${m}.js`, import.meta.url), 'utf8'));
  const used = new Set();
  for (const text of [markup, ...sources]) {
    for (const m of text.matchAll(/['"`:]([a-z]+)\.(?!html|js\b|json)(?=[a-zA-Z0-9'`-])/g)) if (prefixes.has(m[1])) used.add(m[1]);
  }
  used.add('site'); // applyI18n's title
  for (const p of used) assert.ok(VERIFY_PAGE_STRINGS.includes(p), `strings '${p}.…' are used by the verify page but left out of its bundle`);
  assert.match(bundle, /'verify\.title'/);
  assert.doesNotMatch(bundle, /'search\.|'about\./, 'other pages\' strings stay out of the bundle');
});
