// The site's dates (registry-site/site/assets/dates.js) are exactly what Intl.DateTimeFormat writes, without
// its cost on a phone. Run: node --test registry-site/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayText, instantText } from '../site/assets/dates.js';

const FORMAT = { year: 'numeric', month: 'long', day: 'numeric' };
const intl = { ja: 'ja-JP', en: 'en-GB' };

test('instants are written as Intl writes their date in Japan, in both languages', () => {
  // every 7 hours 13 minutes over four years: every month, every JST/UTC date boundary side, leap day 2028
  for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2030-01-01T00:00:00Z'); t += (7 * 60 + 13) * 60000) {
    for (const lang of ['ja', 'en']) {
      const want = new Intl.DateTimeFormat(intl[lang], { ...FORMAT, timeZone: 'Asia/Tokyo' }).format(new Date(t));
      assert.equal(instantText(lang, t), want, new Date(t).toISOString());
    }
  }
});

test('an instant just before and after midnight in Japan is on two days', () => {
  assert.equal(instantText('ja', '2026-12-01T14:59:59Z'), '2026年12月1日');
  assert.equal(instantText('ja', '2026-12-01T15:00:00Z'), '2026年12月2日');
  assert.equal(instantText('en', new Date('2026-12-01T15:00:00Z')), '2 December 2026');
});

test('calendar days are written as Intl writes them in UTC (the label states a JST date)', () => {
  for (const ymd of ['2026-01-01', '2028-02-29', '2030-09-30', '2031-12-31']) {
    for (const lang of ['ja', 'en']) {
      assert.equal(dayText(lang, ymd), new Intl.DateTimeFormat(intl[lang], { ...FORMAT, timeZone: 'UTC' }).format(new Date(ymd + 'T00:00:00Z')));
    }
  }
});

test('what is not a date is shown as it is', () => {
  assert.equal(dayText('ja', 'soon'), 'soon');
  assert.equal(dayText('ja', ''), '—');
  assert.equal(dayText('en', '2030-13-45'), '2030-13-45');
  assert.equal(instantText('ja', null), '—');
  assert.equal(instantText('en', 'not a date'), 'not a date');
});
