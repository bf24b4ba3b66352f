// Writes never lose a user's text: the CLI replaces files atomically (temporary file beside the
// target, fsync, rename), so a crash at any moment leaves either the old or the new content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, readdirSync, statSync, existsSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { random } from '../random';

const cli = path.resolve('dist/cli.js');
// Loaded from the built bundle at run time: bundling cli.ts into this test would make its
// `require.main === module` guard true here and run the CLI with the test's arguments.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { atomicWrite } = require(cli) as { atomicWrite: (file: string, text: string) => Promise<void> };
const tempName = /^\.refs\.bib\.\d+\.[0-9a-f]{8}\.tmp$/;

let dir: string;
before(() => { dir = mkdtempSync(path.join(tmpdir(), 'mlp-atomic-')); });
after(() => rmSync(dir, { recursive: true, force: true }));


test('atomicWrite replaces the content, keeps the mode and leaves no temporary file', async () => {
  const work = path.join(dir, 'unit');
  mkdirSync(work);
  const file = path.join(work, 'refs.bib');
  writeFileSync(file, 'old text\n', { mode: 0o600 });
  await atomicWrite(file, 'new text — ünïcode\n');
  assert.equal(readFileSync(file, 'utf8'), 'new text — ünïcode\n');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(work), ['refs.bib']);
  await atomicWrite(path.join(work, 'new.bib'), '');
  assert.equal(readFileSync(path.join(work, 'new.bib'), 'utf8'), '');
  assert.deepEqual(readdirSync(work).sort(), ['new.bib', 'refs.bib']);
});

test('a failed rename removes the temporary file and leaves the target as it was', async () => {
  const work = path.join(dir, 'fail');
  mkdirSync(work);
  // The target is a non-empty folder: rename(2) over it fails.
  const target = path.join(work, 'refs.bib');
  mkdirSync(target);
  writeFileSync(path.join(target, 'inside.txt'), 'keep me');
  await assert.rejects(atomicWrite(target, 'replacement'));
  assert.deepEqual(readdirSync(work), ['refs.bib']);
  assert.equal(readFileSync(path.join(target, 'inside.txt'), 'utf8'), 'keep me');
  // A folder that does not exist: nothing is created anywhere.
  await assert.rejects(atomicWrite(path.join(work, 'nowhere', 'refs.bib'), 'x'));
  assert.deepEqual(readdirSync(work), ['refs.bib']);
});

test('SIGKILL at random moments during `bib --out`: the target is always the old or the new content, never partial', async (t) => {
  const work = path.join(dir, 'kill');
  mkdirSync(work);
  const ids = (JSON.parse(readFileSync(path.resolve('server/data/papers.json'), 'utf8')) as Array<{ id: string }>).map((p) => p.id);
  writeFileSync(path.join(work, 'all.md'), ids.slice(0, 20).map((k) => `[@${k}]`).join('\n') + '\n');
  // A large existing bibliography, so that writing the new file takes long enough to be interrupted.
  let old = '% My own entries: none of them may ever be lost.\n';
  for (let i = 0; old.length < 2_000_000; i++) old += `@misc{user${i},\n  title = {User note number ${i}},\n  author = {Doe, Jane},\n  year = {2001}\n}\n\n`;
  const target = path.join(work, 'refs.bib');
  const oldBytes = Buffer.from(old, 'utf8');

  // The new content, from one run to completion; a normal run leaves no temporary file.
  writeFileSync(target, oldBytes);
  const started = Date.now();
  const full = spawnSync(process.execPath, [cli, 'bib', 'all.md', '--out', 'refs.bib'], { cwd: work, encoding: 'utf8' });
  const runMs = Date.now() - started;
  assert.equal(full.status, 0, full.stderr);
  const newBytes = readFileSync(target);
  assert.ok(newBytes.length > oldBytes.length);
  assert.equal(Buffer.compare(newBytes.subarray(0, oldBytes.length), oldBytes), 0);
  assert.deepEqual(readdirSync(work).sort(), ['all.md', 'refs.bib']);

  const rnd = random(7);
  const runs = 30;
  let sawOld = 0, sawNew = 0, killedWhileTempExisted = 0;
  for (let i = 0; i < runs; i++) {
    writeFileSync(target, oldBytes);
    const child = spawn(process.execPath, [cli, 'bib', 'all.md', '--out', 'refs.bib'], { cwd: work, stdio: 'ignore' });
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    let tempAtKill = false;
    const kill = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      tempAtKill = readdirSync(work).some((n) => tempName.test(n) && n.includes(`.${child.pid}.`));
      child.kill('SIGKILL');
    };
    let watcher: ReturnType<typeof watch> | undefined;
    if (i % 2 === 0) {
      // Even runs: a moment anywhere in the run (most land before the write starts).
      setTimeout(kill, Math.floor(rnd() * runMs));
    } else {
      // Odd runs: aim at the write itself: kill a few milliseconds after the temporary file appears.
      const delay = Math.floor(rnd() * 6);
      watcher = watch(work, (_event, name) => {
        if (name && tempName.test(String(name))) { watcher?.close(); setTimeout(kill, delay); }
      });
      setTimeout(kill, runMs * 3); // never wait forever if the file event is missed
    }
    await exited;
    watcher?.close();
    if (tempAtKill) killedWhileTempExisted++;
    const now = readFileSync(target);
    const isOld = Buffer.compare(now, oldBytes) === 0;
    const isNew = Buffer.compare(now, newBytes) === 0;
    assert.ok(isOld || isNew, `run ${i}: refs.bib is neither the old nor the new content (${now.length} bytes)`);
    if (isOld) sawOld++; else sawNew++;
  }
  // Stale temporaries from killed runs are hidden dotfiles beside the target, named after the dead process.
  const leftovers = readdirSync(work).filter((n) => n !== 'all.md' && n !== 'refs.bib');
  for (const n of leftovers) assert.match(n, tempName);
  t.diagnostic(`${runs} kills (one run takes ${runMs} ms): ${sawOld} left the old content, ${sawNew} the new, ${killedWhileTempExisted} while the temporary file existed; ${leftovers.length} stale temporary file(s) left`);
  // The next normal write clears what killed writers left behind.
  writeFileSync(target, oldBytes);
  const after = spawnSync(process.execPath, [cli, 'bib', 'all.md', '--out', 'refs.bib'], { cwd: work, encoding: 'utf8' });
  assert.equal(after.status, 0, after.stderr);
  assert.deepEqual(readdirSync(work).sort(), ['all.md', 'refs.bib']);
  // The test only means something if some kills hit the write itself.
  assert.ok(killedWhileTempExisted >= 2, `only ${killedWhileTempExisted} kills landed while writing`);
  assert.ok(existsSync(target));
});
