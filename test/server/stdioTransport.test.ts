// The --stdio framing (server/src/stdioTransport.ts): bytes in any pieces make the same messages,
// broken frames are skipped with a message and the ones after them still answered, and the server
// ends when the editor closes its input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { FrameDecoder, encodeFrame } from '../../server/src/stdioTransport';

/** Feeds `bytes` to a fresh decoder in pieces of `size`; returns the bodies and the problems. */
function decode(bytes: Buffer, size: number): { bodies: string[]; errors: string[] } {
  const decoder = new FrameDecoder();
  const bodies: string[] = [];
  const errors: string[] = [];
  for (let i = 0; i < bytes.length; i += size) decoder.push(bytes.subarray(i, i + size), (b) => bodies.push(b), (e) => errors.push(e));
  return { bodies, errors };
}

const frame = (json: string, header = `Content-Length: ${Buffer.byteLength(json)}`): Buffer => Buffer.from(`${header}\r\n\r\n${json}`, 'utf8');

test('messages come out whole however the bytes are cut, UTF-8 characters included', () => {
  const bodies = ['{"id":1,"title":"Attention Is All You Need"}', '{"id":2,"author":"Łukasz Kaiser — 注意 🧠"}', '{}'];
  const bytes = Buffer.concat(bodies.map((b) => frame(b)));
  for (const size of [1, 2, 3, 5, 7, 16, 64, bytes.length]) {
    const out = decode(bytes, size);
    assert.deepEqual(out.bodies, bodies, `pieces of ${size} bytes`);
    assert.deepEqual(out.errors, []);
  }
});

test('any header case and extra headers (Content-Type) are accepted', () => {
  const json = '{"id":3}';
  const bytes = frame(json, `content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:${json.length}`);
  assert.deepEqual(decode(bytes, 4).bodies, [json]);
});

test('a header without Content-Length is skipped with a message, and the next message still comes out', () => {
  const bytes = Buffer.concat([Buffer.from('Content-Lenght: 9\r\n\r\n', 'latin1'), frame('{"id":4}')]);
  const out = decode(bytes, 3);
  assert.deepEqual(out.bodies, ['{"id":4}']);
  assert.equal(out.errors.length, 1);
  assert.match(out.errors[0], /no valid Content-Length.*Lenght/);
});

test('after bytes outside any frame, the next header is found behind them', () => {
  const bytes = Buffer.concat([Buffer.from('Content-Type: x\r\n\r\n{"id":99}', 'latin1'), frame('{"id":8}')]);
  const out = decode(bytes, 5);
  assert.deepEqual(out.bodies, ['{"id":8}']);
  assert.equal(out.errors.length, 1);
  assert.match(out.errors[0], /no valid Content-Length: "Content-Type: x"/);
});

test('input that is not LSP at all is dropped with a message once it passes 8 KB, and framing resumes after it', () => {
  const decoder = new FrameDecoder();
  const bodies: string[] = [];
  const errors: string[] = [];
  decoder.push(Buffer.alloc(10_000, 'x'), (b) => bodies.push(b), (e) => errors.push(e));
  assert.equal(decoder.buffered, 0, 'nothing is held');
  assert.match(errors[0] ?? '', /Dropped 10000 bytes .*no LSP header/);
  decoder.push(frame('{"id":5}'), (b) => bodies.push(b), (e) => errors.push(e));
  assert.deepEqual(bodies, ['{"id":5}']);
});

test('a 10 MB message in 64 KB pieces is held until complete, then comes out once', () => {
  const json = JSON.stringify({ id: 6, text: 'a'.repeat(10 * 1024 * 1024) });
  const out = decode(frame(json), 64 * 1024);
  assert.equal(out.bodies.length, 1);
  assert.equal(out.bodies[0].length, json.length);
});

test('encodeFrame counts the body in bytes, not characters', () => {
  const message = { jsonrpc: '2.0', id: 7, result: 'Schölkopf 🧠' } as const;
  const bytes = encodeFrame(message);
  const out = decode(bytes, bytes.length);
  assert.deepEqual(out.bodies.map((b) => JSON.parse(b)), [message]);
  assert.match(bytes.toString('latin1', 0, 30), /^Content-Length: (\d+)\r\n\r\n/);
  assert.equal(Number(/\d+/.exec(bytes.toString('latin1', 0, 30))![0]), Buffer.byteLength(JSON.stringify(message)));
});

/** Cuts `bytes` at the given (unsorted, possibly repeated) positions. */
function cutAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) { if (c > from) pieces.push(bytes.subarray(from, c)); from = Math.max(from, c); }
  return pieces;
}

const fuzzParams = { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20261201) };

