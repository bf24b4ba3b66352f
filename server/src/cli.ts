/**
 * `ml-papers`: the core jobs in a terminal and in CI. A second adapter over the same core as the
 * language server: `check` prints the diagnostics the server would publish, `bib` applies the same
 * bibliography plan the code action applies (as an atomic file write instead of an editor edit).
 */
import * as path from 'node:path';
import { promises as fsp, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { FULL_DATABASE, loadBundledIndex } from './bundled';
import { lineIndex } from './core/lineIndex';
import { diagnostics } from './core/features/diagnostics';
import { renderCard } from './core/render';
import { definedIn } from './core/features/hover';
import { planAdditions } from './core/bibliography';
import { citedKeys, scanOf } from './core/documentModel';
import { summarizeEntry } from './core/entrySummary';
import { entryToBibtex, paperToBibtex, type BibFormat } from './core/bibtex';
import { defaultConfig, type Config, type DocLanguage, type IndexedEntry, type Paper, type Problem } from './core/model';
import type { CitationIndex } from './core/citationIndex';
import type { FeatureContext, Doc } from './core/features/context';
import { DOCUMENT_EXTENSIONS, BIB_EXTENSIONS, NOTE_EXTENSIONS, languageOfPath } from './languages';
import { VERSION } from './version';
import { findFiles, pathToUri, readTextFile, uriToPath } from './workspace';
import { readWorkspaceSettings } from './cliSettings';
import { ProjectModel } from './project';
import { configForDocument } from './core/project';


class UsageError extends Error {}

const color = {
  on: process.stdout.isTTY === true && !process.env.NO_COLOR,
  wrap(code: string, s: string) { return this.on ? `\x1b[${code}m${s}\x1b[0m` : s; },
  bold(s: string) { return this.wrap('1', s); },
  dim(s: string) { return this.wrap('2', s); },
  red(s: string) { return this.wrap('31', s); },
  yellow(s: string) { return this.wrap('33', s); },
  cyan(s: string) { return this.wrap('36', s); },
};

const HELP: Record<string, string> = {
  main: `ml-papers ${VERSION} — citations of machine-learning papers, from the terminal

Usage: ml-papers <command> [options]

Commands:
  search <words…>              find papers (database + bibs in the current folder)
  show <key|arXiv id|DOI|nickname>
                               the paper card: title, authors, venue, summary, code
  bib <files or folders…>      the bibliography for every key they cite
  check <files or folders…>    diagnostics as a linter prints them (exit 1 on errors)
  export --format <fmt>        the whole database (csl-json, bibtex, biblatex)

Options for every command: --help, --bib <file> (extra .bib/CSL-JSON, repeatable),
  --cite-command <name> (a custom cite command, repeatable or comma-separated), --no-color
Settings: the mlPapers.* settings of the workspace's .vscode/settings.json (bibFiles, bibFormat,
customCiteCommands, diagnostics.*, maxBibFileSizeMB) are used when present; flags add to them or win.
Run 'ml-papers <command> --help' for the options of a command.`,
  search: `Usage: ml-papers search <words…> [--limit N] [--json] [--bib file]

Ranks papers as editor completion does: exact key or nickname first, then title/author matches,
then citation count. Prints key, year, authors and title per line.`,
  show: `Usage: ml-papers show <key | arXiv id | DOI | nickname> [--json | --bibtex | --biblatex | --csl-json]

Prints the paper card (what the editor's hover shows) or the chosen format.`,
  bib: `Usage: ml-papers bib <files or folders…> [--out refs.bib] [--biblatex | --bibtex]

Writes the BibTeX for every key the Markdown/LaTeX files cite (sorted, stable) to stdout: a key
your own bibliographies define as you wrote it, the others from the database (stderr says which
came from where). With --out it merges the missing entries into that file: existing entries are
never touched, keys never duplicated, papers already present under another key not added twice
(the file is replaced atomically).`,
  check: `Usage: ml-papers check <files or folders…> [--format text|json]

Reports unknown citation keys, keys missing from a document's bibliography, duplicate keys and
.bib syntax errors as path:line:col: severity: message. Exit status 1 when there are errors.`,
  export: `Usage: ml-papers export --format csl-json|bibtex|biblatex [--out file]

Prints the whole bundled database in the chosen format.`,
};

interface Args {
  positional: string[];
  flags: Map<string, string[]>;
}

const valueFlags = new Set(['--out', '--format', '--limit', '--bib', '--cite-command']);
const boolFlags = new Set(['--help', '-h', '--json', '--bibtex', '--biblatex', '--csl-json', '--no-color', '--version']);

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('-')) {
      const [name, inline] = a.split(/=(.*)/s, 2);
      if (valueFlags.has(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`${name} needs a value`);
        flags.set(name, [...(flags.get(name) ?? []), v]);
      } else if (boolFlags.has(name)) flags.set(name, ['true']);
      else throw new UsageError(`unknown option ${a}`);
    } else positional.push(a);
  }
  return { positional, flags };
}

