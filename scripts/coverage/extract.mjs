#!/usr/bin/env node
// Extracts the cited references of real ML papers (2023–2026) into test/fixtures/coverage/references.jsonl:
// one JSON line per cited reference, FACTS only (no .bib file is committed; their licences vary).
//
//   node scripts/coverage/extract.mjs [--mirror /work/.mirror] [--out test/fixtures/coverage/references.jsonl]
//
// Reads git snapshots (as `fetch` brings them: <mirror>/<owner>+<name>/repo, a bare git directory) at
// the pinned commits below, with `git show`; needs no network. Each .bib is parsed by the project's own
// reader (server/src/core/bibParser.ts) and each entry turned into title (TeX removed), year, DOI and
// arXiv id by the index's own code (bibEntry in server/src/core/bibEntries.ts).
//
// Only references the paper cites are kept: the keys of \cite-like commands (\cite, \citep, \citet,
// \citeauthor, \nocite, …; commented-out lines skipped) in the paper's .tex files at that commit, together
// with the \citation lines of a committed .aux when there is one. A `\nocite{*}` keeps the whole .bib.
// Output order: papers as listed, entries in .bib order; so the file is the same on every run.
//
// Papers (repo @ commit, where the .bib is; year and how it is known; area):
//  sbq0/datacomp-paper @ aea1004071a3 main.bib — DataComp, neurips_2023.sty (NeurIPS 2023); multimodal/vision
//  ZIYU-DEEP/generative-video-editing-survey @ cca64ebf1055 main.bib — "The State of Generative Video Editing", neurips_2023.sty, first commit 2023-06; diffusion/video
//  half-potato/ucsddissertation @ 5e80f4a5dbe8 nmf/egbib.bib — Neural Microfacet Fields, iccv.sty "ICCV 2023 Submission"; vision/inverse rendering
//  half-potato/ucsddissertation @ 5e80f4a5dbe8 ever/main.bib — EVER, cvpr.sty "[2024 … IEEE CVPR]" (arXiv 2410.01804); vision/view synthesis
//  nikolajjensen/idempotent-descent-paper @ b801f4523f1a bibliography.bib — icml2025.sty (ICML 2025 submission); generative models
//  JamesLi128/Graph-Sampling-… @ fa8c68875463 bib_cumulative.bib, refs.bib — README: extended version of the ICASSP (2025) paper; graph learning
//  saurabhk0317/RESPIN_DID_IS2025 @ 7b5460fbe99b mybib.bib — Interspeech 2025 camera-ready (template comments, repo name); speech
//  menhguin/calibration_paper @ 11d224992a1a references.bib — "When Two LLMs Debate, Both Think They'll Win", neurips_2025.sty; LLMs
//  sam-laing/bias_correction_paper @ 5b89fb587654 bibliography.bib — "Simplifying Adam: Bias Correction Debunked", neurips_2025.sty; optimisation
//  SzJS/LASR_2_Paper @ dbb610a3e234 references.bib — "Reward-Compatible Misalignment", neurips_2025.sty; RL / alignment
//  samuelstanton/conformal-policy-control @ db18982ea134 references.bib — icml2025.sty preprint, commit 2026-02; RL / conformal prediction
//  ContextLab/llm-stylometry @ d90e799a66ec paper/custom.bib — "A Stylometric Application of Large Language Models", commits 2025; LLMs/NLP
//  aic-factcheck/aic_averimatec_paper @ 33711787081c custom.bib — AVerImaTeC shared task system (2025; commit 2025-12); multimodal fact checking (its anthology.bib is not in the snapshot: over 4 MiB)
//  HilaHorizon/attention-sink-paper @ 529624fa2cf8 custom.bib — acl.sty review, commit 2025-09; LLM interpretability
//  wbopan/iclr2026-ri @ 7b15ba1f0306 reference.bib — iclr2026_conference.sty; LLMs
//  MingyuJ666/MCTS-ICLR- @ 846d6c71e201 emnlp2026.bib — acl.sty, bib named emnlp2026, commit 2026-05; LLM reasoning
//  jonatan-hanssen/xai_ood_paper @ c44209f37a14 paper.bib — LNCS, commits 2025-07 to 2026-03; vision/XAI, OOD detection
//  walkerchi/torch-sla-paper @ 01852cbc5d9e references.bib — technical report, neurips_2024.sty, commits 2026-01; scientific ML/systems
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadCore, repoRoot } from './core.mjs';