test('fuzz: any messages, cut anywhere (inside headers and UTF-8 characters too), come out whole and in order', () => {
  fc.assert(fc.property(
    fc.array(fc.record({ id: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 300 }) }), { minLength: 1, maxLength: 8 }),
    fc.array(fc.nat(), { maxLength: 40 }),
    (messages, cuts) => {
      const bytes = Buffer.concat(messages.map((m) => encodeFrame({ jsonrpc: '2.0', ...m } as never)));
      const decoder = new FrameDecoder();
      const out: unknown[] = [];
      for (const piece of cutAt(bytes, cuts)) decoder.push(piece, (b) => out.push(JSON.parse(b)), (e) => assert.fail(e));
      assert.deepEqual(out, messages.map((m) => ({ jsonrpc: '2.0', ...m })));
      assert.equal(decoder.buffered, 0);
    }), fuzzParams);
});

test('fuzz: random bytes in random pieces never throw, hold at most 8 KB, and a valid message after them still comes out', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.array(fc.nat(), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 5 }), (noise, cuts, frameCuts) => {
    const bytes = Buffer.from(noise);
    // Noise that contains a header's end or the header's name can legitimately swallow what follows.
    fc.pre(!bytes.includes('\r\n\r\n') && !bytes.toString('latin1').toLowerCase().includes('content-length'));
    const decoder = new FrameDecoder();
    const bodies: string[] = [];
    const errors: string[] = [];
    const pieces = cutAt(bytes, cuts);
    for (const piece of pieces) decoder.push(piece, (b) => bodies.push(b), (e) => errors.push(e));
    assert.equal(bodies.length, 0, 'noise makes no message');
    assert.ok(decoder.buffered <= 8 * 1024 + Math.max(0, ...pieces.map((p) => p.length)), `holds ${decoder.buffered}`);
    assert.ok(errors.every((e) => /^Dropped \d+ bytes/.test(e)), errors.join(' | '));
    for (const piece of cutAt(frame('{"id":1}'), frameCuts)) decoder.push(piece, (b) => bodies.push(b), (e) => errors.push(e));
    assert.deepEqual(bodies, ['{"id":1}']);
  }), fuzzParams);
});

/* ------------------------- the real server, byte by byte ------------------------- */

/** Starts `dist/server.js --stdio` in a scratch workspace and speaks raw bytes to it. */
function rawServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlp-stdio-'));
  writeFileSync(path.join(dir, 'notes.md'), 'Cited: [@he2016deep].\n');
  const child = spawn(process.execPath, [path.resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const decoder = new FrameDecoder();
  const messages: Array<{ id?: number; method?: string; result?: any; params?: any }> = [];
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => decoder.push(d, (b) => { messages.push(JSON.parse(b)); waiters.splice(0).forEach((w) => w()); }, (e) => assert.fail(`the server wrote a broken frame: ${e}`)));
  const answer = async (id: number) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`no answer to request ${id}; got ${JSON.stringify(messages).slice(0, 500)}`);
      const m = messages.find((x) => x.id === id && x.method === undefined);
      if (m) return m;
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 200); });
    }
  };
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const rootUri = pathToFileURL(dir).toString();
  const uri = pathToFileURL(path.join(dir, 'notes.md')).toString();
  return {
    child, messages, answer, exit, uri,
    initialize: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri, capabilities: {}, workspaceFolders: [{ uri: rootUri, name: 'w' }] } },
    cleanup: () => { child.kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}

test('the server reads a session sent one byte at a time, skips a broken frame and bad JSON with a log message, and answers what follows', async () => {
  const s = rawServer();
  try {
    const bytes = Buffer.concat([
      encodeFrame(s.initialize as never),
      encodeFrame({ jsonrpc: '2.0', method: 'initialized', params: {} } as never),
      encodeFrame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: s.uri, languageId: 'markdown', version: 1, text: 'Cited: [@he2016deep].\n' } } } as never),
      Buffer.from('Content-Type: x\r\n\r\n{"id":99}', 'latin1'),
      frame('{"jsonrpc":"2.0","id":98,"method":'),
      encodeFrame({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri: s.uri }, position: { line: 0, character: 12 } } } as never),
    ]);
    for (let i = 0; i < bytes.length; i++) s.child.stdin.write(bytes.subarray(i, i + 1));
    const hover = await s.answer(2);
    assert.match(hover.result?.contents?.value ?? '', /Deep Residual Learning/);
    const logs = s.messages.filter((m) => m.method === 'window/logMessage').map((m) => String(m.params?.message));
    assert.ok(logs.some((l) => /no valid Content-Length/.test(l)), `logged: ${logs.join(' | ')}`);
    assert.ok(logs.some((l) => /not valid JSON/.test(l)), `logged: ${logs.join(' | ')}`);
  } finally {
    s.cleanup();
  }
});

test('closing the server\'s input ends it: code 0 after a shutdown request, 1 without one', async () => {
  for (const shutdown of [true, false]) {
    const s = rawServer();
    try {
      s.child.stdin.write(encodeFrame(s.initialize as never));
      await s.answer(1);
      if (shutdown) {
        s.child.stdin.write(encodeFrame({ jsonrpc: '2.0', id: 3, method: 'shutdown' } as never));
        await s.answer(3);
      }
      s.child.stdin.end();
      assert.equal(await s.exit, shutdown ? 0 : 1);
    } finally {
      s.cleanup();
    }
  }
});
