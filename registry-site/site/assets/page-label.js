// Product page (label.html?id=…): the label's claims, its current status, QR downloads and the
// vendor's conformity declaration.
import { getLabel, getLabelHistory, labelLinks } from './api.js';
import { levelMark } from './level.js';
import { t, getLang } from './i18n.js';
import { h, clear, initChrome, statusBadge, categoryName, formatDay, formatInstant, reasonText, defList } from './ui.js';
import { proveLogged } from './tlog.js';

initChrome();

const root = document.getElementById('label-page');
const id = (new URLSearchParams(location.search).get('id') || '').trim();
let state = { phase: 'loading' };

// Only links we make ourselves or same-origin paths from the API become hrefs.
const sameOrigin = (p, fallback) => (typeof p === 'string' && /^\/(?!\/)/.test(p) ? p : fallback);

function verifyHref(rec) {
  if (typeof rec.qrText === 'string' && rec.qrText.includes('#')) return 'v.html#' + rec.qrText.slice(rec.qrText.indexOf('#') + 1);
  if (typeof rec.jws === 'string' && rec.jws) return 'v.html#' + rec.jws;
  return null;
}

function declarationSection(decl) {
  const answers = decl && Array.isArray(decl.answers) ? decl.answers : [];
  const section = h('section', { class: 'panel', 'aria-labelledby': 'decl-title' }, h('h2', { id: 'decl-title' }, t('label.declaration')));
  if (answers.length === 0) {
    section.append(h('p', {}, t('label.declaration.none')));
  } else {
    const rows = answers.map((a) => {
      const req = String(a.requirement ?? '');
      const verdictKey = 'verdict.' + a.verdict;
      const evidence = Array.isArray(a.evidence) && a.evidence.length ? h('ul', {}, a.evidence.map((e) => h('li', {}, String(e)))) : null;
      return h('tr', {},
        h('th', { scope: 'row', class: 'nowrap' }, h('a', { href: `requirements.html#req-${encodeURIComponent(req)}` }, req)),
        h('td', { class: 'nowrap' }, t(verdictKey) === verdictKey ? String(a.verdict ?? '—') : t(verdictKey)),
        h('td', {}, a.justification ? String(a.justification) : '—', evidence),
      );
    });
    section.append(h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'nowrap' }, t('label.declaration.req')),
        h('th', { scope: 'col', class: 'nowrap' }, t('label.declaration.verdict')),
        h('th', { scope: 'col' }, t('label.declaration.justification')))),
      h('tbody', {}, rows))));
  }
  const ev = decl && decl.evaluation;
  if (ev && typeof ev === 'object') {
    section.append(h('h3', {}, t('label.evaluation')), defList([
      [t('label.evaluation.body'), ev.body ?? null],
      [t('label.evaluation.report'), ev.reportId ?? null],
    ]));
  }
  return section;
}

// Display names of the foreign schemes in the mutual-recognition view (keys as the API sends them).
const SCHEME_NAMES = {
  'etsi-en-303-645': 'ETSI EN 303 645',
  'uk-psti': 'UK PSTI',
  'nistir-8425': 'US NISTIR 8425',
  'eu-cra': 'EU CRA',
  'sg-cls': 'Singapore CLS',
  'iec-62443-4-1': 'IEC 62443-4-1',
  'iec-62443-4-2': 'IEC 62443-4-2',
};

function coverageSection(coverage) {
  if (!coverage || typeof coverage !== 'object') return null;
  const rows = Object.entries(coverage).filter(([, c]) => Array.isArray(c) && c.length > 0)
    .map(([scheme, clauses]) => h('tr', {},
      h('th', { scope: 'row', class: 'nowrap' }, SCHEME_NAMES[scheme] || scheme),
      h('td', {}, clauses.map(String).join(', '))));
  if (rows.length === 0) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'cov-title', id: 'coverage' },
    h('h2', { id: 'cov-title' }, t('label.coverage')),
    h('p', {}, t('label.coverage.intro')),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('label.coverage.scheme')), h('th', { scope: 'col' }, t('label.coverage.clauses')))),
      h('tbody', {}, rows))));
}

