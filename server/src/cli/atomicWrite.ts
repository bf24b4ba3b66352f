/** The CLI's only way to replace a user's file: a crash at any moment leaves the old or the new content. */
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * Replaces `file` with `text` so that a crash at any moment leaves either the old or the new
 * content, never a truncated file: write a temporary file beside it, flush it, rename over.
 */
export async function atomicWrite(file: string, text: string): Promise<void> {
  await removeStaleTemporaries(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fsp.open(tmp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    const mode = (await fsp.stat(file).catch(() => undefined))?.mode;
    if (mode !== undefined) await fsp.chmod(tmp, mode & 0o7777);
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Removes temporary files an earlier, killed write left beside `file` (`.<name>.<pid>.<hex>.tmp`):
 * those whose process is gone, or older than an hour (a process id may have been reused).
 * A running writer's temporary file is left alone.
 */
async function removeStaleTemporaries(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${base}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try { names = await fsp.readdir(dir); } catch { return; }
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid !== process.pid;
    if (alive) { try { process.kill(pid, 0); } catch (e) { alive = (e as NodeJS.ErrnoException).code === 'EPERM'; } }
    const tmp = path.join(dir, name);
    const old = (await fsp.stat(tmp).catch(() => undefined))?.mtimeMs ?? 0;
    if (!alive || Date.now() - old > 3600_000) await fsp.unlink(tmp).catch(() => undefined);
  }
}
