/**
 * Finding and reading the user's files: bibliography files and workspace notes, with size limits
 * and binary detection; paths to URIs and back; where a declared bibliography lives. Nothing here
 * writes: the server's edits go to the client as workspace edits the user can undo, and the CLI's
 * one write is cli.ts's atomicWrite. (The index worker reads the files it is given by path.)
 */
import { promises as fsp, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { decodeBibBytes } from './core/bibParser';
import type { BibliographyDecl } from './core/model';

export type ReadResult =
  | { ok: true; text: string; encoding: string; mtimeMs: number; size: number }
  | { ok: false; message: string };

const skippedDirs = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '.vscode-test', '.e2e', '__pycache__', '.venv', 'venv']);

/** Reads a bibliography or note file; too big, binary, missing or unreadable files give a message instead. */
export async function readTextFile(file: string, maxBytes: number): Promise<ReadResult> {
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (e) {
    return { ok: false, message: `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String((e as Error).message)}.` };
  }
  if (!stat.isFile()) return { ok: false, message: `${file} is not a file.` };
  if (stat.size > maxBytes) {
    return { ok: false, message: `${path.basename(file)} is ${(stat.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (setting mlPapers.maxBibFileSizeMB); it was skipped.` };
  }
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(file);
  } catch (e) {
    return { ok: false, message: `Cannot read ${file}: ${(e as Error).message}` };
  }
  const decoded = decodeBibBytes(bytes);
  if (decoded.binary) return { ok: false, message: `${path.basename(file)} looks like a binary file, not text; it was skipped.` };
  return { ok: true, text: decoded.text, encoding: decoded.encoding, mtimeMs: stat.mtimeMs, size: stat.size };
}

/** Lists files under `roots` whose extension is in `exts`, skipping dependency/VCS/build folders; capped. */
export async function findFiles(roots: readonly string[], exts: readonly string[], limit = 5000): Promise<string[]> {
  const out: string[] = [];
  const queue = [...roots];
  while (queue.length && out.length < limit) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!skippedDirs.has(e.name) && !e.name.startsWith('.')) queue.push(path.join(dir, e.name));
      } else if (e.isFile() && exts.includes(path.extname(e.name).toLowerCase())) {
        out.push(path.join(dir, e.name));
        if (out.length >= limit) break;
      }
    }
  }
  return out.sort();
}

export function uriToPath(uri: string): string | undefined {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return URI.file(file).toString();
}

/**
 * Where a document's bibliography declaration points. `\bibliography{refs}` names "refs" and means
 * refs.bib; paths are relative to the document. The result may lie outside the workspace: such files
 * are only ever read (see isInside), never written.
 */
export function resolveBibliographyPath(docPath: string, declared: string, kind: string): string {
  let p = declared.trim();
  if (kind === 'bibliography' && !/\.(bib|json|yaml|yml)$/i.test(p)) p += '.bib';
  return path.resolve(path.dirname(docPath), p);
}

/** The files a document's bibliography declarations (`\bibliography`, `\addbibresource`, YAML) name. */
export function declaredBibliographyFiles(docPath: string, declarations: readonly BibliographyDecl[]): string[] {
  return declarations.map((d) => resolveBibliographyPath(docPath, d.path, d.kind));
}

/**
 * The real path of `file`, following symbolic links; for a file that does not exist yet, the real
 * path of its nearest existing ancestor joined with the rest.
 */
function realPath(file: string): string {
  const missing: string[] = [];
  let p = path.resolve(file);
  for (;;) {
    try {
      return path.join(realpathSync(p), ...missing.reverse());
    } catch {
      const parent = path.dirname(p);
      if (parent === p) return path.resolve(file);
      missing.push(path.basename(p));
      p = parent;
    }
  }
}

/**
 * True when `file` is inside one of the `roots` (used to refuse writes outside the workspace).
 * Symbolic links are followed, so a link inside the workspace that points elsewhere is outside.
 */
export function isInside(file: string, roots: readonly string[]): boolean {
  const f = realPath(file);
  return roots.some((r) => {
    const rel = path.relative(realPath(r), f);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}
