// The verify page (v.html, served at /v): the target of the label's QR code.
// The label arrives in the URL fragment, which never reaches a server. The signature is checked
// here with WebCrypto; only the registration number is sent, to ask for the current status.
import { verifyLabel, decideVerdict, jstDate, extractLabelText, VerifyError } from './verify.js';
import { getJwks, getLabel } from './api.js';
import { t } from './i18n.js';
import { h, icon, clear, initChrome, stars, categoryName, formatDay, formatInstant, reasonText, statusText, defList } from './ui.js';

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
  unknown: { icon: 'question', cls: 'neutral' },
  nokeys: { icon: 'alert', cls: 'neutral' },
  empty: { icon: 'info', cls: 'neutral' },
};

let state = { phase: 'checking' };
let run = 0;

async function check() {
  const mine = ++run;
  const fragment = location.hash.slice(1);
  if (!fragment) {
    state = { phase: 'empty' };
    return render();
  }
  state = { phase: 'checking' };
  render();
  let result;
  try {
    result = await verifyLabel(fragment, { loadJwks: getJwks });
  } catch (e) {
    if (mine !== run) return;
    const code = e instanceof VerifyError ? e.code : 'crypto-unavailable';
    const cannotCheck = code === 'keys-unavailable' || code === 'crypto-unavailable';
    state = { phase: cannotCheck ? 'nokeys' : 'invalid', code, detail: e?.message };
    return render();
  }
  let registry;
  try {
    registry = { kind: 'ok', record: await getLabel(result.claims.id) };
  } catch (e) {
    registry = { kind: e?.kind === 'not-found' ? 'not-found' : 'unavailable' };
  }
  if (mine !== run) return;
  const now = Date.now();
  state = { phase: 'done', result, registry, now, decision: decideVerdict(result.claims, registry, now) };
  render();
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
      verdictEl.className = 'verdict verdict-checking';
      clear(verdictEl).append(h('p', { class: 'verdict-title' }, t('verify.checking')));
      return;
    case 'empty':
      banner('empty', t('verify.v.empty'), [t('verify.v.empty.sub')]);
      document.getElementById('paste-text')?.focus();
      return;
    case 'nokeys':
      banner('nokeys', t('verify.v.nokeys'), [t(state.code === 'crypto-unavailable' ? 'err.crypto-unavailable' : 'verify.v.nokeys.sub')],
        `${t('verify.technical')}: ${state.code}`);
      resultEl.append(h('p', {}, retryButton()));
      return;
    case 'invalid':
      banner('invalid', t('verify.v.invalid'), [t('verify.v.invalid.sub')],
        `${t('verify.technical')}: ${t('err.' + state.code)} (${state.code}: ${state.detail})`);
      return;
    case 'done':
      return renderDone();
  }
}

function renderDone() {
  const { result, decision, now, registry } = state;
  const c = result.claims;
  const v = decision.verdict;
  const validUntil = new Date(c.exp * 1000);
  const lines = [];
  if (v === 'support-ended') {
    lines.push(t('verify.v.support-ended.sub', { date: formatDay(c.se) }));
  } else if (v === 'expired') {
    lines.push(t('verify.v.expired.sub', { date: formatInstant(validUntil) }));
  } else {
    lines.push(t(`verify.v.${v}.sub`));
  }
  if (decision.reason && (v === 'revoked' || v === 'suspended')) lines.push(t('verify.reasonLine', { reason: reasonText(decision.reason) }));
  if (decision.effectiveAt && (v === 'revoked' || v === 'suspended')) lines.push(t('verify.dateLine', { date: formatInstant(decision.effectiveAt) }));
  if (!decision.statusChecked && v !== 'unavailable') lines.push(t('verify.offlineNote'));
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
      registry.kind === 'not-found' ? null
        : h('p', {}, h('a', { class: 'button', href: `label.html?id=${encodeURIComponent(c.id)}` }, t('verify.productPage'))),
    ),
  );

  // What this device actually checked, so "status unavailable" still tells what is known.
  const supportPast = jstDate(now) > c.se;
  const validPast = now >= c.exp * 1000;
  const statusLine = decision.statusChecked
    ? t('verify.check.status', { status: registry.kind === 'not-found' ? t('status.unknown') : statusText(registry.record.status) })
    : t('verify.check.statusUnchecked');
  const item = (ok, text) => h('li', { class: ok ? 'check-ok' : 'check-bad' }, icon(ok ? 'check' : 'cross', 'icon check-icon'), h('span', {}, text));
  resultEl.append(
    h('section', { class: 'panel', 'aria-labelledby': 'checks-title' },
      h('h2', { id: 'checks-title' }, t('verify.offlineChecked')),
      h('ul', { class: 'checks' },
        item(true, t('verify.check.signature', { kid: result.kid })),
        item(registry.kind === 'ok' && decision.statusChecked && registry.record.status === 'valid', statusLine),
        item(!supportPast, t(supportPast ? 'verify.check.supportEnd.past' : 'verify.check.supportEnd.ok', { date: formatDay(c.se) })),
        item(!validPast, t(validPast ? 'verify.check.validUntil.past' : 'verify.check.validUntil.ok', { date: formatInstant(validUntil) })),
      ),
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
    err.textContent = t('err.' + (e.code || 'bad-format'));
    input.focus();
  }
});

window.addEventListener('hashchange', check);
document.addEventListener('langchange', render);
check();
