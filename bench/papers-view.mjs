// Typing with the Papers view open: hover and completion latency on a note with ~300 citations while
// a `mlPapers/citedPapers` request (the view's refresh) arrives with every change, against the same
// requests without it, measured in one server process, the two modes alternating request by request
// so that drift on a shared machine falls on both alike.
//
// Two scenarios, each with and without the view:
// - typing as people type: bursts of five keystrokes 60 ms apart, each asking for completion and
//   hover, then a pause; the view asks 400 ms into the pause (its debounce, client/src/papersView.ts)
//   and typing resumes 0-50 ms later, so a keystroke sometimes lands while the view's answer is made;
// - the worst case: a view request right before every keystroke's completion (hover follows).
//
//   node bench/papers-view.mjs [--n 300]     (or as part of `npm run bench`; needs `node esbuild.js`)
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { LspTestClient } = require(path.join(root, 'dist/test/server/lspClient.js'));

const now = () => performance.now();
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const r2 = (x) => Math.round(x * 100) / 100;
const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return { p50: r2(pct(s, 50)), p99: r2(pct(s, 99)), max: r2(s[s.length - 1]) }; };

/**
 * A review note citing `citations` keys: distinct database papers (every 7th key of the database),
 * each cited once or twice, a few unknown keys, and a refs.bib holding a tenth of them.
 */
