// The verify page (v.html, served at /v): the target of the label's QR code.
// The label arrives in the URL fragment, which never reaches a server. The verdict is decided here from
// signed, static files only (docs/label-format.md, "What the verify page reads"): the operator's JWKS,
// the label's signed status list and, only when its entry is not 0, the label's status document. For the
// compact QR form (registration number only) the label's signed JWS is fetched as a file first.
import { verifyLabel, extractLabelText, parseLabelText, checkHeader, inflateRaw, parseClaims, jstDate, VerifyError } from './verify.js';
import { verifyStatusList, entryValue, decideFromFiles, COMPACT_ID } from './status.js';
import { getFile, getJson, paths } from './files.js';
import { loadKeyStatus, decideKey } from './keystatus.js';
import { LogError } from './tlog.js';
import { t, has } from './i18n.js';
import { h, icon, clear, initChrome, stars, categoryName, formatDay, formatInstant, statusText, defList } from './ui.js';

initChrome();

const verdictEl = document.getElementById('verdict');
const resultEl = document.getElementById('result');

// Banner look per verdict: icon (never colour alone) and a colour class.
const LOOK = {
  valid: { icon: 'check', cls: 'ok' },
  revoked: { icon: 'cross', cls: 'bad' },
  'support-ended': { icon: 'clock', cls: 'warn' },
  expired: { icon: 'clock', cls: 'warn' },
  suspended: { icon: 'pause', cls: 'hold' },
  invalid: { icon: 'cross', cls: 'bad' },
  unavailable: { icon: 'alert', cls: 'neutral' },
  stale: { icon: 'alert', cls: 'neutral' },
  unknown: { icon: 'question', cls: 'neutral' },
  nokeys: { icon: 'alert', cls: 'neutral' },
  empty: { icon: 'info', cls: 'neutral' },
};

let state = { phase: 'checking' };
let run = 0;

// ---- the files, each fetched once per page and kept as the list's ttl allows -------------------

let jwksEntry = null; // {promise}
function loadJwks({ reload = false } = {}) {
  if (reload || !jwksEntry) {
    const promise = getJson(paths.jwks(), { revalidate: reload }).then((r) => {
      if (r.status !== 200 || !r.json) throw new Error(`HTTP ${r.status}`);
      return r;
    });
    jwksEntry = { promise };
    promise.catch(() => {
      if (jwksEntry?.promise === promise) jwksEntry = null;
    });
  }
  return jwksEntry.promise;
}