const flag = (args: Args, name: string) => args.flags.has(name);
const value = (args: Args, name: string) => args.flags.get(name)?.at(-1);

/**
 * The settings every command works with: the defaults, then the workspace's `.vscode/settings.json`
 * (cliSettings.ts), then the flags (set by applySettings before a command runs).
 */
let settings: Config = defaultConfig;

function applySettings(args: Args): void {
  const workspace = readWorkspaceSettings(process.cwd());
  if (workspace.warning) process.stderr.write(`ml-papers: ${workspace.warning}\n`);
  const named = (args.flags.get('--cite-command') ?? []).flatMap((v) => v.split(',')).map((c) => c.trim().replace(/^\\/, '')).filter(Boolean);
  if (args.flags.has('--cite-command') && !named.length) throw new UsageError('--cite-command needs a command name, e.g. --cite-command mycite');
  for (const c of named) if (!/^[A-Za-z@]+$/.test(c)) throw new UsageError(`--cite-command: "${c}" is not a command name (letters only, e.g. mycite)`);
  settings = { ...workspace.config, customCiteCommands: [...new Set([...workspace.config.customCiteCommands, ...named])] };
}

/** Extra bibliographies: those the settings name (mlPapers.bibFiles), then --bib. */
function extraBibs(args: Args): string[] {
  return [...settings.bibFiles, ...(args.flags.get('--bib') ?? [])];
}

/** Shows a progress line on stderr when indexing takes more than a second (TTY only). */
function progress(label: string): { tick(detail: string): void; done(): void } {
  const started = Date.now();
  let shown = false;
  return {
    tick(detail) {
      if (!process.stderr.isTTY || Date.now() - started < 1000) return;
      shown = true;
      process.stderr.write(`\r${label}: ${detail}`.slice(0, 100).padEnd(100));
    },
    done() { if (shown) process.stderr.write('\r'.padEnd(101) + '\r'); },
  };
}

interface Loaded {
  index: CitationIndex;
  config: Config;
  /** Problems per file path (bib syntax errors, unreadable files). */
  fileProblems: Map<string, Problem[]>;
  unreadable: Map<string, string>;
  texts: Map<string, string>;
  /** Roots and bibliographies of the documents, as the server's project model gives them. */
  project: ProjectModel;
}

/** Loads the database and every bibliography under `roots`, named by `docs`, or given with --bib. */
async function loadIndex(roots: string[], docs: Array<{ file: string; text: string }>, extra: string[]): Promise<Loaded> {
  const { index, problems } = loadBundledIndex();
  for (const p of problems) process.stderr.write(`ml-papers: ${p}\n`);
  const config = settings;
  const bibs = new Set<string>(extra.map((f) => path.resolve(f)));
  for (const f of await findFiles(roots, BIB_EXTENSIONS)) bibs.add(f);
  // The project model reads the folders given, else the current folder (or a file's own folder
  // outside it), as the server reads its workspace: a chapter given alone still finds its root.
  const project = new ProjectModel();
  const inCwd = (f: string) => !path.relative(process.cwd(), f).startsWith('..');
  if (docs.length) await project.load(roots.length ? roots : [...new Set(docs.map((d) => (inCwd(d.file) ? process.cwd() : path.dirname(d.file))))], docs);
  for (const d of docs) for (const f of declaredFiles(project, d.file, d.text)) bibs.add(f);
  const fileProblems = new Map<string, Problem[]>();
  const unreadable = new Map<string, string>();
  const texts = new Map<string, string>();
  const bar = progress('Indexing bibliographies');
  let n = 0;
  for (const file of [...bibs].sort()) {
    bar.tick(`${++n}/${bibs.size} ${path.basename(file)}`);
    const read = await readTextFile(file, config.maxBibFileBytes);
    if (!read.ok) { unreadable.set(file, read.message); continue; }
    texts.set(file, read.text);
    const uri = pathToUri(file);
    fileProblems.set(file, /\.json$/i.test(file) ? index.setCslJsonFile(uri, read.text) : index.setBibFile(uri, read.text));
  }
  bar.done();
  return { index, config, fileProblems, unreadable, texts, project };
}

