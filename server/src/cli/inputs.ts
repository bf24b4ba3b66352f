/**
 * What a CLI command reads: the settings (defaults, the workspace's .vscode/settings.json, flags),
 * the files and folders named on the command line, and the index of the database plus every
 * bibliography that applies — found through the same project model the server uses.
 */
import * as path from 'node:path';
import { statSync } from 'node:fs';
import { loadBundledIndex } from '../bundled';
import { citedKeys, scanOf } from '../core/documentModel';
import type { BibFormat } from '../core/bibtex';
import type { CitationIndex } from '../core/citationIndex';
import type { Config, DocLanguage, Problem } from '../core/model';
import { configForDocument } from '../core/project';
import { readWorkspaceSettings } from '../cliSettings';
import { BIB_EXTENSIONS, DOCUMENT_EXTENSIONS, languageOfPath } from '../languages';
import { ProjectModel } from '../project';
import { findFiles, pathToUri, readTextFile } from '../workspace';
import { UsageError, flag, listValue, type Args } from './args';
import type { CliRun } from './command';
import { progress } from './output';

/** The defaults, then the workspace's `.vscode/settings.json` (cliSettings.ts), then the flags. */
export function settingsFor(args: Args): Config {
  const workspace = readWorkspaceSettings(process.cwd());
  if (workspace.warning) process.stderr.write(`ml-papers: ${workspace.warning}\n`);
  const named = listValue(args, '--cite-command').map((c) => c.replace(/^\\/, '')).filter(Boolean);
  if (args.flags.has('--cite-command') && !named.length) throw new UsageError('--cite-command needs a command name, e.g. --cite-command mycite');
  for (const c of named) if (!/^[A-Za-z@]+$/.test(c)) throw new UsageError(`--cite-command: "${c}" is not a command name (letters only, e.g. mycite)`);
  return { ...workspace.config, customCiteCommands: [...new Set([...workspace.config.customCiteCommands, ...named])] };
}

/** Extra bibliographies: those the settings name (mlPapers.bibFiles), then --bib. */
export function extraBibs(run: CliRun): string[] {
  return [...run.settings.bibFiles, ...(run.args.flags.get('--bib') ?? [])];
}

/** --biblatex or --bibtex when given, else the setting mlPapers.bibFormat. */
export function formatOf(run: CliRun): BibFormat {
  return flag(run.args, '--biblatex') ? 'biblatex' : flag(run.args, '--bibtex') ? 'bibtex' : run.settings.bibFormat;
}

export interface InputDoc { file: string; text: string }

export interface Loaded {
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
export async function loadIndex(run: CliRun, roots: string[], docs: InputDoc[], extra: string[]): Promise<Loaded> {
  const { index, problems } = loadBundledIndex();
  for (const p of problems) process.stderr.write(`ml-papers: ${p}\n`);
  const config = run.settings;
  const bibs = new Set<string>(extra.map((f) => path.resolve(f)));
  for (const f of await findFiles(roots, BIB_EXTENSIONS)) bibs.add(f);
  const project = await projectOf(roots, docs);
  for (const d of docs) for (const f of declaredFiles(run, project, d)) bibs.add(f);
  const loaded: Loaded = { index, config, fileProblems: new Map(), unreadable: new Map(), texts: new Map(), project };
  const bar = progress('Indexing bibliographies');
  let n = 0;
  for (const file of [...bibs].sort()) {
    bar.tick(`${++n}/${bibs.size} ${path.basename(file)}`);
    const read = await readTextFile(file, config.maxBibFileBytes);
    if (!read.ok) { loaded.unreadable.set(file, read.message); continue; }
    loaded.texts.set(file, read.text);
    const uri = pathToUri(file);
    loaded.fileProblems.set(file, /\.json$/i.test(file) ? index.setCslJsonFile(uri, read.text) : index.setBibFile(uri, read.text));
  }
  bar.done();
  return loaded;
}

/**
 * The project model reads the folders given, else the current folder (or a file's own folder
 * outside it), as the server reads its workspace: a chapter given alone still finds its root.
 */
async function projectOf(roots: string[], docs: InputDoc[]): Promise<ProjectModel> {
  const project = new ProjectModel();
  const inCwd = (f: string) => !path.relative(process.cwd(), f).startsWith('..');
  if (docs.length) await project.load(roots.length ? roots : [...new Set(docs.map((d) => (inCwd(d.file) ? process.cwd() : path.dirname(d.file))))], docs);
  return project;
}

/** Expands files and folders into Markdown/LaTeX/BibTeX files; a missing path is a usage error. */
export async function expandInputs(inputs: string[], exts: readonly string[] = DOCUMENT_EXTENSIONS): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    let st;
    try { st = statSync(input); } catch { throw new UsageError(`cannot read ${input}: no such file or folder`); }
    if (st.isDirectory()) out.push(...(await findFiles([path.resolve(input)], exts)));
    else out.push(path.resolve(input));
  }
  return [...new Set(out)];
}

/** The folders among the command line's inputs (the roots a project is looked for in). */
export function folderInputs(inputs: string[]): string[] {
  return inputs.map((p) => path.resolve(p)).filter((p) => statSync(p).isDirectory());
}

export async function readDocs(run: CliRun, files: string[]): Promise<InputDoc[]> {
  const docs: InputDoc[] = [];
  for (const file of files) {
    const read = await readTextFile(file, run.settings.maxBibFileBytes);
    if (!read.ok) throw new UsageError(read.message);
    docs.push({ file, text: read.text });
  }
  return docs;
}

/** A Markdown or LaTeX file as the core reads it (undefined for a .bib or another language). */
export function noteDoc(file: string, text: string): { uri: string; language: DocLanguage; text: string } | undefined {
  const language = languageOfPath(file);
  return language && language !== 'bibtex' ? { uri: pathToUri(file), language, text } : undefined;
}

/** The bibliography files that apply to a note: its project's (a chapter gets its root's), else its own. */
export function declaredFiles(run: CliRun, project: ProjectModel, d: InputDoc): string[] {
  const doc = noteDoc(d.file, d.text);
  return doc ? project.bibliographiesOf(d.file, () => scanOf(doc, run.settings).bibliographies) : [];
}

export function docBibUris(run: CliRun, project: ProjectModel, d: InputDoc): string[] {
  return declaredFiles(run, project, d).map(pathToUri);
}

/** Keys cited by every Markdown/LaTeX file among `docs`, in order of appearance. */
export function keysCitedIn(run: CliRun, docs: InputDoc[], project: ProjectModel): string[] {
  return docs.flatMap((d) => {
    const doc = noteDoc(d.file, d.text);
    return doc ? citedKeys(doc, configForDocument(run.settings, project.of(d.file))) : [];
  });
}
