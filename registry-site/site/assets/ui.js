// Shared page chrome (language switch) and small rendering helpers. Text from the API is only
// ever put into the page with textContent (via h()), never as HTML.
import { applyI18n, getLang, setLang, t, has } from './i18n.js';
import { dayText, instantText } from './dates.js';

/** Builds an element: h('a', {href: '…', class: 'x'}, 'text', childNode, …). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export const CATEGORIES = ['router', 'camera', 'smart-home', 'smart-speaker', 'lock', 'nas', 'printer', 'wearable', 'toy', 'industrial', 'other'];
export const STATUSES = ['valid', 'support-ended', 'expired', 'revoked', 'suspended'];

export const categoryName = (code) => (has('category.' + code) ? t('category.' + code) : code || '—');
export const reasonText = (code) => (code ? (has('reason.' + code) ? t('reason.' + code) : code) : '');
export const statusText = (s) => (has('status.' + s) ? t('status.' + s) : s || '—');

/** ★ level as stars, read out as "☆1" (the scheme's own notation). */
export function stars(level) {
  const n = Math.max(0, Math.min(4, Number(level) || 0));
  return h('span', { class: 'stars', role: 'img', 'aria-label': t('level.aria', { n }) }, '★'.repeat(n) + '☆'.repeat(4 - n));
}

// Icons as inline SVG (drawn, so they do not depend on which glyphs the phone's fonts have).
const ICON_PATHS = {
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  cross: ['M6.5 6.5l11 11', 'M17.5 6.5l-11 11'],
  clock: ['M12 3.5a8.5 8.5 0 1 0 0 17a8.5 8.5 0 1 0 0-17z', 'M12 7.5V12l3.5 2.5'],
  pause: ['M9 6.5v11', 'M15 6.5v11'],
  question: ['M9 9a3 3 0 1 1 4.2 2.75c-.8.4-1.2 1-1.2 1.9V15', 'M12 18.2v.3'],
  alert: ['M12 6v8', 'M12 17.7v.3'],
  info: ['M12 11v7', 'M12 6.7v.3'],
};
const SVG_NS = 'http://www.w3.org/2000/svg';

export function icon(name, cls = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICON_PATHS[name] || ICON_PATHS.info) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

export const STATUS_ICON = { valid: 'check', 'support-ended': 'clock', expired: 'clock', revoked: 'cross', suspended: 'pause', unknown: 'question' };

export function statusBadge(status) {
  const known = status in STATUS_ICON;
  return h('span', { class: `badge badge-${known ? status : 'unknown'}` }, icon(STATUS_ICON[known ? status : 'unknown'], 'icon badge-icon'), statusText(status));
}

/** A calendar date 'YYYY-MM-DD' (no time zone: it is the JST date the label states). */
export function formatDay(ymd) {
  return dayText(getLang(), ymd);
}

/** An instant (ISO text, Date or epoch ms) as its date in Japan. */
export function formatInstant(x) {
  return instantText(getLang(), x);
}

/** <dl> from [label, value] rows; value may be a Node or text; rows with null value are skipped. */
export function defList(rows, cls = 'facts') {
  return h('dl', { class: cls }, rows.filter((r) => r && r[1] !== null && r[1] !== undefined).map(([k, v]) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', {}, v))));
}

export function message(text, cls = 'notice') {
  return h('p', { class: cls }, text);
}

/** Wires the language buttons and translates the static markup; call once per page. */
export function initChrome() {
  // ?lang=en in a shared link switches (and remembers) the language.
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked && asked !== getLang()) setLang(asked);
  const lang = getLang();
  applyI18n(document, lang);
  const buttons = document.querySelectorAll('[data-set-lang]');
  const sync = () => {
    const cur = getLang();
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.setLang === cur));
  };
  for (const b of buttons) b.addEventListener('click', () => {
    setLang(b.dataset.setLang);
    sync();
  });
  sync();
  document.documentElement.classList.add('js');
}
