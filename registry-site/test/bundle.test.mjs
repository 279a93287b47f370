// The verify page (site/v.html) is built from verify-page.html, its modules and app.css: it must be current,
// and the CSP in template.yaml must allow exactly its inline script and style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyPage, templateWithHashes } from '../bundle.mjs';

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');

test('v.html is built from the current page, modules and style sheet (run: node registry-site/bundle.mjs)', () => {
  assert.equal(read('../site/v.html'), verifyPage().html);
});

test('v.html carries its script and style inline, and loads neither a module nor a style sheet', () => {
  const html = read('../site/v.html');
  assert.equal(html.match(/<script>/g).length, 1);
  assert.equal(html.match(/<style>/g).length, 1);
  assert.doesNotMatch(html, /<script[^>]* src=|<link rel="stylesheet"|type="module"/);
  assert.ok(html.indexOf('<script>') > html.indexOf('</footer>'), 'the script stands after the page it works on');
  assert.ok(html.indexOf('<style>') < html.indexOf('<body>'));
});

test('every CSP of template.yaml allows the inline script and style of v.html by their SHA-256, and nothing else inline', () => {
  const html = read('../site/v.html');
  const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  const script = html.slice(html.indexOf('<script>') + 8, html.indexOf('</script>'));
  const style = html.slice(html.indexOf('<style>') + 7, html.indexOf('</style>'));
  const template = read('../../template.yaml');
  const policies = [...template.matchAll(/ContentSecurityPolicy: "([^"]+)"/g)].map((m) => m[1]);
  assert.ok(policies.length >= 1);
  for (const p of policies) {
    assert.match(p, new RegExp(`script-src 'self' ${hash(script).replace(/[+/]/g, '\\$&')};`));
    assert.match(p, new RegExp(`style-src 'self' ${hash(style).replace(/[+/]/g, '\\$&')};`));
    assert.doesNotMatch(p, /unsafe-inline|unsafe-eval/);
  }
  assert.equal(templateWithHashes(template, verifyPage()), template, 'run: node registry-site/bundle.mjs');
});

test('the bundle runs as a classic script in strict mode and leaks no name into the page', () => {
  const { script } = verifyPage();
  assert.match(script, /^\n\/\/ GENERATED[^\n]*\n[^\n]*\n\(\(\) => \{\n'use strict';\n/);
  assert.ok(script.endsWith('})();\n'));
  assert.doesNotMatch(script, /^\s*(import|export)\s/m);
});