// What the label is recognised as abroad (the record's `recognition`): one line per arrangement, with its source.
function recognitionSection(recognition) {
  if (!Array.isArray(recognition) || recognition.length === 0) return null;
  const lang = getLang() === 'en' ? 'en' : 'ja';
  return h('section', { class: 'panel', 'aria-labelledby': 'recog-title', id: 'recognition' },
    h('h2', { id: 'recog-title' }, t('label.recognition')),
    h('ul', {}, recognition.map((r) => h('li', {},
      r.applies
        ? t('label.recognition.line', { scheme: String(r.scheme), effect: String((r.effect || {})[lang] || ''), date: formatDay(r.validUntil) })
        : t('label.recognition.notNow', { scheme: String(r.scheme) }),
      r.source && /^https?:\/\//.test(String(r.source.url))
        ? h('span', {}, ' ', h('a', { href: String(r.source.url), rel: 'noopener noreferrer' }, t('label.recognition.source', { title: String(r.source.title) })))
        : null))));
}

// The label's history (GET /v1/labels/{id}/history): issuance and every status change, oldest first.
function historySection(history) {
  if (!history || !Array.isArray(history.items)) return null;
  return h('section', { class: 'panel', 'aria-labelledby': 'history-title', id: 'history' },
    h('h2', { id: 'history-title' }, t('label.history')),
    h('ol', { class: 'history' }, history.items.map((i) => h('li', { class: 'history-item', 'data-state': i.state },
      h('time', { datetime: i.effectiveAt }, formatInstant(i.effectiveAt)),
      ' ',
      i.event === 'issued' ? h('span', {}, t('label.history.issued')) : statusBadge(i.state),
      i.reason ? h('span', { class: 'history-reason' }, ' ', t('label.history.reason', { reason: reasonText(i.reason) })) : null))));
}

