// The page problem type URIs resolve to (/problems/<code> → problems.html): every code explained,
// the one in the URL highlighted.
import { getLang } from './i18n.js';
import { h, clear, initChrome } from './ui.js';
import { PROBLEMS } from './problems.js';

initChrome();

const list = document.getElementById('problems');
const asked = location.pathname.startsWith('/problems/') ? location.pathname.slice('/problems/'.length) : location.hash.slice(1);

function render() {
  const lang = getLang();
  clear(list).append(...Object.entries(PROBLEMS).flatMap(([code, p]) => [
    h('dt', { id: code, class: code === asked ? 'problem-current' : '' }, h('code', {}, `/problems/${code}`), ` (${p.status})`),
    h('dd', { class: code === asked ? 'problem-current' : '' }, lang === 'ja' ? p.ja : p.en),
  ]));
  const el = asked && document.getElementById(asked);
  if (el) el.scrollIntoView({ block: 'start', behavior: 'instant' });
}

document.addEventListener('langchange', render);
render();
