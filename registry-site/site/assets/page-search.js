// Registry search (index.html). The search state lives in the URL query, so a result list can be
// shared as a link; "more" follows the API's `next` cursor.
import { searchLabels, getLabel } from './api.js';
import { canonicalRegNo } from './regno.js';
import { levelMark } from './level.js';
import { parseLabelText, extractLabelText, VerifyError } from './verify.js';
import { t } from './i18n.js';
import { h, clear, initChrome, statusBadge, categoryName, CATEGORIES, STATUSES } from './ui.js';

initChrome();

const FIELDS = ['vendor', 'product', 'model', 'category', 'level', 'status'];
const PAGE_SIZE = 20;
const form = document.getElementById('search-form');
const list = document.getElementById('results');
const statusEl = document.getElementById('results-status');
const moreBtn = document.getElementById('more');

let next = null;
let shown = 0;
let records = [];
let query = {};
let run = 0;

function fillSelects() {
  const sel = (id, any, values, label) => {
    const el = document.getElementById(id);
    const cur = el.value;
    clear(el).append(h('option', { value: '' }, t(any)), ...values.map((v) => h('option', { value: v }, label(v))));
    el.value = cur;
  };
  sel('f-category', 'category.any', CATEGORIES, categoryName);
  sel('f-level', 'level.any', ['1', '2', '3', '4'], (n) => t('level.text', { n }));
  sel('f-status', 'status.any', STATUSES, (s) => t('status.' + s));
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  const q = {};
  for (const f of FIELDS) {
    const v = (p.get(f) || '').trim();
    if (v) q[f] = v;
  }
  return q;
}

function fillForm(q) {
  for (const f of FIELDS) form.elements[f].value = q[f] || '';
}

function readForm() {
  const q = {};
  for (const f of FIELDS) {
    const v = form.elements[f].value.trim();
    if (v) q[f] = v;
  }
  return q;
}

function resultItem(rec) {
  const l = rec.label || {};
  const id = rec.id || l.id;
  return h('li', { class: 'result' },
    h('h3', {}, h('a', { href: `label.html?id=${encodeURIComponent(id)}` }, l.product || id)),
    h('p', {}, l.vendor || ''),
    h('p', { class: 'result-meta' },
      levelMark(l.level),
      statusBadge(rec.status),
      h('span', {}, categoryName(l.category)),
      Array.isArray(l.models) && l.models.length ? h('span', { class: 'mono' }, l.models.join(', ')) : null,
    ),
  );
}

async function load(append) {
  const mine = ++run;
  if (!append) {
    clear(list);
    records = [];
    shown = 0;
    next = null;
  }
  moreBtn.hidden = true;
  statusEl.textContent = t('common.loading');
  list.setAttribute('aria-busy', 'true');
  try {
    const page = await searchLabels({ ...query, limit: PAGE_SIZE, cursor: append ? next : undefined });
    if (mine !== run) return;
    const items = Array.isArray(page.items) ? page.items : [];
    const firstNew = list.children.length;
    records.push(...items);
    list.append(...items.map(resultItem));
    shown += items.length;
    next = page.next || null;
    moreBtn.hidden = !next;
    statusEl.textContent = shown === 0 ? t('search.none') : t('search.count', { n: shown });
    // Keyboard users who pressed "more" continue at the first new result.
    if (append && list.children[firstNew]) list.children[firstNew].querySelector('a')?.focus();
  } catch (e) {
    if (mine !== run) return;
    statusEl.textContent = e.kind === 'bad-request' && e.message !== 'bad-request' ? e.message : t('common.error.network');
    moreBtn.hidden = !append || !next;
  } finally {
    if (mine === run) list.removeAttribute('aria-busy');
  }
}

// A registration number (in its own field, or typed alone into a text field) opens that label's page.
async function lookUpRegNo(typed) {
  const id = canonicalRegNo(typed);
  statusEl.textContent = '';
  if (!id) {
    statusEl.textContent = t('search.regno.invalid');
    return;
  }
  statusEl.textContent = t('common.loading');
  try {
    await getLabel(id);
    location.href = `label.html?id=${encodeURIComponent(id)}`;
  } catch (e) {
    statusEl.textContent = e.kind === 'not-found' ? t('search.regno.notFound', { id }) : t('common.error.network');
  }
}

function typedRegNo() {
  const own = form.elements.regno.value.trim();
  if (own) return own;
  const filled = ['vendor', 'product', 'model'].map((f) => form.elements[f].value.trim()).filter(Boolean);
  const others = ['category', 'level', 'status'].some((f) => form.elements[f].value);
  return filled.length === 1 && !others && canonicalRegNo(filled[0]) ? filled[0] : null;
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const regno = typedRegNo();
  if (regno) {
    lookUpRegNo(regno);
    return;
  }
  query = readForm();
  const qs = new URLSearchParams(query).toString();
  history.pushState(null, '', qs ? `?${qs}` : location.pathname);
  load(false);
});
form.addEventListener('reset', () => {
  setTimeout(() => form.requestSubmit(), 0);
});
moreBtn.addEventListener('click', () => load(true));
window.addEventListener('popstate', () => {
  query = readUrl();
  fillForm(query);
  load(false);
});
document.addEventListener('langchange', () => {
  fillSelects();
  // Re-render what is shown in the new language, without refetching.
  clear(list).append(...records.map(resultItem));
  if (list.getAttribute('aria-busy') !== 'true') statusEl.textContent = shown === 0 ? t('search.none') : t('search.count', { n: shown });
});

// Paste a label / QR text: check it can be read, then open the verify page on it.
document.getElementById('paste-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = document.getElementById('paste-text');
  const err = document.getElementById('paste-error');
  err.textContent = '';
  try {
    parseLabelText(input.value);
    location.href = 'v.html#' + extractLabelText(input.value);
  } catch (e) {
    const code = e instanceof VerifyError ? e.code : 'not-compact-jws';
    err.textContent = t('search.paste.invalid', { reason: t('err.' + code) });
    input.focus();
  }
});

fillSelects();
query = readUrl();
fillForm(query);
load(false);
