#!/usr/bin/env node
// One parser on one file, in its own process (so one parser's heap never slows another):
//   node bench/parse-child.mjs <parser> <file.bib> <runs>
// Prints one JSON line: median/min ms of `runs` timed parses after a warm-up (>= 0.5 s), entries, errors, peak RSS.
// The text is read and decoded before timing: every parser is timed on the same string.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const [parserName, file, runsArg] = process.argv.slice(2);
const runs = Math.max(1, Number(runsArg) || 5);
const text = readFileSync(file, 'utf8');

/** Types that are not entries, for counting alike across parsers. */
const notEntry = new Set(['string', 'comment', 'preamble']);

/** Each peer as `text -> { entries, errors }`; errors is a count the parser itself reports (0 when it has no such notion). */
const parsers = {
  ours() {
    const { parseBib } = require(path.join(here, 'results', 'tmp', 'bibParser.cjs'));
    return (t) => {
      const r = parseBib(t);
      return { entries: r.entries.length, errors: r.problems.filter((p) => p.severity === 'error').length };
    };
  },
  // citation-js: the parse stage of @citation-js/plugin-bibtex (its lexer + grammar, before CSL conversion).
  'citation-js'() {
    const { parse } = require('@citation-js/plugin-bibtex/lib/input/file.js');
    return (t) => ({ entries: parse(t).filter((e) => !notEntry.has(String(e.type).toLowerCase())).length, errors: 0 });
  },
  'bibtex-parse'() {
    const bp = require('bibtex-parse');
    return (t) => ({ entries: bp.entries(t).length, errors: 0 });
  },
  // bibtex-tidy exports only tidy() and getEntries(ast); its parser (generateAST) is module-internal,
  // so the bundle is compiled here with one extra export line to time the parse stage alone.
  'bibtex-tidy'() {
    const file = require.resolve('bibtex-tidy');
    const m = { exports: {} };
    const src = readFileSync(file, 'utf8') + '\nmodule.exports.__generateAST = generateAST;\n';
    new Function('module', 'exports', 'require', '__filename', '__dirname', src)(m, m.exports, require, file, path.dirname(file));
    const { __generateAST, getEntries } = m.exports;
    return (t) => ({ entries: getEntries(__generateAST(t)).length, errors: 0 });
  },
  'latex-utensils'() {
    const { bibtexParser } = require('latex-utensils');
    return (t) => {
      const r = bibtexParser.parse(t);
      return { entries: r.content.filter((e) => e.entryType && !notEntry.has(e.entryType.toLowerCase())).length, errors: 0 };
    };
  },
};

const make = parsers[parserName];
if (!make) { console.error(`unknown parser ${parserName}`); process.exit(2); }
let result;
try {
  const parse = make();
  // Warm-up, not timed: at least one parse and at least 0.5 s, so that small files are timed with
  // optimised code (one warm-up parse of a 280 KB file leaves every parser half-interpreted).
  const warmStart = performance.now();
  let out = parse(text);
  while (performance.now() - warmStart < 500) out = parse(text);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    out = parse(text);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  result = { ok: true, ms: times[Math.floor(times.length / 2)], minMs: times[0], runs, entries: out.entries, errors: out.errors };
} catch (e) {
  result = { ok: false, error: String(e && e.message || e).split('\n')[0].slice(0, 160) };
}
result.bytes = Buffer.byteLength(text, 'utf8');
result.rssMB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(JSON.stringify(result) + '\n');