/** tex: which .tex files of the commit belong to the paper (a regex on the path). */
export const PAPERS = [
  { repo: 'sbq0/datacomp-paper', commit: 'aea1004071a3d8f287c9cfde50cf08e0950d1795', bibs: ['main.bib'], aux: ['main.aux'], tex: /^[^/]*\.tex$|^(sections?|appendix)\//, paperYear: 2023, area: 'multimodal / vision' },
  { repo: 'ZIYU-DEEP/generative-video-editing-survey', commit: 'cca64ebf10558bd491fe1efaa289672f527dd7d5', bibs: ['main.bib'], tex: /\.tex$/, paperYear: 2023, area: 'diffusion / video' },
  { repo: 'half-potato/ucsddissertation', commit: '5e80f4a5dbe82a5744095f5b1466b8b2b9a28472', bibs: ['nmf/egbib.bib'], tex: /^nmf\/.*\.tex$/, paperYear: 2023, area: 'vision / inverse rendering' },
  { repo: 'half-potato/ucsddissertation', commit: '5e80f4a5dbe82a5744095f5b1466b8b2b9a28472', bibs: ['ever/main.bib'], tex: /^ever\/.*\.tex$/, paperYear: 2024, area: 'vision / view synthesis' },
  { repo: 'nikolajjensen/idempotent-descent-paper', commit: 'b801f4523f1a0a712246dc9f62b4763f1555b90a', bibs: ['bibliography.bib'], aux: ['out/paper.aux'], tex: /^(?!neurips_style\/).*\.tex$/, paperYear: 2025, area: 'generative models' },
  { repo: 'JamesLi128/Graph-Sampling-for-Scalable-and-Expressive-Graph-Neural-Networks-on-Homophilic-Graphs', commit: 'fa8c68875463682e8d425fa745415cc241d23eba', bibs: ['bib_cumulative.bib', 'refs.bib'], aux: ['main.aux'], tex: /\.tex$/, paperYear: 2025, area: 'graph learning' },
  { repo: 'saurabhk0317/RESPIN_DID_IS2025', commit: '7b5460fbe99b9061cb16a99f93e38fc329088430', bibs: ['mybib.bib'], tex: /\.tex$/, paperYear: 2025, area: 'speech' },
  { repo: 'menhguin/calibration_paper', commit: '11d224992a1a9c603004b39ef48ddeafee5cfed7', bibs: ['references.bib'], aux: ['neurips_paper.aux'], tex: /\.tex$/, paperYear: 2025, area: 'LLMs' },
  { repo: 'sam-laing/bias_correction_paper', commit: '5b89fb5876548c381c12df3270e5f56dbda73912', bibs: ['bibliography.bib'], aux: ['neurips_2025.aux'], tex: /\.tex$/, paperYear: 2025, area: 'optimisation' },
  { repo: 'SzJS/LASR_2_Paper', commit: 'dbb610a3e2347cebc07c7f571a613289d34f20c7', bibs: ['references.bib'], tex: /\.tex$/, paperYear: 2025, area: 'RL / alignment' },
  { repo: 'samuelstanton/conformal-policy-control', commit: 'db18982ea1344170e73f44b434eb7c48d475439b', bibs: ['references.bib'], tex: /^(main\.tex|files\/)/, paperYear: 2026, area: 'RL / conformal prediction' },
  { repo: 'ContextLab/llm-stylometry', commit: 'd90e799a66ecc0ec2c719e03e9aeec1ed3c3178e', bibs: ['paper/custom.bib'], tex: /^paper\/.*\.tex$/, paperYear: 2025, area: 'LLMs / NLP' },
  { repo: 'aic-factcheck/aic_averimatec_paper', commit: '33711787081cd59fee787f6e793cf726dd32f98d', bibs: ['custom.bib'], tex: /\.tex$/, paperYear: 2025, area: 'multimodal fact checking' },
  { repo: 'HilaHorizon/attention-sink-paper', commit: '529624fa2cf808c2c98213eee2dbabbb743d70cf', bibs: ['custom.bib'], tex: /^acl_latex\.tex$|^(sections?|src)\//, paperYear: 2025, area: 'LLM interpretability' },
  { repo: 'wbopan/iclr2026-ri', commit: '7b15ba1f03064efd37bca82ec3aefdb4f4ab7400', bibs: ['reference.bib'], tex: /\.tex$/, paperYear: 2026, area: 'LLMs' },
  { repo: 'MingyuJ666/MCTS-ICLR-', commit: '846d6c71e2014e8ccae01168388f85d7750630b4', bibs: ['emnlp2026.bib'], tex: /\.tex$/, paperYear: 2026, area: 'LLM reasoning' },
  { repo: 'jonatan-hanssen/xai_ood_paper', commit: 'c44209f37a14c2027739fce076d9fc29f7b1625e', bibs: ['paper.bib'], tex: /\.tex$/, paperYear: 2026, area: 'vision / XAI, OOD detection' },
  { repo: 'walkerchi/torch-sla-paper', commit: '01852cbc5d9e9eba0a29783a24d3873f041aef28', bibs: ['references.bib'], tex: /\.tex$/, paperYear: 2026, area: 'scientific ML / systems' },
];

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const git = (dir, ...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

/** Cite keys of TeX source: \cite-like commands outside comments; '*' when \nocite{*}. */
export function citeKeys(tex) {
  const keys = new Set();
  const text = tex.split('\n').map((l) => l.replace(/(^|[^\\])%.*$/, '$1')).join('\n');
  const re = /\\(?:[a-zA-Z]*cite[a-zA-Z]*|Cite[a-zA-Z]*)\*?\s*(?:\[[^\]]*\]\s*){0,2}\{([^}]*)\}/g;
  for (const m of text.matchAll(re)) for (const k of m[1].split(',')) if (k.trim()) keys.add(k.trim());
  return keys;
}

/** \citation{…} (BibTeX) and \abx@aux@cite{…}{…} (biblatex) keys of an .aux. */
function auxKeys(aux) {
  const keys = new Set();
  for (const m of aux.matchAll(/\\citation\{([^}]*)\}/g)) for (const k of m[1].split(',')) if (k.trim()) keys.add(k.trim());
  for (const m of aux.matchAll(/\\abx@aux@cite\{(?:\d+\}\{)?([^}]*)\}/g)) keys.add(m[1].trim());
  return keys;
}

