// Editor stress over real stdio: 10,000 incremental edits on a Markdown and a LaTeX note, with
// completion and hover requests in between (some cancelled) and bibliography files created,
// changed and deleted on disk. The server must stay up, answer every request, keep its memory
// flat, and end with the diagnostics a fresh server computes for the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { LspTestClient, type Diag } from './lspClient';
import { random } from '../random';

const EDITS = Number(process.env.MLP_STRESS_EDITS ?? 10_000);


interface Pos { line: number; character: number }

/** The editor's copy of one open document: applies edits locally and sends them as range changes. */
class EditorDoc {
  version = 1;
  constructor(readonly client: LspTestClient, readonly uri: string, readonly languageId: string, public text: string) {
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  positionAt(offset: number): Pos {
    let line = 0, start = 0;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) { line++; start = i + 1; }
    return { line, character: offset - start };
  }

  /** Replaces [start, end) with `newText`, as one incremental content change. */
  edit(start: number, end: number, newText: string): void {
    const range = { start: this.positionAt(start), end: this.positionAt(end) };
    this.text = this.text.slice(0, start) + newText + this.text.slice(end);
    this.version++;
    void this.client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ range, text: newText }],
    });
  }
}

const md0 = `---
bibliography: refs.bib
---
# Notes on deep learning 🎉

Residual networks [@he2016deep] and Adam [@kingma2014adam; @Vaswani.Attention.2017].
A typo: [@vaswani2017atention]. Unknown: [@nobody2099nothing].
`;

const tex0 = `\\documentclass{article}
\\begin{document}
As shown by \\citet{he2016deep} and \\citep[p.~3]{kingma2014adam,Vaswani.Attention.2017}.
% \\cite{commented2020out}
\\bibliography{refs}
\\end{document}
`;

const refs0 = `@inproceedings{Vaswani.Attention.2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017},
  eprint = {1706.03762}
}
`;

const words = [' deep', ' residual', ' attention', ' the', ' network', '\n', ' of', ' learning', ',', '.'];
const mdCites = ['[@he2016deep]', '[@goodfellow2014generative]', '[@extra0entry]', '[@Vaswani.Attention.2017]', '[@srivastava2014dropout; @ioffe2015batch]'];
const texCites = ['\\cite{he2016deep}', '\\citep{goodfellow2014generative}', '\\cite{extra1entry,kingma2014adam}', '\\citet{Vaswani.Attention.2017}'];
const partials = { markdown: ['[@resn', '[@adam', '[@extra', '[@goodf'], latex: ['\\cite{resn', '\\cite{adam', '\\cite{extra', '\\citep{goodf'] };

// Loaded into the server: on SIGUSR2, a full garbage collection, then the live heap size is written to a
// numbered file. RSS alone rises until V8's next major collection; the heap after a collection shows a leak.
const heapProbe = `
const v8 = require('node:v8');
const vm = require('node:vm');
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
let n = 0;
process.on('SIGUSR2', () => {
  gc();
  require('node:fs').writeFileSync(process.env.MLP_HEAP + '.' + (++n), String(process.memoryUsage().heapUsed));
});
`;

/** The server's live heap after a full collection, in kB. */
async function heapAfterGcKb(pid: number, prefix: string, n: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 15000;
  while (!existsSync(`${prefix}.${n}`)) {
    if (Date.now() > deadline) throw new Error('the server did not report its heap');
    await new Promise((r) => setTimeout(r, 10));
  }
  return Math.round(Number(readFileSync(`${prefix}.${n}`, 'utf8')) / 1024);
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]);
}

/** Diagnostics without the fields that depend on timing, sorted, for comparison. */
function normal(d: Diag[] | undefined): string[] {
  return (d ?? []).map((x) => `${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character} ${x.severity} ${x.code ?? ''} ${x.message}`).sort();
}

