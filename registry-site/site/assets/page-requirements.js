// Requirements catalogue (requirements.html). Tolerant of the endpoint's shape: a missing
// category list, text as a string or as {ja, en}, missing starOne or references all degrade to
// less detail rather than an error.
import { getRequirements } from './api.js';
import { t, getLang } from './i18n.js';
import { h, clear, initChrome } from './ui.js';

initChrome();

const box = document.getElementById('requirements');
const statusEl = document.getElementById('req-status');
const starOne = document.getElementById('star-one');
let data = null;
let failed = false;
let targeted = false;

// Display names of the reference schemes (keys as the API sends them; unknown keys shown as-is).
const SCHEMES = {
  'etsi-en-303-645': 'ETSI EN 303 645',
  'uk-psti': 'UK PSTI Act',
  'nistir-8425': 'US NISTIR 8425',
  'eu-cra': 'EU CRA',
  'sg-cls': 'Singapore CLS',
  'iec-62443-4-1': 'IEC 62443-4-1',
  'iec-62443-4-2': 'IEC 62443-4-2',
  'mic-ordinance': { ja: '端末設備等規則', en: 'MIC Terminal Facilities Ordinance' },
  ccds: { ja: 'CCDS サーティフィケーション', en: 'CCDS Certification' },
  bmsec: 'BMSec',
  rbss: 'RBSS',
  'jisec-c0755': 'JISEC-C0755',
};

const pick = (v) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'object') return String(v[getLang()] ?? v.ja ?? v.en ?? '');
  return '';
};

function categoryTitle(n, cats) {
  const c = cats.get(String(n));
  // the API sends name (English, the seed's table) and nameJa (the project's translation)
  const ja = getLang() === 'ja';
  const name = !c ? '' : pick(c[getLang()] !== undefined ? c[getLang()] : ja ? c.nameJa ?? c.name ?? c.ja : c.name ?? c.nameJa ?? c.en);
  const num = n === undefined || n === null || n === '' ? '' : t('req.category', { n });
  return [num, name].filter(Boolean).join(' — ') || '—';
}

function references(refs) {
  if (!refs || typeof refs !== 'object' || Array.isArray(refs)) return null;
  const rows = Object.entries(refs).filter(([, v]) => v !== null && v !== undefined && (!Array.isArray(v) || v.length));
  if (!rows.length) return null;
  return h('details', {},
    h('summary', {}, t('req.references')),
    h('dl', { class: 'refs' }, rows.map(([k, v]) => [h('dt', {}, pick(SCHEMES[k]) || k), h('dd', {}, Array.isArray(v) ? v.map(pick).join(', ') : pick(v))])));
}

function render() {
  if (failed) {
    statusEl.textContent = t('common.error.network');
    return;
  }
  if (!data) return;
  const onlyStarOne = starOne.checked;
  const cats = new Map((Array.isArray(data.categories) ? data.categories : []).map((c) => [String(c.number ?? c.id), c]));
  const reqs = (Array.isArray(data.requirements) ? data.requirements : [])
    .filter((r) => r && (r.id !== undefined))
    .filter((r) => !onlyStarOne || r.starOne === true);
  // Group by category, keeping the catalogue's category order, then first appearance.
  const groups = new Map();
  for (const c of cats.keys()) groups.set(c, []);
  for (const r of reqs) {
    const key = String(r.category ?? String(r.id).split('-')[0]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  clear(box);
  for (const [key, list] of groups) {
    if (!list.length) continue;
    box.append(h('section', { class: 'req-category', 'aria-labelledby': `cat-${key}` },
      h('h2', { id: `cat-${key}` }, categoryTitle(key, cats)),
      list.map((r) => h('article', { class: 'req', id: `req-${r.id}`, tabindex: '-1' },
        h('h3', { class: 'req-head' },
          h('span', { class: 'req-id' }, String(r.id)),
          r.starOne === true ? h('span', { class: 'req-star' }, t('req.starOne')) : null),
        pick(r.text ?? r.title) ? h('p', {}, pick(r.text ?? r.title)) : null,
        references(r.references)))));
  }
  statusEl.textContent = reqs.length ? t('req.count', { n: reqs.length }) : t('req.none');
  focusTarget();
}

// The product page links to requirements.html#req-2-1; the element exists only after rendering.
function focusTarget() {
  if (targeted || !location.hash.startsWith('#req-')) return;
  let el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!el && starOne.checked) {
    starOne.checked = false; // the target is hidden by the filter: show everything
    syncUrl();
    return render();
  }
  if (!el) return;
  targeted = true;
  document.querySelectorAll('.req-target').forEach((x) => x.classList.remove('req-target'));
  el.classList.add('req-target');
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'start', behavior: 'instant' });
}

function syncUrl() {
  const url = new URL(location.href);
  if (starOne.checked) url.searchParams.set('star1', '1');
  else url.searchParams.delete('star1');
  history.replaceState(null, '', url);
}

starOne.addEventListener('change', () => {
  syncUrl();
  render();
});
window.addEventListener('hashchange', () => {
  targeted = false;
  focusTarget();
});
document.addEventListener('langchange', () => {
  targeted = true; // do not jump around on a language switch
  render();
});

starOne.checked = new URLSearchParams(location.search).get('star1') === '1';
statusEl.textContent = t('common.loading');
try {
  data = await getRequirements();
  if (!data || typeof data !== 'object') throw new Error('not an object');
} catch {
  failed = true;
}
render();
