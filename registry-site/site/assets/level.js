// The star level written one way everywhere: the scheme's own notation ☆1–☆4 (not ★☆☆☆ or
// 「★レベル」), read out as "☆1" / "Star level 1".
import { t } from './i18n.js';
import { h } from './ui.js';

export function levelMark(level) {
  const n = Math.max(0, Math.min(4, Number(level) || 0));
  return h('span', { class: 'stars level', 'data-level': String(n), 'aria-label': t('level.aria', { n }) }, t('level.text', { n }));
}
