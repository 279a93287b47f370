// Dates as the site writes them, without Intl: building an Intl.DateTimeFormat loads the locale's and the
// time zone's ICU data, the largest piece of script work on the verify page before its verdict
// (docs/benchmarks.md, "Verify page on a phone"). The output is exactly Intl's for
// {year: 'numeric', month: 'long', day: 'numeric'} in ja-JP ("2030年9月30日") and en-GB ("30 September 2030");
// registry-site/test/dates.test.mjs compares the two. Pure functions (no DOM).

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Year, month (1–12) and day as the page's language writes a date. */
export function writeDate(lang, y, m, d) {
  return lang === 'ja' ? `${y}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** A calendar date 'YYYY-MM-DD' (no time zone: it is the JST date the label states); anything else as it is. */
export function dayText(lang, ymd) {
  if (typeof ymd !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(ymd)) return ymd || '—';
  const d = new Date(ymd + 'T00:00:00Z');
  if (Number.isNaN(d.getTime())) return ymd;
  return writeDate(lang, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Japan has kept UTC+9 all year since 1951 (no daylight saving time). */
const JST_MS = 9 * 3600 * 1000;

/** An instant (ISO text, Date or epoch ms) as its date in Japan. */
export function instantText(lang, x) {
  if (x === null || x === undefined || x === '') return '—';
  const d = x instanceof Date ? x : new Date(x);
  if (Number.isNaN(d.getTime())) return String(x);
  const j = new Date(d.getTime() + JST_MS);
  return writeDate(lang, j.getUTCFullYear(), j.getUTCMonth() + 1, j.getUTCDate());
}