// The key-status document (keystatus.js), fetched with the JWKS: null when no key was ever withdrawn.
let keyStatusEntry = null; // {promise}
async function fetchText(path) {
  const r = await getFile(path);
  if (r.status === 404 || r.status === 403) return null;
  if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status}`);
  return r.text;
}
async function fetchLogFile(path) {
  const res = await fetch('/files/' + path, { credentials: 'same-origin' });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
function loadKeys() {
  if (!keyStatusEntry) {
    const promise = loadKeyStatus({ subtle: globalThis.crypto?.subtle, fetchText, fetchFile: fetchLogFile });
    keyStatusEntry = { promise };
    promise.catch(() => {
      if (keyStatusEntry?.promise === promise) keyStatusEntry = null;
    });
  }
  return keyStatusEntry.promise;
}
// Only for a label of a withdrawn key: its log index from its record (untrusted: the proof decides).
async function logIndexOf(id) {
  const r = await getJson(`/v1/labels/${encodeURIComponent(id)}`);
  return Number.isSafeInteger(r.json?.logIndex) ? r.json.logIndex : null;
}

// List n → {promise, refreshAt}. A list is used until its ttl has passed (and never past its exp);
// after that it is fetched again, revalidated with the CDN rather than read from the browser cache.
const lists = new Map();
function loadList(n) {
  const now = Date.now();
  const cached = lists.get(n);
  if (cached && now < cached.refreshAt) return cached.promise;
  if (cached && cached.refreshAt === undefined) return cached.promise; // in flight
  const entry = { refreshAt: undefined };
  entry.promise = (async () => {
    const [r, keys] = await Promise.all([getFile(paths.list(n), { revalidate: cached !== undefined }), loadJwks()]);
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    const list = await verifyStatusList(r.text, keys.json, n);
    return { list, offline: r.offline };
  })();
  lists.set(n, entry);
  entry.promise.then(({ list }) => {
    entry.refreshAt = Math.min(Date.now() + list.ttl * 1000, list.exp * 1000);
  }, () => {
    if (lists.get(n) === entry) lists.delete(n);
  });
  return entry.promise;
}

/** The list number a label names, read before its signature is checked: only to start the fetch early. */
async function peekList(text) {
  try {
    const parts = parseLabelText(text);
    const header = checkHeader(parts.header);
    const claims = parseClaims(header.zip === 'DEF' ? await inflateRaw(parts.payload) : parts.payload);
    return claims.s[0];
  } catch {
    return null;
  }
}

async function statusOf(claims) {
  const [n, index] = claims.s;
  let got;
  try {
    got = await loadList(n);
  } catch {
    return { kind: 'unavailable' };
  }
  const value = entryValue(got.list.lst, index);
  let doc = null;
  if (value !== 0) {
    try {
      doc = (await getJson(paths.statusDocument(claims.id))).json;
    } catch {
      // the list alone decides; only the reason and date are missing
    }
  }
  return { kind: 'ok', list: got.list, value, doc, offline: got.offline };
}

async function check() {
  const mine = ++run;
  loadJwks().catch(() => {}); // v.html preloads it; every label needs it
  loadKeys().catch(() => {}); // beside the JWKS, in parallel with it (and the log key that signs it)
  loadList(1).catch(() => {}); // v.html preloads it too: nearly every label is in list 1
  let text;
  try {
    text = location.hash.slice(1) ? extractLabelText(location.hash.slice(1)) : '';
  } catch {
    text = location.hash.slice(1);
  }
  if (!text) {
    state = { phase: 'empty' };
    return render();
  }
  state = { phase: 'checking' };
  render();
  let expectedId = null;
  if (COMPACT_ID.test(text)) {
    // The compact form: the label's signed JWS is a file, verified exactly as if it came from the QR.
    expectedId = text;
    let r = null;
    try {
      r = await getFile(paths.labelJws(text));
    } catch {
      // network: handled below
    }
    if (mine !== run) return;
    if (r?.status === 404 || r?.status === 403) { // S3 answers 403 for a missing key (no list permission)
      state = { phase: 'notregistered', id: expectedId };
      return render();
    }
    if (!r || r.status !== 200) {
      state = { phase: 'nokeys', code: 'label-unavailable' };
      return render();
    }
    text = r.text.trim();
  }
  // not awaited: the list's fetch starts as soon as its number is read, the signature check does not wait for it
  peekList(text).then((early) => {
    if (early !== null) loadList(early).catch(() => {});
  });
  // What the QR code held (the verify URL and its fragment), verified as the Java verifier reads a QR text;
  // a label file of the compact form is its compact JWS.
  const scanned = expectedId !== null ? text : '/v#' + text;
  let result;
  try {
    try {
      result = await verifyLabel(scanned, { loadJwks: async () => (await loadJwks()).json });
    } catch (e) {
      if (!(e instanceof VerifyError) || e.code !== 'unknown-kid') throw e;
      // a key newer than the cached JWKS: fetch the set again from the CDN before calling the label forged
      await loadJwks({ reload: true }).catch(() => {});
      result = await verifyLabel(scanned, { loadJwks: async () => (await loadJwks()).json });
    }
    if (expectedId !== null && result.claims.id !== expectedId) throw new VerifyError('id-mismatch', 'the label file is another label');
  } catch (e) {
    if (mine !== run) return;
    const code = e instanceof VerifyError ? e.code : 'crypto-unavailable';
    const cannotCheck = code === 'keys-unavailable' || code === 'crypto-unavailable';
    state = { phase: cannotCheck ? 'nokeys' : 'invalid', code, detail: e?.message };
    return render();
  }
  // a label of a withdrawn key counts only when the log proves it logged before the withdrawal
  let keyNote = null;
  try {
    let ks;
    try {
      ks = await loadKeys();
    } catch (e) {
      if (e instanceof LogError) throw e;
      if (mine !== run) return;
      state = { phase: 'nokeys', code: 'keys-unavailable' };
      return render();
    }
    const d = await decideKey({ subtle: crypto.subtle, status: ks, kid: result.kid, labelId: result.claims.id, jws: result.compact, findIndex: () => logIndexOf(result.claims.id), fetchFile: fetchLogFile });
    if (mine !== run) return;
    if (!d.accepted) {
      state = { phase: 'invalid', code: d.code, detail: d.detail };
      return render();
    }
    if (d.note) keyNote = d;
  } catch (e) {
    if (mine !== run) return;
    state = { phase: 'invalid', code: 'key-status-unverified', detail: e?.message };
    return render();
  }
  const status = await statusOf(result.claims);
  if (mine !== run) return;
  const now = Date.now();
  state = { phase: 'done', result, status, now, keyNote, compact: expectedId !== null, decision: decideFromFiles(result.claims, status, now) };
  render();
}

/** A reason code as shoppers read it: the translation, never the raw code. */
function reasonWords(code) {
  return has('reason.' + code) ? t('reason.' + code) : t('verify.reason.other');
}

/** How long ago, in words: minutes, hours or days. */
function ageText(ms) {
  const min = Math.max(0, Math.round(ms / 60000));
  if (min < 120) return t('verify.age.minutes', { n: min });
  const hours = Math.round(min / 60);
  if (hours < 48) return t('verify.age.hours', { n: hours });
  return t('verify.age.days', { n: Math.round(hours / 24) });
}

function banner(kind, title, lines, smallPrint) {
  const look = LOOK[kind];
  verdictEl.className = `verdict verdict-${look.cls}`;
  verdictEl.dataset.verdict = kind;
  clear(verdictEl).append(
    h('span', { class: 'verdict-icon' }, icon(look.icon)),
    h('div', { class: 'verdict-body' },
      h('p', { class: 'verdict-title' }, title),
      lines.filter(Boolean).map((l) => h('p', { class: 'verdict-line' }, l)),
      smallPrint ? h('p', { class: 'verdict-small' }, smallPrint) : null),
  );
}

function retryButton() {
  return h('button', { type: 'button', class: 'button button-secondary', onclick: () => check() }, t('verify.retry'));
}

function render() {
  clear(resultEl);
  delete verdictEl.dataset.verdict;
  switch (state.phase) {
    case 'checking':
      // as v.html already shows it (the first check of a scan): left alone, nothing to lay out again
      if (verdictEl.className === 'verdict verdict-checking' && verdictEl.textContent.trim() === t('verify.checking')) return;
      verdictEl.className = 'verdict verdict-checking';
      clear(verdictEl).append(h('p', { class: 'verdict-title' }, t('verify.checking')));
      return;
    case 'empty':
      banner('empty', t('verify.v.empty'), [t('verify.v.empty.sub')]);
      document.getElementById('paste-text')?.focus();
      return;
    case 'nokeys':
      banner('nokeys', t('verify.v.nokeys'), [t(state.code === 'crypto-unavailable' ? 'err.crypto-unavailable'
        : state.code === 'label-unavailable' ? 'verify.v.nolabel.sub' : 'verify.v.nokeys.sub')],
      `${t('verify.technical')}: ${state.code}`);
      resultEl.append(h('p', {}, retryButton()));
      return;
    case 'notregistered':
      banner('unknown', t('verify.v.unknown'), [t('verify.v.unknown.compact', { id: state.id }), t('verify.advice.unknown')]);
      return;
    case 'invalid':
      banner('invalid', t('verify.v.invalid'), [t('verify.v.invalid.sub')],
        `${t('verify.technical')}: ${has('err.' + state.code) ? t('err.' + state.code) : state.code} (${state.code}: ${state.detail})`);
      return;
    case 'done':
      return renderDone();
  }
}

function renderDone() {
  const { result, decision, now, status } = state;
  const c = result.claims;
  const v = decision.verdict;
  const validUntil = new Date(c.exp * 1000);
  const lines = [];
  if (v === 'support-ended') {
    lines.push(t('verify.v.support-ended.sub', { date: formatDay(c.se) }));
  } else if (v === 'expired') {
    lines.push(t('verify.v.expired.sub', { date: formatInstant(validUntil) }));
  } else if (v === 'stale') {
    lines.push(t('verify.v.stale.sub', { date: formatInstant(new Date(status.list.exp * 1000)) }));
  } else {
    lines.push(t(`verify.v.${v}.sub`));
  }
  if (decision.reason && (v === 'revoked' || v === 'suspended')) lines.push(t('verify.reasonLine', { reason: reasonWords(decision.reason) }));
  if (decision.effectiveAt && (v === 'revoked' || v === 'suspended')) lines.push(t('verify.dateLine', { date: formatInstant(decision.effectiveAt) }));
  if (v === 'revoked') lines.push(t('verify.advice.revoked'));
  if (state.keyNote) lines.push(t('verify.keyNote', { date: formatInstant(new Date(state.keyNote.compromisedAt)), n: state.keyNote.index }));
  if (status.kind === 'ok') {
    const issued = new Date(status.list.iat * 1000);
    lines.push(status.offline
      ? t('verify.offlineAge', { date: formatInstant(issued), age: ageText(now - issued.getTime()) })
      : t('verify.statusIssued', { date: formatInstant(issued) }));
  }
  if (!decision.statusChecked && v !== 'unavailable' && v !== 'stale') lines.push(t('verify.offlineNote'));
  banner(v, t(`verify.v.${v}`), lines);

  // What the signed label says (only shown once the signature is verified).
  const models = h('ul', { class: 'models' }, c.m.map((m) => h('li', {}, m)));
  resultEl.append(
    h('section', { class: 'panel', 'aria-labelledby': 'details-title' },
      h('h2', { id: 'details-title' }, t('verify.details')),
      defList([
        [t('field.product'), c.p],
        [t('field.vendor'), c.vn],
        [t('field.models'), models],
        [t('field.level'), h('span', {}, stars(c.lv), ' ', h('span', { class: 'level-text', 'aria-hidden': 'true' }, t('level.text', { n: c.lv })))],
        [t('field.category'), categoryName(c.c)],
        [t('field.supportEnd'), formatDay(c.se)],
        [t('field.validUntil'), formatInstant(validUntil)],
        [t('field.id'), h('span', { class: 'mono' }, c.id)],
      ]),
      h('p', {}, h('a', { class: 'button', href: `label.html?id=${encodeURIComponent(c.id)}` }, t('verify.productPage'))),
    ),
  );

  // What this device actually checked, so "status unavailable" still tells what is known.
  const supportPast = jstDate(now) > c.se;
  const validPast = now >= c.exp * 1000;
  const statusLine = decision.statusChecked
    ? t('verify.check.status', { status: statusText(v) })
    : t('verify.check.statusUnchecked');
  const item = (ok, text) => h('li', { class: ok ? 'check-ok' : 'check-bad' }, icon(ok ? 'check' : 'cross', 'icon check-icon'), h('span', {}, text));
  const technical = [[t('verify.tech.kid'), h('span', { class: 'mono' }, result.kid)], [t('verify.tech.list'), h('span', { class: 'mono' }, `${c.s[0]} / ${c.s[1]}`)]];
  if (status.kind === 'ok') technical.push([t('verify.tech.listExp'), formatInstant(new Date(status.list.exp * 1000))]);
  resultEl.append(
    h('section', { class: 'panel', 'aria-labelledby': 'checks-title' },
      h('h2', { id: 'checks-title' }, t('verify.offlineChecked')),
      h('ul', { class: 'checks' },
        item(true, t('verify.check.signatureOk')),
        item(decision.statusChecked && v === 'valid', statusLine),
        item(!supportPast, t(supportPast ? 'verify.check.supportEnd.past' : 'verify.check.supportEnd.ok', { date: formatDay(c.se) })),
        item(!validPast, t(validPast ? 'verify.check.validUntil.past' : 'verify.check.validUntil.ok', { date: formatInstant(validUntil) })),
      ),
      h('details', { class: 'tech-details' }, h('summary', {}, t('verify.tech.summary')), defList(technical)),
      decision.statusChecked ? null : h('p', {}, retryButton()),
    ),
  );
}

document.getElementById('paste-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = document.getElementById('paste-text');
  const err = document.getElementById('paste-error');
  err.textContent = '';
  try {
    const text = extractLabelText(input.value);
    input.value = '';
    if (location.hash.slice(1) === text) check();
    else location.hash = text;
    verdictEl.scrollIntoView({ block: 'start' });
  } catch (e) {
    err.textContent = t('err.' + (e.code || 'not-compact-jws'));
    input.focus();
  }
});

window.addEventListener('hashchange', check);
document.addEventListener('langchange', render);
check().finally(() => {
  // The icon only now: the browser draws an SVG icon as a document of its own, on the main thread, which
  // would otherwise come before the verdict (docs/benchmarks.md).
  const pageIcon = document.querySelector('link[rel="icon"]');
  if (pageIcon) {
    pageIcon.type = 'image/svg+xml';
    pageIcon.href = 'assets/favicon.svg';
  }
  // Installable, and verifies offline from what it has seen (sw.js); registered once the verdict is shown.
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
});
