// The CloudFront functions of template.yaml, run as CloudFront runs them: handler(event) → request or response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const template = readFileSync(new URL('../../template.yaml', import.meta.url), 'utf8').split('\n');

function cloudFrontFunction(name) {
  const start = template.indexOf(`  ${name}:`);
  assert.ok(start >= 0, `${name} is in template.yaml`);
  const codeAt = template.findIndex((l, i) => i > start && l.trim() === 'FunctionCode: |');
  const body = [];
  for (let i = codeAt + 1; i < template.length && (template[i].startsWith('        ') || template[i].trim() === ''); i++) body.push(template[i]);
  return new Function(`${body.join('\n')}\nreturn handler;`)();
}

const request = (uri) => ({ request: { method: 'GET', uri, querystring: { v: { value: '2026-11-28T00:00:00Z' } }, headers: {} } });

test('the files behaviour serves the export files from their bucket keys', () => {
  const files = cloudFrontFunction('FilesPathRewrite');
  assert.equal(files(request('/files/v1/export/labels.json')).uri, '/v1/export/labels.json');
  assert.equal(files(request('/files/v1/export/labels.csv')).uri, '/v1/export/labels.csv');
});

test('the files behaviour serves nothing else of the bucket', () => {
  const files = cloudFrontFunction('FilesPathRewrite');
  for (const uri of ['/files/', '/files/v1/export-other', '/files/v1/status-lists/1', '/files/v1/exports/labels.json',
    '/files/.well-known/jwks.json', '/filesv1/export/labels.json']) {
    assert.equal(files(request(uri)).statusCode, 404, uri);
  }
});

test('the verify page is served at the QR URL /v', () => {
  const site = cloudFrontFunction('VerifyPathRewrite');
  assert.equal(site(request('/v')).uri, '/v.html');
  assert.equal(site(request('/v/')).uri, '/v.html');
  assert.equal(site(request('/')).uri, '/index.html');
  assert.equal(site(request('/search.html')).uri, '/search.html');
});

test('a problem type URI (/problems/<code>) is the page that explains it', () => {
  const site = cloudFrontFunction('VerifyPathRewrite');
  assert.equal(site(request('/problems/bad-query')).uri, '/problems.html');
  assert.equal(site(request('/problems/unknown-parameter')).uri, '/problems.html');
});