// The transparency log (docs/transparency-log.md): "logged as entry N", and the inclusion proof of that
// entry computed from the published tiles and verified here against the signed checkpoint.
async function fetchLogFile(path) {
  const res = await fetch('/files/' + path, { credentials: 'same-origin' });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function checkLog(rec) {
  if (!Number.isSafeInteger(rec.logIndex) || typeof rec.jws !== 'string' || !globalThis.crypto?.subtle) return;
  state.log = { phase: 'checking' };
  proveLogged({ subtle: crypto.subtle, fetchFile: fetchLogFile, index: rec.logIndex, labelId: rec.id, jws: rec.jws })
    .then((proved) => { state.log = { phase: 'proved', size: proved.size }; }, (e) => { state.log = { phase: 'failed', reason: String(e.message || e) }; })
    .then(render);
}

function logSection(rec) {
  if (!Number.isSafeInteger(rec.logIndex)) return null;
  const log = state.log || { phase: 'checking' };
  const line = log.phase === 'proved' ? h('p', { class: 'log-proved', 'data-log': 'proved' }, t('label.log.proved', { size: String(log.size) }))
    : log.phase === 'failed' ? h('p', { class: 'notice', 'data-log': 'failed' }, t('label.log.failed', { reason: log.reason }))
      : h('p', { 'data-log': 'checking' }, t('label.log.checking'));
  return h('section', { class: 'panel', 'aria-labelledby': 'log-title', id: 'transparency-log' },
    h('h2', { id: 'log-title' }, t('label.log')),
    h('p', {}, t('label.log.entry', { n: String(rec.logIndex) })),
    line);
}

function render() {
  if (state.phase === 'loading') return;
  root.removeAttribute('aria-busy');
  if (state.phase === 'error') {
    clear(root).append(h('h1', { class: 'page-title' }, t('label.title')), h('p', { class: 'notice' }, state.message()));
    document.title = `${t('label.title')} | ${t('site.name')}`;
    return;
  }
  const rec = state.rec;
  const l = rec.label || {};
  const lid = rec.id || l.id || id;
  const links = { ...labelLinks(lid), ...(rec.links || {}) };
  const showDetail = rec.status === 'revoked' || rec.status === 'suspended' || rec.status === 'support-ended';
  const verify = verifyHref(rec);
  document.title = `${l.product || lid} | ${t('site.name')}`;
  clear(root).append(...[
    h('div', { class: 'label-head' },
      h('h1', {}, l.product || lid),
      statusBadge(rec.status),
      levelMark(l.level)),
    showDetail && (rec.reason || rec.statusEffectiveAt)
      ? h('p', { class: 'status-detail' },
        rec.reason ? t('verify.reasonLine', { reason: reasonText(rec.reason) }) : null,
        rec.reason && rec.statusEffectiveAt ? ' / ' : null,
        rec.statusEffectiveAt ? t('verify.dateLine', { date: formatInstant(rec.statusEffectiveAt) }) : null)
      : null,
    h('section', { class: 'panel', 'aria-label': t('verify.details') },
      defList([
        [t('field.product'), l.product ?? null],
        [t('field.vendor'), l.vendor ?? null],
        [t('field.models'), Array.isArray(l.models) ? h('ul', { class: 'models' }, l.models.map((m) => h('li', {}, m))) : null],
        [t('field.level'), l.level ? levelMark(l.level) : null],
        [t('field.category'), l.category ? categoryName(l.category) : null],
        [t('field.status'), statusBadge(rec.status)],
        rec.reason ? [t('field.reason'), reasonText(rec.reason)] : null,
        rec.statusEffectiveAt ? [t('field.effectiveAt'), formatInstant(rec.statusEffectiveAt)] : null,
        [t('field.supportEnd'), l.supportEnd ? formatDay(l.supportEnd) : null],
        [t('field.issuedAt'), l.issuedAt ? formatInstant(l.issuedAt) : null],
        [t('field.validUntil'), l.validUntil ? formatInstant(l.validUntil) : null],
        [t('field.id'), h('span', { class: 'mono' }, lid)],
        l.status && typeof l.status === 'object' ? [t('field.statusRef'), h('span', { class: 'mono' }, `${l.status.list} / ${l.status.index}`)] : null,
      ])),
    h('section', { class: 'panel', 'aria-labelledby': 'qr-title' },
      h('h2', { id: 'qr-title' }, t('label.qr')),
      h('div', { class: 'qr-box' },
        h('img', { src: sameOrigin(links.qrSvg, labelLinks(lid).qrSvg), alt: t('label.qr.alt', { id: lid }), width: 240, height: 240 }),
        h('div', {},
          h('h3', {}, t('label.downloads')),
          // print files only for a label that may go on a box (the API refuses artwork otherwise: 409/410)
          rec.status === 'valid'
            ? h('ul', { class: 'downloads' },
              h('li', {}, h('a', { href: sameOrigin(links.qrPng, labelLinks(lid).qrPng), download: `${lid}-qr.png` }, t('label.dl.png'))),
              h('li', {}, h('a', { href: sameOrigin(links.qrSvg, labelLinks(lid).qrSvg), download: `${lid}-qr.svg` }, t('label.dl.svg'))),
              h('li', {}, h('a', { href: sameOrigin(links.artwork, labelLinks(lid).artwork), download: `${lid}-label.svg` }, t('label.dl.artwork'))),
              h('li', {}, h('a', { href: `${sameOrigin(links.artwork, labelLinks(lid).artwork)}?format=pdf`, download: `${lid}-label.pdf` }, t('label.dl.artworkPdf'))))
            : h('p', { class: 'notice downloads-refused' }, t('label.dl.notValid')),
          verify ? h('p', {}, h('a', { class: 'button', href: verify }, t('label.verifyHere'))) : null))),
    historySection(state.history),
    logSection(rec),
    declarationSection(rec.declaration),
    coverageSection(rec.coverage),
    recognitionSection(rec.recognition),
  ].filter(Boolean));
}

async function load() {
  if (!id) {
    state = { phase: 'error', message: () => t('label.missingId') };
    return render();
  }
  try {
    state = { phase: 'ok', rec: await getLabel(id) };
    checkLog(state.rec);
    // the history is a second, optional request: the page stands without it
    getLabelHistory(state.rec.id || id).then((history) => {
      state.history = history;
      render();
    }, () => {});
  } catch (e) {
    state = { phase: 'error', message: () => (e.kind === 'not-found' ? t('common.error.notFound') : t('common.error.network')) };
  }
  render();
}

document.addEventListener('langchange', render);
load();
