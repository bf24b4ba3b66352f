#!/usr/bin/env node
// Builds the oracle of each real project under test/corpus/: what LaTeX (pdflatex + bibtex/biber)
// and pandoc themselves say the documents cite, which bibliography files they found and which keys
// they resolved. The result is written to test/corpus/<name>/oracle.json and committed, so the
// corpus test (test/core/corpus.test.ts) does not need TeX or pandoc; with ML_PAPERS_CORPUS_RECOMPILE=1
// the test recompiles into a scratch folder and checks that the committed oracle is still what the
// tools say.
//
//   usage: node scripts/corpus-oracle.mjs [--check] [--out DIR] [project-name ...]
//     --check  compile, compare with the committed oracle.json, exit 1 on a difference
//     --out    write the oracles under DIR/<name>/oracle.json instead of beside the sources
//
// Each project folder has a corpus.json saying how its build runs (as its Makefile/README says):
//   { "latex": [{ "root": "main.tex" }],                          // one pdflatex run per root
//     "pandoc": [{ "files": ["a.md", ...], "args": ["--bibliography=refs.bib", ...], "cwd": "." }] }
// LaTeX: pdflatex -interaction=nonstopmode with \includegraphics and \includepdf stubbed (no images
// are copied), then biber when a .bcf appears, else bibtex when the .aux names \bibdata. The cited keys
// are the .aux \citation / \abx@aux@cite entries of the root and of every \include'd .aux, plus the
// .bcf citekeys; the bibliography files are the ones the .blg says it opened; the resolved keys are the
// .bbl entries. Pandoc: `pandoc -f markdown -t json` per file (with the project's arguments), every
// Cite element's citationId and the metadata's nocite; cross-reference ids (pandoc-crossref `fig:`,
// Quarto `fig-` ...) are Cite elements to pandoc too, and are recorded apart as crossRefs. Resolution
// comes from a `--citeproc` run: a citation citeproc warns about is unresolved.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

const corpusDir = resolve('test/corpus');
const args = process.argv.slice(2);
const check = args.includes('--check');
const outIdx = args.indexOf('--out');
const outDir = outIdx >= 0 ? resolve(args[outIdx + 1]) : undefined;
const names = args.filter((a, i) => !a.startsWith('--') && !(outIdx >= 0 && i === outIdx + 1));

// Pandoc-crossref and Quarto cross-reference prefixes: pandoc parses @fig:x / @fig-x as citations;
// the filters turn them into references afterwards.
const CROSSREF = /^(fig|tbl|eq|sec|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|apx)[:-]/;

const sortU = (xs) => [...new Set(xs)].sort();
const run = (cmd, argv, cwd) => spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 180_000 });

function toolVersions() {
  const first = (cmd, a) => (run(cmd, a).stdout || '').split('\n')[0].trim();
  return { pdflatex: first('pdflatex', ['--version']), bibtex: first('bibtex', ['--version']), biber: first('biber', ['--version']), pandoc: first('pandoc', ['--version']) };
}

// ---------------------------------------------------------------- LaTeX
function auxFiles(work, auxRel, seen = new Set()) {
  const p = join(work, auxRel);
  if (seen.has(p) || !existsSync(p)) return [];
  seen.add(p);
  const text = readFileSync(p, 'latin1');
  const out = [{ rel: auxRel, text }];
  for (const m of text.matchAll(/\\@input\{([^}]+)\}/g)) out.push(...auxFiles(work, m[1], seen));
  return out;
}

// Packages this TeX installation lacks (a minimal TeX Live has no titlesec, siunitx ...) get an empty
// .sty in the scratch copy, so that pdflatex in nonstopmode goes on to the citations instead of
// stopping at the missing file; their commands then raise non-fatal errors. Recorded in the oracle.
function stubMissingPackages(work) {
  const names = new Set();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(tex|sty|cls)$/.test(e.name)) {
        const text = readFileSync(p, 'latin1').replace(/(^|[^\\])%.*$/gm, '$1');
        for (const m of text.matchAll(/\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{([^}]+)\}/g)) {
          for (const n of m[1].split(',')) if (n.trim()) names.add(n.trim());
        }
      }
    }
  };
  walk(work);
  const stubbed = [];
  for (const n of [...names].sort()) {
    if (existsSync(join(work, `${n}.sty`))) continue;
    if (run('kpsewhich', [`${n}.sty`]).status === 0) continue;
    writeFileSync(join(work, `${n}.sty`), `\\ProvidesPackage{${n}}[stub written by corpus-oracle.mjs]\n`);
    stubbed.push(n);
  }
  return stubbed;
}

