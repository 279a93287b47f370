// Every problem type the API description lists resolves to an explanation (problems.html, from problems.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PROBLEMS } from '../site/assets/problems.js';

test('every /problems/<code> in docs/openapi.yaml is explained in both languages', () => {
  const spec = readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8');
  const codes = new Set([...spec.matchAll(/\/problems\/([a-z0-9-]+)/g)].map((m) => m[1]));
  assert.ok(codes.size >= 20, [...codes].join(' '));
  for (const c of codes) {
    assert.ok(PROBLEMS[c], `/problems/${c} is not explained in problems.js`);
    assert.ok(PROBLEMS[c].ja && PROBLEMS[c].en && PROBLEMS[c].status >= 400, c);
  }
});
