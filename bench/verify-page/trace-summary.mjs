// Summarises a trace written by VerifyPageBench (BENCH_TRACE=PREFIX): the verify page's main-thread work
// from the navigation to /v until the verdict (the bench's performance.mark('verdict')).
// Wall time depends on the machine's load; thread time (tdur: CPU the renderer's main thread really used,
// not multiplied by the CPU throttle) hardly does, so it compares changes on a busy machine.
// Usage: node bench/verify-page/trace-summary.mjs PREFIX-cold.json [--tasks] [--js]
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const { traceEvents: ev } = JSON.parse(readFileSync(file, 'utf8'));
const nav = ev.find((e) => e.name === 'navigationStart' && /\/v#/.test(e.args?.data?.documentLoaderURL || ''));
const verdict = ev.find((e) => e.name === 'verdict' && e.ph !== 'M');
if (!nav || !verdict) throw new Error('no navigation to /v or no verdict mark in ' + file);
const pid = nav.pid;
const tid = nav.tid;
const start = nav.ts;
const end = verdict.ts;
const ms = (us) => (us / 1000).toFixed(1);
const onMain = ev.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid && e.dur !== undefined && e.ts < end && e.ts + e.dur > start)
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);

// Level-0 tasks (clipped to the window); thread time scaled by the clipped share of the task.
let wallBusy = 0;
let cpu = 0;
const tasks = [];
let until = -Infinity;
const kinds = new Map(); // name → thread time of the outermost event of that name
const open = [];
for (const e of onMain) {
  while (open.length && open[open.length - 1].ts + open[open.length - 1].dur <= e.ts) open.pop();
  const level = open.length;
  open.push(e);
  const share = (Math.min(end, e.ts + e.dur) - Math.max(start, e.ts)) / Math.max(1, e.dur);
  const tdur = (e.tdur ?? e.dur) * share;
  if (level === 0 && e.ts >= until) {
    until = e.ts + e.dur;
    wallBusy += e.dur * share;
    cpu += tdur;
    tasks.push(e);
  }
  if (!open.slice(0, -1).some((o) => o.name === e.name)) kinds.set(e.name, (kinds.get(e.name) || 0) + tdur);
}
const KINDS = [
  ['HTML parse', 'HTMLDocumentParser::PumpTokenizer'], ['script compile', 'V8.CompileCode'], ['module evaluate', 'v8.evaluateModule'],
  ['microtasks (promises)', 'RunMicrotasks'], ['style', 'UpdateLayoutTree'], ['layout', 'Layout'], ['text shaping', 'InlineNode::ShapeTextIncludingFirstLine'],
  ['paint', 'LocalFrameView::RunPaintLifecyclePhase'], ['CSS parse', 'ParseAuthorStyleSheet'], ['GC', 'V8.GC_MC_BACKGROUND_MARKING'],
];
console.log(`${file}: verdict at ${ms(end - start)} ms; main thread busy ${ms(wallBusy)} ms wall, ${ms(cpu)} ms thread time (CPU, unthrottled)`);
console.log('  of which (thread time, ms; nested kinds overlap):', KINDS.map(([label, name]) => `${label} ${ms(kinds.get(name) || 0)}`).join(', '));
if (process.argv.includes('--tasks')) {
  for (const e of tasks.filter((e) => e.dur >= 2000)) {
    const inner = onMain.filter((x) => x !== e && x.ts >= e.ts && x.ts + x.dur <= e.ts + e.dur && x.dur >= e.dur * 0.3).slice(0, 3).map((x) => x.name);
    console.log(`  ${ms(e.ts - start).padStart(7)} +${ms(e.dur).padStart(6)} wall ${ms(e.tdur ?? 0).padStart(6)} cpu  ${inner.join(' > ')}`);
  }
}
if (process.argv.includes('--js')) {
  // JavaScript self time by function from the V8 sampling profiler (ProfileChunk events)
  const nodes = new Map();
  const self = new Map();
  const clock = new Map();
  for (const e of ev.filter((x) => x.name === 'ProfileChunk' && x.pid === pid)) {
    const p = e.args?.data?.cpuProfile || {};
    for (const n of p.nodes || []) nodes.set(n.id, n);
    let t = clock.get(e.id) ?? ev.find((x) => x.name === 'Profile' && x.id === e.id)?.args?.data?.startTime ?? 0;
    (p.samples || []).forEach((id, i) => {
      t += e.args.data.timeDeltas[i];
      const n = nodes.get(id);
      if (!n || t < start || t > end) return;
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url ? f.url.replace(/^https?:\/\/[^/]+/, '') + ':' + (f.lineNumber + 1) : ''}`;
      self.set(key, (self.get(key) || 0) + 1);
    });
    clock.set(e.id, t);
  }
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(v).padStart(6)} samples ${k}`);
}