async function main() {
  const mirror = arg('--mirror', '/work/.mirror');
  const out = path.resolve(repoRoot, arg('--out', 'test/fixtures/coverage/references.jsonl'));
  const { parseBib, bibEntry } = await loadCore();
  const lines = [];
  for (const p of PAPERS) {
    const dir = path.join(mirror, p.repo.replace('/', '+'), 'repo');
    const files = git(dir, 'ls-tree', '-r', '--name-only', p.commit).split('\n').filter(Boolean);
    const cited = new Set();
    for (const f of files.filter((f) => f.endsWith('.tex') && p.tex.test(f))) for (const k of citeKeys(git(dir, 'show', `${p.commit}:${f}`))) cited.add(k);
    for (const a of p.aux ?? []) for (const k of auxKeys(git(dir, 'show', `${p.commit}:${a}`))) cited.add(k);
    const all = cited.has('*');
    const seen = new Set();
    let kept = 0, entries = 0;
    for (const bib of p.bibs) {
      const where = `${p.repo}@${p.commit}:${bib}`;
      for (const b of parseBib(git(dir, 'show', `${p.commit}:${bib}`)).entries) {
        entries++;
        if (seen.has(b.key) || !(all || cited.has(b.key))) continue;
        seen.add(b.key);
        const e = bibEntry(where, b);
        const line = { paper: where, paperYear: p.paperYear, key: b.key };
        if (e.title) line.title = e.title;
        if (e.year !== undefined) line.year = e.year;
        if (e.arxiv) line.arxiv = e.arxiv;
        if (e.doi) line.doi = e.doi;
        lines.push(JSON.stringify(line));
        kept++;
      }
    }
    console.log(`${p.repo}@${p.commit.slice(0, 12)} ${p.bibs.join(',')}: ${kept} cited of ${entries} entries (${all ? 'nocite{*}: all' : `${cited.size} cite keys`})`);
  }
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(`${lines.length} references -> ${path.relative(repoRoot, out)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
