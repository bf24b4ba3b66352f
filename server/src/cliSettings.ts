/**
 * The CLI reads the same `mlPapers.*` settings the editor does, from the workspace's
 * `.vscode/settings.json`, and turns them into a Config through settings.ts's normalizeSettings
 * (one home for the rules). The file is JSON with comments and trailing commas, as VS Code allows.
 */
import * as path from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { defaultConfig, type Config } from './core/model';
import { normalizeSettings } from './settings';

/** The settings the CLI takes from the workspace; the others (hover, completion, databases) are the editor's. */
const TAKEN = ['bibFiles', 'bibFormat', 'customCiteCommands', 'maxBibFileSizeMB'];
const taken = (name: string) => TAKEN.includes(name) || name.startsWith('diagnostics.');

export interface WorkspaceSettings {
  config: Config;
  /** The settings file read, if any. */
  file?: string;
  /** One line for stderr when the file could not be used (the defaults are then used). */
  warning?: string;
}

/**
 * `.vscode/settings.json` of the workspace `cwd` is in: the nearest folder, from `cwd` up to the git
 * root, that has a `.vscode` folder. Outside a git repository only `cwd` itself is looked at (a home
 * folder's `.vscode` holds VS Code's extensions, not a workspace).
 */
export function findSettingsFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  const gitRoot = findGitRoot(dir);
  for (;;) {
    const vscode = path.join(dir, '.vscode');
    if (isDir(vscode)) {
      const file = path.join(vscode, 'settings.json');
      return existsSync(file) ? file : undefined;
    }
    if (!gitRoot || dir === gitRoot) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function findGitRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}

/** Reads the workspace settings for `cwd`; relative `mlPapers.bibFiles` are resolved from the workspace folder. */
export function readWorkspaceSettings(cwd: string): WorkspaceSettings {
  const file = findSettingsFile(cwd);
  if (!file) return { config: defaultConfig };
  const shown = path.relative(cwd, file) || file;
  let raw: unknown;
  try {
    raw = parseJsonc(readFileSync(file, 'utf8'));
  } catch (e) {
    return { config: defaultConfig, file, warning: `${shown}: ${(e as Error).message}; using the default settings` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { config: defaultConfig, file, warning: `${shown}: not a JSON object; using the default settings` };
  }
  const section: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (name.startsWith('mlPapers.') && taken(name.slice('mlPapers.'.length))) section[name.slice('mlPapers.'.length)] = v;
  }
  const config = normalizeSettings(section);
  const folder = path.dirname(path.dirname(file));
  return { config: { ...config, bibFiles: config.bibFiles.map((f) => path.resolve(folder, f)) }, file };
}

/**
 * Parses JSON with comments (`//`, `/* *\/`) and trailing commas before `]` or `}`. Comments become
 * spaces, so a syntax error's position is still the position in the file. Throws a SyntaxError
 * whose message names the line.
 */
export function parseJsonc(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: string[] = [];
  let i = 0;
  let pendingComma = -1; // index in `out` of a comma that may turn out to be trailing
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i, j + 1));
      pendingComma = -1;
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      let j = text.indexOf('\n', i);
      if (j < 0) j = text.length;
      out.push(' '.repeat(j - i));
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const j = text.indexOf('*/', i + 2);
      if (j < 0) throw new SyntaxError(`unterminated comment at line ${lineAt(i)}`);
      out.push(text.slice(i, j + 2).replace(/[^\n]/g, ' '));
      i = j + 2;
    } else {
      if ((c === ']' || c === '}') && pendingComma >= 0) out[pendingComma] = ' ';
      if (c === ',') pendingComma = out.length;
      else if (!/\s/.test(c)) pendingComma = -1;
      out.push(c);
      i++;
    }
  }
  const cleaned = out.join('');
  if (!cleaned.trim()) return {};
  try {
    return JSON.parse(cleaned);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    throw new SyntaxError(m ? `invalid JSON at line ${lineAt(Number(m[1]))}` : 'invalid JSON');
  }
}