function latexOracle(projectDir, root) {
  const work = mkdtempSync(join(tmpdir(), 'mlp-corpus-tex-'));
  try {
    cpSync(projectDir, work, { recursive: true });
    const job = root.replace(/\.tex$/, '');
    const stubbed = stubMissingPackages(work);
    // Images are not copied: stub the commands that would load them (after the preamble's packages).
    const stub = '\\AtBeginDocument{\\renewcommand{\\includegraphics}[2][]{}\\providecommand{\\includepdf}[2][]{}\\renewcommand{\\includepdf}[2][]{}}';
    const tex = run('pdflatex', ['-interaction=nonstopmode', `-jobname=${job}`, `${stub}\\input{${root}}`], work);
    const auxs = auxFiles(work, `${job}.aux`);
    if (!auxs.length) throw new Error(`${root}: pdflatex wrote no .aux\n${tex.stdout.slice(-2000)}`);
    const cited = [];
    for (const { text } of auxs) {
      for (const m of text.matchAll(/\\citation\{([^}]*)\}/g)) cited.push(...m[1].split(',').map((s) => s.trim()));
      for (const m of text.matchAll(/\\abx@aux@cite\{(?:[^}]*)\}\{([^}]*)\}/g)) cited.push(m[1].trim());
      // biblatex before 3.x wrote \abx@aux@cite{key} with one argument
      for (const m of text.matchAll(/\\abx@aux@cite\{([^}]*)\}(?!\{)/g)) cited.push(m[1].trim());
    }
    let backend = 'none';
    let bibFiles = [];
    let resolved = [];
    let missing = [];
    const bcf = join(work, `${job}.bcf`);
    if (existsSync(bcf)) {
      backend = 'biber';
      const b = readFileSync(bcf, 'utf8');
      for (const m of b.matchAll(/<bcf:citekey[^>]*>([^<]+)<\/bcf:citekey>/g)) cited.push(m[1].trim());
      run('biber', [job], work);
      const blg = existsSync(join(work, `${job}.blg`)) ? readFileSync(join(work, `${job}.blg`), 'utf8') : '';
      bibFiles = [...blg.matchAll(/Found BibTeX data source '([^']+)'/g)].map((m) => m[1]);
      missing = [...blg.matchAll(/I didn't find a database entry for '([^']+)'/g)].map((m) => m[1]);
      const bbl = existsSync(join(work, `${job}.bbl`)) ? readFileSync(join(work, `${job}.bbl`), 'utf8') : '';
      resolved = [...bbl.matchAll(/\\entry\{([^}]+)\}\{/g)].map((m) => m[1]);
    } else if (auxs.some(({ text }) => /\\bibdata\{/.test(text))) {
      backend = 'bibtex';
      run('bibtex', [job], work);
      const blg = existsSync(join(work, `${job}.blg`)) ? readFileSync(join(work, `${job}.blg`), 'latin1') : '';
      bibFiles = [...blg.matchAll(/Database file #\d+: (.+)$/gm)].map((m) => m[1].trim());
      missing = [...blg.matchAll(/I didn't find a database entry for "([^"]+)"/g)].map((m) => m[1]);
      const bbl = existsSync(join(work, `${job}.bbl`)) ? readFileSync(join(work, `${job}.bbl`), 'latin1') : '';
      resolved = [...bbl.matchAll(/\\bibitem(?:\[(?:[^[\]]|\[[^\]]*\])*\])?\{([^}]+)\}/g)].map((m) => m[1]);
    }
    const rel = (f) => { const a = resolve(work, f); return a.startsWith(work + sep) ? relative(work, a).split(sep).join('/') : f; };
    return {
      kind: 'latex', root, backend,
      citedKeys: sortU(cited.filter((k) => k && k !== '*')),
      nociteAll: cited.includes('*'),
      bibliographyFiles: sortU(bibFiles.map(rel)),
      resolvedKeys: sortU(resolved),
      missingKeys: sortU(missing),
      auxFiles: auxs.map((a) => a.rel),
      stubbedPackages: stubbed,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- pandoc
function walkCites(node, out) {
  if (Array.isArray(node)) { for (const n of node) walkCites(n, out); return; }
  if (!node || typeof node !== 'object') return;
  if (node.t === 'Cite') for (const c of node.c[0]) out.push(c.citationId);
  for (const v of Object.values(node)) if (v && typeof v === 'object') walkCites(v, out);
}

function pandocOracle(projectDir, spec) {
  const cwd = resolve(projectDir, spec.cwd ?? '.');
  const perFile = {};
  const all = [];
  const crossRefs = [];
  const unresolved = [];
  for (const file of spec.files) {
    const r = run('pandoc', ['-f', 'markdown', '-t', 'json', ...(spec.args ?? []), file], cwd);
    if (r.status !== 0) throw new Error(`pandoc ${file}: ${r.stderr}`);
    const doc = JSON.parse(r.stdout);
    const ids = [];
    walkCites(doc.blocks, ids);
    const nocite = [];
    if (doc.meta?.nocite) walkCites(doc.meta.nocite, nocite);
    const cites = ids.filter((k) => !CROSSREF.test(k));
    crossRefs.push(...ids.filter((k) => CROSSREF.test(k)));
    perFile[file] = { citedKeys: sortU(cites), nocite: sortU(nocite) };
    all.push(...cites, ...nocite.filter((k) => k !== '*'));
    // Resolution: citeproc warns for each citation it cannot find in the bibliography.
    const cp = run('pandoc', ['-f', 'markdown', '-t', 'plain', '--citeproc', ...(spec.args ?? []), file], cwd);
    for (const m of (cp.stderr || '').matchAll(/Citeproc: citation (\S+) not found/g)) unresolved.push(m[1]);
  }
  const keys = sortU(all);
  const missing = sortU(unresolved.filter((k) => !CROSSREF.test(k)));
  return {
    kind: 'pandoc', cwd: spec.cwd ?? '.', args: spec.args ?? [],
    citedKeys: keys,
    crossRefs: sortU(crossRefs),
    bibliographyFiles: sortU((spec.bibliography ?? []).filter((f) => existsSync(resolve(cwd, f)))),
    resolvedKeys: keys.filter((k) => !missing.includes(k)),
    missingKeys: missing,
    perFile,
  };
}

// ---------------------------------------------------------------- main
export function buildOracle(projectDir) {
  const spec = JSON.parse(readFileSync(join(projectDir, 'corpus.json'), 'utf8'));
  const units = [];
  for (const l of spec.latex ?? []) units.push(latexOracle(projectDir, l.root));
  for (const p of spec.pandoc ?? []) units.push(pandocOracle(projectDir, p));
  return { generatedBy: 'scripts/corpus-oracle.mjs', tools: toolVersions(), units };
}

// Tool versions and the packages this installation had to stub differ between machines; the keys,
// files and resolutions must not.
const strip = (o) => JSON.stringify({ ...o, tools: undefined, units: o.units.map((u) => ({ ...u, stubbedPackages: undefined })) });

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('corpus-oracle.mjs')) {
  const projects = readdirSync(corpusDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(corpusDir, d.name, 'corpus.json')))
    .map((d) => d.name)
    .filter((n) => !names.length || names.includes(n));
  let failed = false;
  for (const name of projects) {
    const dir = join(corpusDir, name);
    const oracle = buildOracle(dir);
    const summary = oracle.units.map((u) => `${u.kind}${u.root ? ':' + u.root : ''} cited=${u.citedKeys.length} resolved=${u.resolvedKeys.length} missing=${u.missingKeys.length} bib=[${u.bibliographyFiles.join(', ')}]`).join('; ');
    if (check) {
      const committed = JSON.parse(readFileSync(join(dir, 'oracle.json'), 'utf8'));
      const same = strip(committed) === strip(oracle);
      console.log(`${same ? 'same' : 'DIFFERENT'} ${name}: ${summary}`);
      if (!same) failed = true;
    } else {
      const target = outDir ? join(outDir, name, 'oracle.json') : join(dir, 'oracle.json');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, JSON.stringify(oracle, null, 2) + '\n');
      console.log(`${name}: ${summary}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
