// The site's reading of a typed registration number agrees with the server's (RegistrationNumber.java).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalRegNo } from '../site/assets/regno.js';

test('registration numbers are read as people type them', () => {
  for (const typed of ['JC26-7K3M9QXA', 'jc26-7k3m9qxa', 'JC267K3M9QXA', 'ＪＣ２６－７Ｋ３Ｍ９ＱＸＡ', ' JC26 7K3M 9QXA ', 'JC26‐7K3M9QXA', 'JC26ー7K3M9QXA']) {
    assert.equal(canonicalRegNo(typed), 'JC26-7K3M9QXA', typed);
  }
  assert.equal(canonicalRegNo('jc26-oaibLc1o'), 'JC26-0A1B1C10');
});

test('what cannot be a registration number is not one', () => {
  for (const typed of ['', 'SC-300', 'JC26-ABC', 'JC2X-7K3M9QXA', 'JC26-7K3M9QXAB', 'JC26-7K3M9QXU', null, undefined, 'x'.repeat(100)]) {
    assert.equal(canonicalRegNo(typed), null, String(typed));
  }
});