/** Expands files and folders into Markdown/LaTeX/BibTeX files; a missing path is a usage error. */
async function expandInputs(inputs: string[], exts: readonly string[] = DOCUMENT_EXTENSIONS): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    let st;
    try { st = statSync(input); } catch { throw new UsageError(`cannot read ${input}: no such file or folder`); }
    if (st.isDirectory()) out.push(...(await findFiles([path.resolve(input)], exts)));
    else out.push(path.resolve(input));
  }
  return [...new Set(out)];
}

async function readDocs(files: string[]): Promise<Array<{ file: string; text: string }>> {
  const docs: Array<{ file: string; text: string }> = [];
  for (const file of files) {
    const read = await readTextFile(file, settings.maxBibFileBytes);
    if (!read.ok) throw new UsageError(read.message);
    docs.push({ file, text: read.text });
  }
  return docs;
}

/** A Markdown or LaTeX file as the core reads it (undefined for a .bib or another language). */
function noteDoc(file: string, text: string): { uri: string; language: DocLanguage; text: string } | undefined {
  const language = languageOfPath(file);
  return language && language !== 'bibtex' ? { uri: pathToUri(file), language, text } : undefined;
}

/** The bibliography files that apply to a note: its project's (a chapter gets its root's), else its own. */
function declaredFiles(project: ProjectModel, file: string, text: string): string[] {
  const doc = noteDoc(file, text);
  return doc ? project.bibliographiesOf(file, () => scanOf(doc, settings).bibliographies) : [];
}

function docBibUris(project: ProjectModel, file: string, text: string): string[] {
  return declaredFiles(project, file, text).map(pathToUri);
}


function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}

/** --biblatex or --bibtex when given, else the setting mlPapers.bibFormat. */
function formatOf(args: Args): BibFormat {
  return flag(args, '--biblatex') ? 'biblatex' : flag(args, '--bibtex') ? 'bibtex' : settings.bibFormat;
}

/* ------------------------------ commands ------------------------------ */