test('10,000 rapid incremental edits with hovers, completions, cancellations and bib files churning on disk', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-stress-'));
  const file = (name: string) => path.join(dir, name);
  const uri = (name: string) => pathToFileURL(file(name)).toString();
  writeFileSync(file('notes.md'), md0);
  writeFileSync(file('paper.tex'), tex0);
  writeFileSync(file('refs.bib'), refs0);
  writeFileSync(file('.heap-probe.cjs'), heapProbe);
  const heapPrefix = path.join(dir, '.heap');
  const client = new LspTestClient(undefined, { NODE_OPTIONS: `--require ${file('.heap-probe.cjs')}`, MLP_HEAP: heapPrefix });
  let fresh: LspTestClient | undefined;
  try {
    await client.initialize(dir);
    await client.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= 1);
    const docs = [new EditorDoc(client, uri('notes.md'), 'markdown', md0), new EditorDoc(client, uri('paper.tex'), 'latex', tex0)];
    await client.waitForDiagnostics(docs[0].uri);
    const pid = client.child.pid!;
    const rnd = random(2024);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    /** A random offset that does not split a surrogate pair. */
    const offsetIn = (text: string): number => {
      let o = Math.floor(rnd() * (text.length + 1));
      if (o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o])) o--;
      return o;
    };

    const pending: Array<Promise<'answered' | 'cancelled'>> = [];
    let answered = 0, cancelled = 0, requests = 0, failures: string[] = [];
    function request(method: string, doc: EditorDoc, offset: number, cancel: boolean): void {
      requests++;
      const cts = new CancellationTokenSource();
      const p = client.connection.sendRequest(method, { textDocument: { uri: doc.uri }, position: doc.positionAt(offset) }, cts.token);
      if (cancel) cts.cancel();
      pending.push(p.then(
        () => 'answered' as const,
        (e: unknown) => {
          // A cancelled request may be answered with its result or with a cancellation error; nothing else is acceptable.
          if (e instanceof ResponseError && (e.code === -32800 || e.code === -32802)) return 'cancelled' as const;
          failures.push(`${method}: ${e instanceof Error ? e.message : String(e)}`);
          return 'cancelled' as const;
        },
      ));
    }
    async function settle(): Promise<void> {
      for (const r of await Promise.all(pending.splice(0))) r === 'answered' ? answered++ : cancelled++;
    }

    /** Creates, changes or deletes a bibliography file on disk and tells the server, as a file watcher would. */
    const extras = new Set<string>();
    function churnDisk(step: number): void {
      const changes: Array<{ uri: string; type: number }> = [];
      const name = `extra${step % 3}.bib`;
      if (!extras.has(name)) {
        writeFileSync(file(name), `@misc{extra${step % 3}entry,\n  title = {Extra Entry Written at Step ${step}},\n  year = {2020}\n}\n`);
        extras.add(name);
        changes.push({ uri: uri(name), type: 1 });
      } else if (rnd() < 0.5) {
        writeFileSync(file(name), `@misc{extra${step % 3}entry,\n  title = {Extra Entry Changed at Step ${step}},\n  year = {2021}\n}\n\n@misc{broken${step}, title = {unclosed\n`);
        changes.push({ uri: uri(name), type: 2 });
      } else {
        rmSync(file(name));
        extras.delete(name);
        changes.push({ uri: uri(name), type: 3 });
      }
      writeFileSync(file('refs.bib'), refs0 + `\n@misc{churn${step},\n  title = {Churn ${step}},\n  year = {2019}\n}\n`);
      changes.push({ uri: uri('refs.bib'), type: 2 });
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    }

    const rss: Record<string, number> = {};
    const heap: Record<string, number> = {};
    const series: number[] = [];
    let typing: { doc: EditorDoc; rest: string; at: number } | undefined;
    for (let step = 1; step <= EDITS; step++) {
      if (typing) {
        // Type a citation one character at a time, asking for completion as an editor does.
        const ch = typing.rest[0];
        typing.doc.edit(typing.at, typing.at, ch);
        typing.at += ch.length;
        typing.rest = typing.rest.slice(ch.length);
        if (!typing.rest.length) typing = undefined;
        else if (rnd() < 0.5) request('textDocument/completion', typing.doc, typing.at, rnd() < 0.25);
      } else {
        const doc = pick(docs);
        const r = rnd();
        if (doc.text.length > 6000) {
          const at = offsetIn(doc.text.slice(0, -400));
          doc.edit(at, at + 300 - (/[\uD800-\uDBFF]/.test(doc.text[at + 299]) ? 1 : 0), '');
        } else if (r < 0.45) {
          const at = offsetIn(doc.text);
          doc.edit(at, at, pick(words));
        } else if (r < 0.65) {
          const at = offsetIn(doc.text);
          let end = Math.min(doc.text.length, at + 1 + Math.floor(rnd() * 4));
          if (/[\uD800-\uDBFF]/.test(doc.text[end - 1] ?? '')) end++;
          doc.edit(at, end, '');
        } else if (r < 0.75) {
          const at = offsetIn(doc.text);
          doc.edit(at, at, ' ' + pick(doc.languageId === 'markdown' ? mdCites : texCites));
        } else if (r < 0.8) {
          const at = doc.text.length;
          typing = { doc, rest: pick(partials[doc.languageId as 'markdown' | 'latex']) + (doc.languageId === 'markdown' ? ']' : '}'), at };
        } else {
          const cite = doc.text.search(/he2016deep|kingma2014adam|Vaswani\.Attention\.2017|extra\d entry/);
          request(rnd() < 0.6 ? 'textDocument/hover' : 'textDocument/completion', doc, cite >= 0 ? cite + 3 : offsetIn(doc.text), rnd() < 0.2);
        }
      }
      if (step % 500 === 0) churnDisk(step);
      // Let answers flow now and then, so the in-flight count stays bounded as in an editor.
      if (step % 200 === 0) await settle();
      if (step === 2000) { await settle(); rss.warm = rssKb(pid); heap.warm = await heapAfterGcKb(pid, heapPrefix, 1); }
      if (step === EDITS / 2) rss.middle = rssKb(pid);
      if (step % 1000 === 0) series.push(Math.round(rssKb(pid) / 1024));
    }
    await settle();
    rss.end = rssKb(pid);
    heap.end = await heapAfterGcKb(pid, heapPrefix, 2);
    assert.deepEqual(failures, []);
    assert.equal(answered + cancelled, requests);
    assert.equal(client.child.exitCode, null, `server exited: ${client.stderr}`);
    // Still answering after the storm.
    const cite = docs[0].text.indexOf('@he2016deep');
    const alive = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: docs[0].uri }, position: docs[0].positionAt(cite >= 0 ? cite + 2 : 0) });
    if (cite >= 0) assert.match((alive as { contents: { value: string } }).contents.value, /Deep Residual Learning/);
    t.diagnostic(`${EDITS} edits, ${requests} requests: ${answered} answered, ${cancelled} cancelled; RSS warm ${rss.warm} kB, middle ${rss.middle} kB, end ${rss.end} kB; heap after GC warm ${heap.warm} kB, end ${heap.end} kB; RSS every 1000 edits (MB): ${series.join(' ')}`);
    assert.ok(rss.middle < 1.5 * rss.warm, `RSS grew from ${rss.warm} kB to ${rss.middle} kB by the middle`);
    assert.ok(rss.end < 1.5 * rss.warm, `RSS grew from ${rss.warm} kB to ${rss.end} kB`);
    // The live heap is the sharper measure: the documents stay under 6,000 characters, so nothing should pile up.
    assert.ok(heap.end < 1.2 * heap.warm, `live heap grew from ${heap.warm} kB to ${heap.end} kB`);
    assert.ok(!/Uncaught exception|Unhandled rejection/.test(client.logs.join('\n')), client.logs.filter((l) => /Uncaught|Unhandled/.test(l)).join('\n'));

    // A fresh server on the same files (the final texts saved to disk) publishes the same diagnostics.
    writeFileSync(file('notes.md'), docs[0].text);
    writeFileSync(file('paper.tex'), docs[1].text);
    fresh = new LspTestClient();
    await fresh.initialize(dir);
    await fresh.waitForNotification('mlPapers/status', (p) => p.indexing === false && p.bibEntries >= 1);
    fresh.open(docs[0].uri, 'markdown', docs[0].text);
    fresh.open(docs[1].uri, 'latex', docs[1].text);
    const watched = [...docs.map((d) => d.uri), uri('refs.bib'), ...['extra0.bib', 'extra1.bib', 'extra2.bib'].map(uri)];
    for (const d of docs) await fresh.waitForDiagnostics(d.uri);
    for (const u of watched) if (existsSync(new URL(u))) await fresh.waitForDiagnostics(u);
    // The live server publishes after a short debounce: poll until it settles, bounded.
    const deadline = Date.now() + 15000;
    const same = () => watched.every((u) => JSON.stringify(normal(client.diagnostics.get(u))) === JSON.stringify(normal(fresh!.diagnostics.get(u))));
    while (!same() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const u of watched) assert.deepEqual(normal(client.diagnostics.get(u)), normal(fresh.diagnostics.get(u)), path.basename(u));
    assert.ok(normal(fresh.diagnostics.get(docs[0].uri)).length > 0, 'the final Markdown note has diagnostics to compare');
  } finally {
    await client.shutdown();
    await fresh?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
});
