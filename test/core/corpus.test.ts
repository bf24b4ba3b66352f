// Real projects (test/corpus/<name>/, copied from public repositories whose licences allow it; see each
// SOURCE.md) checked as a user meets them: `ml-papers check DIR --format json` and `ml-papers bib DIR`,
// compared with the oracle that LaTeX and pandoc themselves produced (scripts/corpus-oracle.mjs,
// committed as oracle.json). Targets from issue 18: no false-alarm warning or error, recall of cited
// keys >= 99.5%, extra keys <= 0.1%. The oracles are also rebuilt with
// the installed TeX Live and pandoc and must equal the committed ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');
const corpus = path.resolve('test/corpus');

interface Unit {
  kind: 'latex' | 'pandoc';
  root?: string;
  citedKeys: string[];
  resolvedKeys: string[];
  missingKeys: string[];
  bibliographyFiles: string[];
  crossRefs?: string[];
}
interface Diagnostic { file: string; line: number; col: number; severity: string; message: string; code?: string }

const projects = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(corpus, d.name, 'oracle.json')))
  .map((d) => d.name)
  .sort();

// Floors: what was measured when the corpus was built. Each is at least as strict as the issue's
// target; a project that falls short keeps its measured value here and is named in the report.
const TARGET = { recall: 0.995, extras: 0.001, falseAlarms: 0 };
const FLOOR: Record<string, Partial<typeof TARGET>> = {};

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, cwd: corpus });
}

/** Keys `ml-papers bib DIR` finds cited: the entries it prints plus the ones it says it cannot find. */
function ourKeys(dir: string): string[] {
  const r = run(['bib', dir]);
  const keys = [...r.stdout.matchAll(/^@[A-Za-z]+\{([^,\s]+),/gm)].map((m) => m[1]);
  for (const m of r.stderr.matchAll(/not in the database or your bibliographies: (.+)$/gm)) {
    keys.push(...m[1].split(',').map((s) => s.trim()).filter(Boolean));
  }
  return [...new Set(keys)].sort();
}

function diagnostics(dir: string): Diagnostic[] {
  const r = run(['check', dir, '--format', 'json']);
  return JSON.parse(r.stdout || '[]') as Diagnostic[];
}

export interface Measure { name: string; cited: number; ours: number; recall: number; extras: number; missed: string[]; extra: string[]; falseAlarms: Diagnostic[]; truePositives: Diagnostic[] }

export function measure(name: string): Measure {
  const oracle = JSON.parse(readFileSync(path.join(corpus, name, 'oracle.json'), 'utf8')) as { units: Unit[] };
  const cited = new Set(oracle.units.flatMap((u) => u.citedKeys));
  const resolved = new Set(oracle.units.flatMap((u) => u.resolvedKeys));
  const missing = new Set(oracle.units.flatMap((u) => u.missingKeys).filter((k) => !resolved.has(k)));
  const crossRefs = new Set(oracle.units.flatMap((u) => u.crossRefs ?? []));
  const ours = ourKeys(name);
  const missed = [...cited].filter((k) => !ours.includes(k)).sort();
  const extra = ours.filter((k) => !cited.has(k));
  const falseAlarms: Diagnostic[] = [];
  const truePositives: Diagnostic[] = [];
  for (const d of diagnostics(name)) {
    if (d.severity !== 'warning' && d.severity !== 'error') continue;
    const key = /'([^']+)'/.exec(d.message)?.[1];
    // The only warnings the real tools agree with: a key the backend could not resolve.
    if (d.code === 'unknown-key' && key !== undefined && missing.has(key) && !crossRefs.has(key)) truePositives.push(d);
    else falseAlarms.push(d);
  }
  return {
    name, cited: cited.size, ours: ours.length,
    recall: cited.size ? (cited.size - missed.length) / cited.size : 1,
    extras: ours.length ? extra.length / ours.length : 0,
    missed, extra, falseAlarms, truePositives,
  };
}

test('the corpus has LaTeX (natbib and biblatex) and pandoc/Quarto projects with oracles', () => {
  const kinds = new Set<string>();
  for (const name of projects) {
    const o = JSON.parse(readFileSync(path.join(corpus, name, 'oracle.json'), 'utf8')) as { units: (Unit & { backend?: string })[] };
    for (const u of o.units) kinds.add(u.kind === 'latex' ? `latex:${u.backend}` : 'pandoc');
    assert.ok(existsSync(path.join(corpus, name, 'SOURCE.md')), `${name} has a SOURCE.md`);
  }
  assert.ok(kinds.has('latex:bibtex') && kinds.has('latex:biber') && kinds.has('pandoc'), [...kinds].join(', '));
});

for (const name of projects) {
  test(`corpus ${name}: ml-papers agrees with the real tools`, () => {
    const m = measure(name);
    const floor = { ...TARGET, ...FLOOR[name] };
    const detail = JSON.stringify({ missed: m.missed, extra: m.extra, falseAlarms: m.falseAlarms.map((d) => `${path.relative(corpus, d.file)}:${d.line} ${d.message}`) }, null, 1);
    assert.ok(m.recall >= floor.recall, `recall ${m.recall} < ${floor.recall}: ${detail}`);
    assert.ok(m.extras <= floor.extras, `extras ${m.extras} > ${floor.extras}: ${detail}`);
    assert.ok(m.falseAlarms.length <= floor.falseAlarms, `false alarms ${m.falseAlarms.length}: ${detail}`);
  });
}

test('the pooled corpus meets the issue targets', () => {
  const all = projects.map(measure);
  const cited = all.reduce((s, m) => s + m.cited, 0);
  const missed = all.reduce((s, m) => s + m.missed.length, 0);
  const ours = all.reduce((s, m) => s + m.ours, 0);
  const extra = all.reduce((s, m) => s + m.extra.length, 0);
  assert.ok(cited > 0);
  assert.ok((cited - missed) / cited >= TARGET.recall, `pooled recall ${(cited - missed) / cited}`);
  assert.ok(extra / Math.max(1, ours) <= TARGET.extras, `pooled extras ${extra / ours}`);
  // The unresolved key the real tool reports is reported by us too (no silent miss).
  const truePositives = all.reduce((s, m) => s + m.truePositives.length, 0);
  assert.ok(truePositives >= 1, 'the quarto project cites _cholera_2024, which is in no bibliography: we must warn');
});

test('the committed oracles are what LaTeX and pandoc say: the projects compile again to the same keys, files and resolutions', () => {
  const r = spawnSync(process.execPath, ['scripts/corpus-oracle.mjs', '--check'], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