function reviewNote(citations) {
  const db = readFileSync(path.join(root, 'server/data/papers.json'), 'utf8');
  const keys = [...db.matchAll(/^\{"id":"([^"]+)"/gm)].map((m) => m[1]).filter((_, i) => i % 7 === 0);
  const cited = [];
  for (let i = 0; cited.length < citations; i++) cited.push(i % 25 === 24 ? `unknown${i}x` : keys[Math.floor(i * 0.8) % keys.length]);
  const lines = [];
  for (let i = 0; i < cited.length; i += 3) lines.push(`Sentence ${i / 3} builds on [@${cited[i]}]${cited[i + 1] ? ` and [@${cited[i + 1]}` : ''}${cited[i + 2] ? `; @${cited[i + 2]}]` : cited[i + 1] ? ']' : ''}.`);
  const bib = keys.slice(0, 30).map((k) => `@misc{${k},\n  title = {Entry ${k}}\n}\n`).join('\n');
  return { text: `---\nbibliography: refs.bib\n---\n${lines.join('\n')}\n`, bib, hoverKey: cited[150], keys };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const VIEW_DEBOUNCE_MS = 400;
const KEYSTROKE_MS = 60;

export async function typingWithPapersView({ citations = 300, n = 300 } = {}) {
  const { text, bib, hoverKey, keys } = reviewNote(citations);
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-bench-papers-'));
  writeFileSync(path.join(dir, 'refs.bib'), bib);
  writeFileSync(path.join(dir, 'review.md'), text);
  const client = new LspTestClient(path.join(root, 'dist/server.js'), {}, { framing: 'lean' });
  const uri = pathToFileURL(path.join(dir, 'review.md')).toString();
  try {
    await client.initialize(dir);
    await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= 30, 60_000);
    client.open(uri, 'markdown', text);
    const hoverAt = (() => { const i = text.indexOf(`@${hoverKey}`) + 3; const before = text.slice(0, i).split('\n'); return { line: before.length - 1, character: before[before.length - 1].length }; })();
    const lastLine = text.split('\n').length - 1;
    const view = [];
    let answer;
    const askView = () => { const t = now(); return client.request('mlPapers/citedPapers', { uri, scope: 'document', groupBy: 'topic' }).then((r) => { view.push(now() - t); answer = r; }); };
    /** One keystroke: the document changes, then completion and hover are timed. */
    const keystroke = async (i, viewNow) => {
      const query = keys[(i * 13) % keys.length].slice(0, 2 + (i % 6));
      client.change(uri, `${text}Complete: [@${query}`);
      const pending = viewNow ? askView() : undefined;
      let t = now();
      const c = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: lastLine, character: 'Complete: [@'.length + query.length } });
      const completionMs = now() - t;
      t = now();
      const h = await client.request('textDocument/hover', { textDocument: { uri }, position: hoverAt });
      const hoverMs = now() - t;
      await pending;
      if (!c?.items?.length || !h) throw new Error(`empty answer (completion ${c?.items?.length}, hover ${!!h}) for ${query}`);
      return { completionMs, hoverMs };
    };
    const record = (into, r) => { into.completion.push(r.completionMs); into.hover.push(r.hoverMs); };
    const empty = () => ({ without: { hover: [], completion: [] }, with: { hover: [], completion: [] } });
    // Warm-up: the first requests pay for JIT compilation.
    for (let i = 0; i < 40; i++) await keystroke(i, i % 2 === 1);
    // Typing as people type; the two modes alternate burst by burst.
    const typing = empty();
    const bursts = Math.ceil(n / 5);
    for (let b = 0; b < 2 * bursts; b++) {
      const mode = b % 2 ? 'with' : 'without';
      // The pause after the last burst: the view (in its mode) asks once it has lasted 400 ms, and the
      // user starts this burst 0-50 ms later.
      await sleep(VIEW_DEBOUNCE_MS);
      const viewAnswer = mode === 'with' ? askView() : undefined;
      await sleep((b * 17) % 51);
      for (let k = 0; k < 5; k++) { record(typing[mode], await keystroke(b * 5 + k, false)); await sleep(KEYSTROKE_MS); }
      await viewAnswer;
    }
    // The worst case: a view request right before every keystroke's completion; the modes alternate keystroke by keystroke.
    const worst = empty();
    for (let i = 0; i < 2 * n; i++) record(worst[i % 2 ? 'with' : 'without'], await keystroke(i, i % 2 === 1));
    const summary = (t) => {
      const out = {};
      for (const mode of ['without', 'with']) out[mode] = { hover: stats(t[mode].hover), completion: stats(t[mode].completion) };
      out.ratio = {
        hoverP50: r2(out.with.hover.p50 / out.without.hover.p50), hoverP99: r2(out.with.hover.p99 / out.without.hover.p99),
        completionP50: r2(out.with.completion.p50 / out.without.completion.p50), completionP99: r2(out.with.completion.p99 / out.without.completion.p99),
      };
      return out;
    };
    return {
      citations: text.split('[@').length + text.split('; @').length - 2, papers: answer?.papers.length, n: bursts * 5, nWorst: n,
      typing: summary(typing), worstCase: summary(worst), viewRequest: stats(view.slice(20)),
    };
  } finally {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Table rows (figure, value) for bench/run.mjs and the stand-alone run. */
export function papersViewRows(r) {
  const f = (s) => `${s.p50} / ${s.p99} ms`;
  const pair = (t, what) => `${f(t.without[what])} → ${f(t.with[what])} (×${t.ratio[`${what}P50`]} / ×${t.ratio[`${what}P99`]})`;
  return [
    [`Papers view open while typing in a note with ${r.citations} citations (${r.papers} papers; the view asks 400 ms into each pause), ${r.n} keystrokes each: hover p50 / p99 without → with the view`, pair(r.typing, 'hover')],
    ['the same keystrokes: completion p50 / p99 without → with the view', pair(r.typing, 'completion')],
    [`worst case, a view request sent right before each of ${r.nWorst} keystrokes' completion: completion p50 / p99 without → with`, pair(r.worstCase, 'completion')],
    ['worst case: the hover right after that completion, p50 / p99 without → with', pair(r.worstCase, 'hover')],
    ['the view\'s `mlPapers/citedPapers` request itself (grouped by topic, round trip), p50 / p99', f(r.viewRequest)],
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--n');
  const r = await typingWithPapersView({ n: i > 0 ? Number(process.argv[i + 1]) : 300 });
  console.log('| figure | value |\n|---|---:|');
  for (const [name, value] of papersViewRows(r)) console.log(`| ${name} | ${value} |`);
}
