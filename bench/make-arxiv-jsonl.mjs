#!/usr/bin/env node
// make-arxiv-jsonl.mjs: a synthetic paper database in the arXiv metadata snapshot format
// (one JSON object per line: id, submitter, authors, title, comments, journal-ref, doi,
// categories, abstract, update_date, authors_parsed), deterministic for a given --n and --seed.
//
//   node bench/make-arxiv-jsonl.mjs --n 1000000 [--seed 7] [--out FILE]   (default: stdout)
//
// About 1 KB per record (the abstract is most of it), so 1M records ≈ 1 GB, like the real snapshot.
// Written in chunks so memory stays flat whatever --n is.
import fs from 'node:fs';

const args = process.argv.slice(2);
let n = 1000, seed = 7, out = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--n') n = Number(String(args[++i]).replace(/k$/i, '000').replace(/m$/i, '000000'));
  else if (args[i] === '--seed') seed = Number(args[++i]);
  else if (args[i] === '--out') out = args[++i];
  else { process.stderr.write('usage: make-arxiv-jsonl.mjs --n N [--seed S] [--out FILE]\n'); process.exit(2); }
}
if (!Number.isInteger(n) || n < 0) { process.stderr.write('--n must be a count\n'); process.exit(2); }

// mulberry32: small, fast, seeded.
let s = seed >>> 0;
const rand = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = (a) => a[Math.floor(rand() * a.length)];

const families = ['Vaswani', 'He', 'Zhang', 'Wang', 'Li', 'Liu', 'Chen', 'Kingma', 'Goodfellow', 'Bengio', 'Hinton', 'LeCun', 'Sutskever', 'Radford', 'Brown', 'Devlin', 'Raffel', 'Schmidhuber', 'Hochreiter', 'Srivastava', 'Ioffe', 'Szegedy', 'Simonyan', 'Krizhevsky', 'Mikolov', 'Pennington', 'Bahdanau', 'Cho', 'Silver', 'Mnih', 'Schulman', 'Haarnoja', 'Lillicrap', 'Kipf', 'Veličković', 'Hamilton', 'Ronneberger', 'Redmon', 'Girshick', 'Ren', 'Dosovitskiy', 'Touvron', 'Caron', 'Grill', 'Ho', 'Song', 'Rombach', 'Karras', 'Müller', 'Łukasz', 'García', 'Nguyen', 'Kim', 'Park', 'Sato', 'Tanaka', 'Rossi', 'Dubois', 'Schmidt', 'Novak'];
const givens = ['A.', 'B.', 'C.', 'D.', 'E.', 'F.', 'G.', 'H.', 'I.', 'J.', 'K.', 'L.', 'M.', 'N.', 'O.', 'P.', 'Q.', 'R.', 'S.', 'T.', 'Ashish', 'Kaiming', 'Diederik P.', 'Ian J.', 'Yoshua', 'Geoffrey E.', 'Ilya', 'Alec', 'Jacob', 'Colin', 'Sepp', 'Jürgen'];
const words = ['deep', 'residual', 'learning', 'attention', 'transformer', 'networks', 'neural', 'graph', 'convolutional', 'generative', 'adversarial', 'diffusion', 'models', 'language', 'vision', 'reinforcement', 'policy', 'gradient', 'optimization', 'stochastic', 'variational', 'inference', 'bayesian', 'contrastive', 'self-supervised', 'representation', 'segmentation', 'detection', 'object', 'recognition', 'image', 'speech', 'translation', 'scaling', 'laws', 'efficient', 'sparse', 'mixture', 'experts', 'memory', 'recurrent', 'normalization', 'batch', 'dropout', 'regularization', 'robust', 'adaptive', 'meta', 'few-shot', 'zero-shot', 'transfer', 'pretraining', 'fine-tuning', 'benchmark', 'dataset', 'kernel', 'embedding', 'retrieval', 'reasoning', 'planning', 'control', 'multi-agent', 'federated', 'privacy', 'causal', 'uncertainty', 'calibration', 'quantization', 'pruning', 'distillation'];
const starts = ['', '', '', 'On ', 'Towards ', 'A ', 'The ', 'Learning ', 'Rethinking ', 'Understanding '];
const cats = ['cs.LG', 'cs.CV', 'cs.CL', 'cs.AI', 'stat.ML', 'cs.NE', 'cs.RO', 'math.OC', 'eess.AS', 'cs.IR'];

function title() {
  const k = 3 + Math.floor(rand() * 7);
  const w = [];
  for (let i = 0; i < k; i++) w.push(pick(words));
  const t = pick(starts) + w.join(' ');
  return t[0].toUpperCase() + t.slice(1);
}

const stream = out ? fs.createWriteStream(out) : process.stdout;
let yymm = 704, num = 0;
let buf = [];
async function flush() {
  const chunk = buf.join('');
  buf = [];
  if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
}
for (let i = 0; i < n; i++) {
  num += 1 + Math.floor(rand() * 3);
  if (num > 99999) { num = 1; yymm = yymm % 100 === 12 ? yymm + 89 : yymm + 1; }
  const yy = Math.floor(yymm / 100), mm = yymm % 100;
  const id = `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${String(num).padStart(yymm >= 1501 ? 5 : 4, '0').slice(-(yymm >= 1501 ? 5 : 4))}`;
  const na = 1 + Math.floor(rand() * 6);
  const parsed = [];
  for (let a = 0; a < na; a++) parsed.push([pick(families), pick(givens), '']);
  const names = parsed.map(([f, g]) => `${g} ${f}`);
  const authors = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  const t = title();
  const abs = Array.from({ length: 60 + Math.floor(rand() * 60) }, () => pick(words)).join(' ') + '.';
  const c = [pick(cats), ...(rand() < 0.5 ? [pick(cats)] : [])];
  const year = 2000 + yy;
  const rec = {
    id, submitter: names[0], authors, title: t, comments: rand() < 0.3 ? `${5 + Math.floor(rand() * 20)} pages` : null,
    'journal-ref': null, doi: rand() < 0.2 ? `10.48550/arXiv.${id}` : null, 'report-no': null,
    categories: c.join(' '), license: null, abstract: `  ${abs}\n`,
    versions: [{ version: 'v1', created: `Mon, 1 Jan ${year} 00:00:00 GMT` }],
    update_date: `${year}-${String(mm).padStart(2, '0')}-15`, authors_parsed: parsed,
  };
  buf.push(JSON.stringify(rec), '\n');
  if (buf.length >= 4000) await flush();
}
await flush();
if (out) stream.end();
