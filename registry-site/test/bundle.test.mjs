// The verify page loads one bundle (site/assets/verify.bundle.js) built from its modules: it must be current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bundle } from '../bundle.mjs';

test('verify.bundle.js is built from the current modules (run: node registry-site/bundle.mjs)', () => {
  assert.equal(readFileSync(new URL('../site/assets/verify.bundle.js', import.meta.url), 'utf8'), bundle());
});

test('v.html loads the bundle, not the modules one by one', () => {
  const html = readFileSync(new URL('../site/v.html', import.meta.url), 'utf8');
  assert.match(html, /<script type="module" src="assets\/verify\.bundle\.js"><\/script>/);
  assert.doesNotMatch(html, /page-verify\.js"/);
});