async function cmdSearch(args: Args): Promise<number> {
  const query = args.positional.join(' ').trim();
  if (!query) throw new UsageError('search needs some words, e.g. ml-papers search residual learning');
  const limit = Number(value(args, '--limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
  const { index } = await loadIndex([process.cwd()], [], extraBibs(args));
  const r = index.search(query, limit);
  if (flag(args, '--json')) {
    process.stdout.write(JSON.stringify(r.results.map(({ entry, score }) => summary(entry, score)), null, 2) + '\n');
    return 0;
  }
  if (!r.results.length) { process.stderr.write(`No papers match "${query}".\n`); return 1; }
  for (const { entry } of r.results) {
    const authors = entry.authors.map((a) => a.family).slice(0, 3).join(', ') + (entry.authors.length > 3 ? ' et al.' : '');
    process.stdout.write(`${color.bold(entry.key)}  ${entry.year ?? '    '}  ${color.dim(authors)}  ${entry.title}\n`);
  }
  if (r.incomplete) process.stderr.write(color.dim(`… more results; use --limit to see more\n`));
  return 0;
}

/** What `--json` prints of an entry. */
function summary(entry: IndexedEntry, score?: number) {
  const s = summarizeEntry(entry);
  return { key: s.key, year: s.year, authors: s.authors, title: s.title, venue: s.venue, arxiv: s.arxiv, doi: s.doi, nicknames: s.nicknames, source: s.source, ...(score !== undefined ? { score } : {}) };
}

async function cmdShow(args: Args): Promise<number> {
  const query = args.positional.join(' ').trim();
  if (!query) throw new UsageError('show needs a key, arXiv id, DOI or nickname, e.g. ml-papers show ResNet');
  const { index, config } = await loadIndex([process.cwd()], [], extraBibs(args));
  const entry = index.lookUp(query);
  if (!entry) {
    const near = index.search(query, 3).results.map((h) => h.entry.key);
    process.stderr.write(`ml-papers: no paper "${query}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}\n`);
    return 1;
  }
  const key = entry.key;
  if (flag(args, '--bibtex') || flag(args, '--biblatex')) {
    const format = formatOf(args);
    process.stdout.write(entryToBibtex(entry, key, format).trimEnd() + '\n');
  } else if (flag(args, '--csl-json')) {
    process.stdout.write(JSON.stringify(entry.paper ?? summary(entry), null, 2) + '\n');
  } else if (flag(args, '--json')) {
    process.stdout.write(JSON.stringify({ ...summary(entry), summary: entry.paper?.custom.summary, code: entry.paper?.custom.code ?? [], citations: entry.paper?.custom.citations ?? [] }, null, 2) + '\n');
  } else {
    const ctx: FeatureContext = { index, config };
    const card = renderCard(entry, { hover: config.hover, definedIn: definedIn(ctx, entry) });
    process.stdout.write(card.plaintext.trimEnd() + '\n');
  }
  return 0;
}

/** Keys cited by every Markdown/LaTeX file among `docs`, in order of appearance. */
function keysCitedIn(docs: Array<{ file: string; text: string }>, project: ProjectModel): string[] {
  return docs.flatMap((d) => {
    const doc = noteDoc(d.file, d.text);
    return doc ? citedKeys(doc, configForDocument(settings, project.of(d.file))) : [];
  });
}

async function cmdBib(args: Args): Promise<number> {
  if (!args.positional.length) throw new UsageError('bib needs files or folders, e.g. ml-papers bib notes/');
  const files = (await expandInputs(args.positional, NOTE_EXTENSIONS)).filter((f) => languageOfPath(f) !== 'bibtex');
  const docs = await readDocs(files);
  const roots = args.positional.map((p) => path.resolve(p)).filter((p) => statSync(p).isDirectory());
  const out = value(args, '--out');
  const { index, project } = await loadIndex(roots, docs, [...extraBibs(args), ...(out ? [out] : [])]);
  const keys = keysCitedIn(docs, project);
  const preferUris = docs.flatMap((d) => docBibUris(project, d.file, d.text));
  const lookup = (k: string) => index.resolve(k, preferUris)?.paper;
  const format = formatOf(args);
  if (!out) {
    const bib = ownOrDatabaseEntries(index, keys, preferUris, format);
    process.stdout.write(bib.text);
    if (bib.sources.length || bib.unknown.length) process.stderr.write(`ml-papers: ${sourcesLine(bib.sources, bib.unknown)}\n`);
    return 0;
  }
  const target = path.resolve(out);
  let existing = '';
  try { existing = await fsp.readFile(target, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read ${out}: ${(e as Error).message}`);
  }
  const uri = pathToUri(target);
  const plan = planAdditions({
    citedKeys: keys,
    bibText: existing,
    lookup,
    samePaperInBib: (item) => index.findInFiles(item as Paper, [uri])[0]?.key,
    format,
  });
  if (plan.insertText) await atomicWrite(target, existing.slice(0, plan.insertOffset) + plan.insertText + existing.slice(plan.insertOffset));
  process.stderr.write(`${rel(target)}: added ${plan.added.length} entr${plan.added.length === 1 ? 'y' : 'ies'}${plan.added.length ? ` (${plan.added.join(', ')})` : ''}; ${plan.alreadyPresent.length} already present\n`);
  for (const s of plan.sameAs) process.stderr.write(`  ${s.cited}: the file already has this paper as ${s.existing}; cite that key instead\n`);
  if (plan.unknown.length) process.stderr.write(`  unknown keys: ${plan.unknown.join(', ')}\n`);
  return 0;
}

/**
 * The entries for `keys` (each once, sorted by key, under the key as cited): a key the user's own
 * bibliographies define is written as the user wrote it (entryToBibtex), the rest from the database.
 * `sources` counts the entries per origin, the user's files first.
 */
function ownOrDatabaseEntries(index: CitationIndex, keys: readonly string[], preferUris: readonly string[], format: BibFormat) {
  const entries: string[] = [];
  const unknown: string[] = [];
  const counts = new Map<string, number>();
  for (const key of [...new Set(keys)].sort()) {
    const entry = index.resolve(key, preferUris);
    if (!entry || (entry.source.kind === 'bundled' && !entry.paper)) { unknown.push(key); continue; }
    entries.push(entryToBibtex(entry, key, format));
    const from = entry.source.kind === 'bundled' ? '' : rel(uriToPath(entry.source.uri) ?? entry.source.uri);
    counts.set(from, (counts.get(from) ?? 0) + 1);
  }
  const sources = [...counts].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return { text: entries.join('\n'), sources, unknown };
}

/** "2 from refs.bib, 3 from the ML Papers database, 1 not in the database or your bibliographies: x". */
function sourcesLine(sources: ReadonlyArray<[string, number]>, unknown: readonly string[]): string {
  const parts = sources.map(([from, n]) => `${n} from ${from || 'the ML Papers database'}`);
  if (unknown.length) parts.push(`${unknown.length} not in the database or your bibliographies: ${unknown.join(', ')}`);
  return parts.join(', ');
}

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

interface Finding { file: string; line: number; col: number; severity: string; message: string; code?: string }

async function cmdCheck(args: Args): Promise<number> {
  if (!args.positional.length) throw new UsageError('check needs files or folders, e.g. ml-papers check .');
  const fmt = value(args, '--format') ?? 'text';
  if (fmt !== 'text' && fmt !== 'json') throw new UsageError(`--format must be text or json, not ${fmt}`);
  const files = await expandInputs(args.positional);
  const docs = await readDocs(files.filter((f) => languageOfPath(f) !== 'bibtex'));
  const roots = args.positional.map((p) => path.resolve(p)).filter((p) => statSync(p).isDirectory());
  const loaded = await loadIndex(roots, docs, [...extraBibs(args), ...files.filter((f) => languageOfPath(f) === 'bibtex')]);
  const findings: Finding[] = [];
  const add = (file: string, text: string, problems: readonly Problem[]) => {
    const lines = lineIndex(text);
    for (const p of problems) {
      const pos = lines.positionAt(p.span.start);
      findings.push({ file: rel(file), line: pos.line + 1, col: pos.character + 1, severity: p.severity, message: p.message, code: p.code });
    }
  };
  for (const [file, message] of loaded.unreadable) findings.push({ file: rel(file), line: 1, col: 1, severity: 'warning', message, code: 'unreadable' });
  for (const [file, text] of loaded.texts) {
    if (!/\.bib$/i.test(file)) continue;
    const doc: Doc = { uri: pathToUri(file), language: 'bibtex', text };
    add(file, text, diagnostics({ index: loaded.index, config: loaded.config }, doc));
  }
  for (const d of docs) {
    const language = languageOfPath(d.file);
    if (!language) continue;
    const doc: Doc = { uri: pathToUri(d.file), language, text: d.text };
    const docBibs = docBibUris(loaded.project, d.file, d.text);
    const inProject = loaded.project.of(d.file);
    const config = configForDocument(loaded.config, inProject);
    add(d.file, d.text, diagnostics({ index: loaded.index, config, docBibUris: docBibs, bibliographyDeclared: docBibs.length > 0, ...(inProject?.backend ? { backend: inProject.backend } : {}) }, doc));
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (fmt === 'json') process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  else {
    for (const f of findings) {
      const sev = f.severity === 'error' ? color.red('error') : f.severity === 'warning' ? color.yellow('warning') : color.cyan(f.severity);
      process.stdout.write(`${f.file}:${f.line}:${f.col}: ${sev}: ${f.message}${f.code ? color.dim(` [${f.code}]`) : ''}\n`);
    }
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    process.stderr.write(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s), ${findings.length - errors - warnings} note(s)\n`);
  }
  return errors ? 1 : 0;
}

async function cmdExport(args: Args): Promise<number> {
  const fmt = value(args, '--format');
  if (fmt !== 'csl-json' && fmt !== 'bibtex' && fmt !== 'biblatex') throw new UsageError('export needs --format csl-json, bibtex or biblatex');
  // The database as built, with each field's sources (the prepared form the server loads leaves them out).
  const { index } = loadBundledIndex(FULL_DATABASE);
  const papers = [...index.db.papers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const text = fmt === 'csl-json' ? JSON.stringify(papers, null, 2) + '\n' : papers.map((p) => paperToBibtex(p, p.id, fmt)).join('\n');
  const out = value(args, '--out');
  if (out) await atomicWrite(path.resolve(out), text);
  else process.stdout.write(text);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') { process.stdout.write(HELP.main + '\n'); return command ? 0 : 2; }
    if (command === '--version' || command === '-v') { process.stdout.write(`${VERSION}\n`); return 0; }
    args = parseArgs(rest);
    if (flag(args, '--no-color')) color.on = false;
    if (!(command in HELP) || command === 'main') throw new UsageError(`unknown command "${command}"`);
    if (flag(args, '--help') || flag(args, '-h')) { process.stdout.write(HELP[command] + '\n'); return 0; }
    applySettings(args);
    switch (command) {
      case 'search': return await cmdSearch(args);
      case 'show': return await cmdShow(args);
      case 'bib': return await cmdBib(args);
      case 'check': return await cmdCheck(args);
      case 'export': return await cmdExport(args);
    }
    return 2;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ml-papers: ${e.message}\n${command && command in HELP ? `Run 'ml-papers ${command} --help' for usage.` : "Run 'ml-papers --help' for usage."}\n`);
      return 2;
    }
    process.stderr.write(`ml-papers: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  // A reader that stops early (`ml-papers export … | head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
