/**
 * The project model: which documents are compiled together, and which bibliography files apply to
 * each document, resolved where the real tool looks for them.
 *
 * LaTeX: a document with `\documentclass` is a root; `\input`, `\include`, `\subfile`, `\import`
 * and `\subimport` tie other files to it; `% !TEX root = …` names a file's root outright.
 * `\bibliography{refs}` and `\addbibresource{refs.bib}` are read by BibTeX/biber from the root's
 * folder (where LaTeX runs), whichever file declares them, and then along BIBINPUTS.
 *
 * Pandoc: a folder with `_bookdown.yml` or `_quarto.yml` is a project root. Bookdown merges its
 * chapters into one document rendered at the root, so every chapter gets every chapter's
 * `bibliography:` (and `_output.yml`'s), resolved from the root. Quarto renders each document with
 * the project's metadata: `_quarto.yml`'s bibliography resolves from the root, a document's own
 * from its folder (else the root). A document outside any project resolves from its own folder.
 *
 * Everything here works on texts and paths: the adapter reads the files and says which
 * bibliography files exist. Nothing throws on user input.
 */
import * as path from 'node:path';
import type { BibliographyDecl, Config } from './model';
import { citeMacrosDefinedIn } from './scan';

/** One file inclusion as written: `\import{dir}{file}` has a `dir`, the others only a `file`. */
export interface IncludeRef {
  kind: 'input' | 'include' | 'subfile' | 'import' | 'subimport';
  file: string;
  dir?: string;
}

/** What a document contributes to the project: its edges, its root comment, its declarations. */
export interface DocFacts {
  language: 'latex' | 'markdown';
  includes: IncludeRef[];
  /** `% !TEX root = …` as written (relative to the document's folder). */
  magicRoot?: string;
  /** True for a LaTeX file with `\documentclass`: it is compiled on its own. */
  isRoot: boolean;
  bibliographies: Array<Pick<BibliographyDecl, 'path' | 'kind'>>;
  /** LaTeX: the cite commands the document defines (`\newcommand{\mycite}[1]{\citep{#1}}` …). */
  citeMacros?: string[];
  /** LaTeX: the bibliography backend the document shows, if it shows one. */
  backend?: 'bibtex' | 'biblatex';
}

/** What a project file (`_bookdown.yml`, `_quarto.yml`, `_output.yml`) says. */
export interface ProjectFileFacts {
  kind: 'bookdown' | 'quarto' | 'output';
  /** bookdown's `rmd_files` (all formats' lists together), relative to the project root. */
  rmdFiles?: string[];
  /** Quarto's `project: type:` (book, website, default …). */
  type?: string;
  /** Quarto's `book: chapters:` (parts' chapters included), relative to the project root. */
  chapters?: string[];
  /** `bibliography:` in the project metadata (and `--bibliography=` in pandoc arguments). */
  bibliographies: string[];
}

/** A BIBINPUTS directory; `recursive` when it was written with a trailing `//`. */
export interface BibInputsDir {
  dir: string;
  recursive: boolean;
}

export interface ProjectInput {
  /** Documents by absolute path. */
  documents: ReadonlyMap<string, DocFacts>;
  /** Project files by absolute path. */
  projectFiles: ReadonlyMap<string, ProjectFileFacts>;
  /** Bibliography files known to exist, by absolute path: where a search along several places stops. */
  bibFiles: ReadonlySet<string>;
  bibInputs?: readonly BibInputsDir[];
}

/** A document's place in its project. */
export interface DocProject {
  /** The documents compiled to produce this one (itself when it stands alone). */
  roots: string[];
  /** The bibliography files that apply, resolved, in order, without repeats. */
  bibliographies: string[];
  /** LaTeX: cite commands its roots' documents define (a chapter uses the preamble's `\mycite`). */
  citeMacros?: string[];
  /** LaTeX: the backend its roots' documents show (a chapter shows none of its own). */
  backend?: 'bibtex' | 'biblatex';
}

/* ------------------------------ facts ------------------------------ */

const PROJECT_FILES: Record<string, ProjectFileFacts['kind']> = { '_bookdown.yml': 'bookdown', '_quarto.yml': 'quarto', '_quarto.yaml': 'quarto', '_output.yml': 'output', '_output.yaml': 'output' };

/** The kind of project file `file` is by its name, or undefined for any other file. */
export function projectFileKind(file: string): ProjectFileFacts['kind'] | undefined {
  return PROJECT_FILES[path.basename(file)];
}

const oneArg = /\\(input|include|subfile)(?![A-Za-z@])\*?\s*\{([^{}]*)\}/g;
const twoArgs = /\\(import|subimport|inputfrom|subinputfrom|includefrom|subincludefrom)(?![A-Za-z@])\*?\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g;
/** TeX's own `\input file` without braces. */
const bareInput = /\\input(?![A-Za-z@])[ \t]+([^\s{}\\%]+)/g;
const magicRootLine = /^\s*%\s*!\s*tex\s+root\s*=\s*(.+?)\s*$/i;

/**
 * A LaTeX document's facts. `bibliographies` are the scanner's declarations (it already skips
 * comments and verbatim); inclusions are read here from the text without comments.
 */
export function latexFacts(text: string, bibliographies: readonly Pick<BibliographyDecl, 'path' | 'kind'>[], backend?: 'bibtex' | 'biblatex'): DocFacts {
  let magicRoot: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = magicRoot === undefined ? magicRootLine.exec(lines[i]) : null;
    if (m) magicRoot = m[1];
    lines[i] = withoutComment(lines[i]);
  }
  const code = lines.join('\n');
  const includes: Array<IncludeRef & { at: number }> = [];
  for (const m of code.matchAll(oneArg)) if (m[2].trim()) includes.push({ kind: m[1] as IncludeRef['kind'], file: m[2].trim(), at: m.index });
  for (const m of code.matchAll(bareInput)) includes.push({ kind: 'input', file: m[1], at: m.index });
  for (const m of code.matchAll(twoArgs)) {
    const kind = m[1].startsWith('sub') ? 'subimport' : 'import';
    if (m[3].trim()) includes.push({ kind, dir: m[2].trim(), file: m[3].trim(), at: m.index });
  }
  includes.sort((a, b) => a.at - b.at);
  const citeMacros = citeMacrosDefinedIn(text);
  return {
    language: 'latex',
    includes: includes.map(({ at: _at, ...inc }) => inc),
    magicRoot,
    isRoot: /\\documentclass(?![A-Za-z@])/.test(code),
    bibliographies: bibliographies.map((b) => ({ path: b.path, kind: b.kind })),
    ...(citeMacros.length ? { citeMacros } : {}),
    ...(backend ? { backend } : {}),
  };
}

/** A line up to its first unescaped `%`. */
function withoutComment(line: string): string {
  for (let i = line.indexOf('%'); i >= 0; i = line.indexOf('%', i + 1)) {
    let slashes = 0;
    for (let k = i - 1; k >= 0 && line.charCodeAt(k) === 92; k--) slashes++;
    if (slashes % 2 === 0) return line.slice(0, i);
  }
  return line;
}

/** A Markdown document's facts: only its front matter's bibliographies. */
export function markdownFacts(bibliographies: readonly Pick<BibliographyDecl, 'path' | 'kind'>[]): DocFacts {
  return { language: 'markdown', includes: [], isRoot: false, bibliographies: bibliographies.map((b) => ({ path: b.path, kind: b.kind })) };
}

/** What a project file says; undefined when `file` is not one. */
export function projectFileFacts(file: string, text: string): ProjectFileFacts | undefined {
  const kind = projectFileKind(file);
  if (!kind) return undefined;
  const yaml = parseYaml(text);
  const top = isMap(yaml) ? yaml : {};
  const bibliographies = [...collectKey(top, 'bibliography').flatMap(strings), ...pandocArgBibliographies(text)];
  if (kind === 'bookdown') {
    const rmd = top.rmd_files;
    const rmdFiles = rmd === undefined ? undefined : isMap(rmd) ? Object.values(rmd).flatMap(strings) : strings(rmd);
    return { kind, rmdFiles: rmdFiles && [...new Set(rmdFiles)], bibliographies };
  }
  if (kind === 'quarto') {
    const project = isMap(top.project) ? top.project : {};
    const book = isMap(top.book) ? top.book : undefined;
    const chapters = book ? [...strings(book.chapters), ...chapterFiles(book.chapters), ...strings(book.appendices), ...chapterFiles(book.appendices)] : undefined;
    const type = typeof project.type === 'string' ? project.type : undefined;
    return { kind, type, chapters: chapters && [...new Set(chapters)], bibliographies };
  }
  return { kind, bibliographies };
}

/** The files of Quarto's `- part: intro.qmd\n  chapters: [...]` items. */
function chapterFiles(v: Yaml | undefined): string[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((item) => (isMap(item) ? [...strings(item.part).filter((p) => /\.(q?md|rmd|ipynb)$/i.test(p)), ...strings(item.chapters), ...chapterFiles(item.chapters)] : []));
}

/** `--bibliography=refs.bib` / `--bibliography refs.bib` in pandoc arguments. */
function pandocArgBibliographies(text: string): string[] {
  return [...text.matchAll(/--bibliography[= ]["']?([^"'\s,\]]+)/g)].map((m) => m[1]);
}

/* ------------------------------ a small YAML reader ------------------------------ */

type Yaml = string | Yaml[] | { [key: string]: Yaml };

const isMap = (v: Yaml | undefined): v is { [key: string]: Yaml } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The string values of a scalar or a list (nested lists flattened); [] for anything else. */
function strings(v: Yaml | undefined): string[] {
  if (typeof v === 'string') return v ? [v] : [];
  return Array.isArray(v) ? v.flatMap((x) => (typeof x === 'string' ? strings(x) : Array.isArray(x) ? strings(x) : [])) : [];
}

/** Every value under `key` at any depth of maps (`format: html: bibliography:` included). */
function collectKey(v: Yaml, key: string): Yaml[] {
  if (!isMap(v)) return [];
  return Object.entries(v).flatMap(([k, x]) => (k === key ? [x] : collectKey(x, key)));
}

interface YamlLine { indent: number; text: string }

/**
 * Block maps, block lists (of scalars or maps), flow lists and plain or quoted scalars: what
 * project files use. Anything else reads as a string or is skipped; never throws.
 */
export function parseYaml(text: string): Yaml {
  const lines: YamlLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw);
    if (!line.trim() || line.startsWith('---') || line.startsWith('...')) continue;
    lines.push({ indent: line.length - line.trimStart().length, text: line.trim() });
  }
  const at = { i: 0 };
  return lines.length ? block(lines, at, lines[0].indent) : {};
}

function block(lines: YamlLine[], at: { i: number }, indent: number): Yaml {
  return isItem(lines[at.i].text) ? list(lines, at, indent) : map(lines, at, indent);
}

const isItem = (t: string) => t === '-' || t.startsWith('- ');

function list(lines: YamlLine[], at: { i: number }, indent: number): Yaml[] {
  const out: Yaml[] = [];
  while (at.i < lines.length && lines[at.i].indent === indent && isItem(lines[at.i].text)) {
    const rest = lines[at.i].text.slice(1).trimStart();
    if (!rest) {
      at.i++;
      out.push(at.i < lines.length && lines[at.i].indent > indent ? block(lines, at, lines[at.i].indent) : '');
    } else if (keyOf(rest) !== undefined) {
      // `- key: value` starts a map whose keys line up with `key`.
      const inner = indent + (lines[at.i].text.length - rest.length);
      lines[at.i] = { indent: inner, text: rest };
      out.push(map(lines, at, inner));
    } else {
      out.push(scalar(rest));
      at.i++;
    }
  }
  return out;
}

function map(lines: YamlLine[], at: { i: number }, indent: number): { [key: string]: Yaml } {
  const out: { [key: string]: Yaml } = {};
  while (at.i < lines.length && lines[at.i].indent === indent && !isItem(lines[at.i].text)) {
    const text = lines[at.i].text;
    const key = keyOf(text);
    at.i++;
    if (key === undefined) continue;
    const rest = text.slice(text.indexOf(':', key.length) + 1).trim();
    if (rest) out[key] = scalar(rest);
    else if (at.i < lines.length && (lines[at.i].indent > indent || (lines[at.i].indent === indent && isItem(lines[at.i].text)))) out[key] = block(lines, at, lines[at.i].indent);
    else out[key] = '';
  }
  // A deeper line no key owns (bad indentation) is skipped rather than misread.
  while (at.i < lines.length && lines[at.i].indent > indent) at.i++;
  return out;
}

/** The key of a `key: value` line (quotes removed), or undefined. */
function keyOf(text: string): string | undefined {
  const m = /^("[^"]*"|'[^']*'|[^\s"'[{#][^:]*?)\s*:(?:\s|$)/.exec(text);
  return m ? unquote(m[1]) : undefined;
}

function scalar(text: string): Yaml {
  if (text.startsWith('[')) {
    const close = text.lastIndexOf(']');
    return text.slice(1, close < 0 ? undefined : close).split(',').map((s) => unquote(s.trim())).filter((s) => s);
  }
  return unquote(text);
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.at(-1) === s[0] ? s.slice(1, -1) : s;
}

/** A line without its `# comment` (a `#` at the start or after a blank, outside quotes). */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return line.slice(0, i);
  }
  return line;
}

/* ------------------------------ the graph ------------------------------ */

/**
 * Every document's roots and bibliographies. A document in `input.documents` always has an answer;
 * one that is part of no project stands alone (its own root, its own declarations).
 */
export function buildProject(input: ProjectInput): Map<string, DocProject> {
  const out = new Map<string, DocProject>();
  const trees = latexTrees(input);
  const projects = pandocProjects(input);
  for (const [file, facts] of input.documents) {
    out.set(file, facts.language === 'latex' ? latexDoc(input, trees, file, facts) : markdownDoc(input, projects, file, facts));
  }
  return out;
}

/* LaTeX */

/** For each root document, the documents its inclusions reach (itself first). */
function latexTrees(input: ProjectInput): Map<string, string[]> {
  const trees = new Map<string, string[]>();
  for (const [file, facts] of input.documents) {
    if (facts.language !== 'latex' || !facts.isRoot) continue;
    const seen = new Set([file]);
    const visit = (doc: string, base: string): void => {
      for (const inc of input.documents.get(doc)?.includes ?? []) {
        const hit = resolveInclude(input.documents, inc, doc, base, path.dirname(file));
        if (hit && !seen.has(hit.file)) { seen.add(hit.file); visit(hit.file, hit.base); }
      }
    };
    visit(file, path.dirname(file));
    trees.set(file, [...seen]);
  }
  return trees;
}

/**
 * The document an inclusion reaches: `\input`/`\include` from the root's folder (or the import
 * folder in effect), then from the including file's folder as editors do; `\subfile` from the
 * including file's folder first; `\import{dir}` (from `rootDir`) and `\subimport{dir}` set the folder for what the
 * included file includes in turn. Undefined when no known document matches.
 */
export function resolveInclude(documents: ReadonlyMap<string, unknown>, inc: IncludeRef, from: string, base: string, rootDir: string): { file: string; base: string } | undefined {
  const here = path.dirname(from);
  let dirs: string[];
  let nextBase: string | undefined;
  if (inc.kind === 'import' || inc.kind === 'subimport') {
    // \import's folder is absolute or relative to where LaTeX runs; \subimport's to the folder in effect.
    const dir = path.resolve(inc.kind === 'import' ? rootDir : base, inc.dir ?? '');
    dirs = inc.kind === 'subimport' ? [dir, path.resolve(here, inc.dir ?? '')] : [dir];
    nextBase = dir;
  } else dirs = inc.kind === 'subfile' ? [here, base] : [base, here];
  for (const dir of dirs) {
    const p = path.resolve(dir, inc.file);
    for (const candidate of path.extname(inc.file) ? [p, `${p}.tex`] : [`${p}.tex`, p]) {
      if (documents.has(candidate)) return { file: candidate, base: nextBase ?? (inc.kind === 'subfile' ? path.dirname(candidate) : base) };
    }
  }
  return undefined;
}

function latexDoc(input: ProjectInput, trees: Map<string, string[]>, file: string, facts: DocFacts): DocProject {
  let roots: string[];
  if (facts.magicRoot) {
    const p = path.resolve(path.dirname(file), facts.magicRoot);
    roots = [path.extname(p) ? p : `${p}.tex`];
  } else {
    roots = [...trees].filter(([, members]) => members.includes(file)).map(([root]) => root);
    if (!roots.length) roots = [file];
  }
  const bibliographies: string[] = [];
  const citeMacros: string[] = [];
  let backend: DocFacts['backend'];
  for (const root of roots) {
    const members = trees.get(root) ?? [root];
    for (const doc of members.includes(file) ? members : [...members, file]) {
      const facts = input.documents.get(doc);
      for (const decl of facts?.bibliographies ?? []) bibliographies.push(resolveLatexBibliography(input, decl, path.dirname(root)));
      citeMacros.push(...(facts?.citeMacros ?? []));
      backend ??= facts?.backend;
    }
  }
  return { roots, bibliographies: [...new Set(bibliographies)], ...(citeMacros.length ? { citeMacros: [...new Set(citeMacros)] } : {}), ...(backend ? { backend } : {}) };
}

/**
 * Where BibTeX or biber finds a declared bibliography: `\bibliography{refs}` means refs.bib; the
 * root's folder (where LaTeX runs) first, then each BIBINPUTS folder. When none of the places
 * holds a known file, the root-relative path (where a missing file would be expected).
 */
export function resolveLatexBibliography(input: Pick<ProjectInput, 'bibFiles' | 'bibInputs'>, decl: Pick<BibliographyDecl, 'path' | 'kind'>, rootDir: string): string {
  let name = decl.path.trim();
  if (decl.kind === 'bibliography' && !/\.(bib|json|yaml|yml)$/i.test(name)) name += '.bib';
  const first = path.resolve(rootDir, name);
  if (path.isAbsolute(name) || input.bibFiles.has(first)) return first;
  for (const { dir, recursive } of input.bibInputs ?? []) {
    const exact = path.resolve(dir, name);
    if (input.bibFiles.has(exact)) return exact;
    if (recursive) {
      const prefix = path.resolve(dir) + path.sep;
      const tail = path.sep + path.normalize(name);
      for (const f of input.bibFiles) if (f.startsWith(prefix) && f.endsWith(tail)) return f;
    }
  }
  return first;
}

/* Pandoc */

interface PandocProject {
  root: string;
  kind: 'bookdown' | 'quarto';
  facts: ProjectFileFacts;
  /** The documents of a bookdown book, in order; every document under the root for Quarto. */
  members: string[];
  /** `_output.yml` beside the project file. */
  output?: ProjectFileFacts;
}

/** The bookdown and Quarto projects, by root folder. */
function pandocProjects(input: ProjectInput): Map<string, PandocProject> {
  const byDir = new Map<string, PandocProject>();
  for (const [file, facts] of input.projectFiles) {
    if (facts.kind === 'output') continue;
    const root = path.dirname(file);
    const output = [...input.projectFiles].find(([f, o]) => o.kind === 'output' && path.dirname(f) === root)?.[1];
    byDir.set(root, { root, kind: facts.kind, facts, members: projectMembers(input, root, facts), output });
  }
  return byDir;
}

function projectMembers(input: ProjectInput, root: string, facts: ProjectFileFacts): string[] {
  const markdown = [...input.documents].filter(([, f]) => f.language === 'markdown').map(([file]) => file);
  if (facts.kind === 'bookdown') {
    if (facts.rmdFiles) return facts.rmdFiles.map((f) => path.resolve(root, f)).filter((f) => input.documents.has(f));
    // Without rmd_files, bookdown takes the root folder's .Rmd files, index.Rmd first, `_` files left out.
    const own = markdown.filter((f) => path.dirname(f) === root && /\.rmd$/i.test(f) && !path.basename(f).startsWith('_')).sort();
    return [...own.filter((f) => /^index\.rmd$/i.test(path.basename(f))), ...own.filter((f) => !/^index\.rmd$/i.test(path.basename(f)))];
  }
  return markdown.filter((f) => f.startsWith(root + path.sep));
}

/** The nearest project whose members include `file`. */
function projectOf(projects: Map<string, PandocProject>, file: string): PandocProject | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const p = projects.get(dir);
    if (p && p.members.includes(file)) return p;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function markdownDoc(input: ProjectInput, projects: Map<string, PandocProject>, file: string, facts: DocFacts): DocProject {
  const project = projectOf(projects, file);
  const here = path.dirname(file);
  const own = facts.bibliographies.map((b) => b.path);
  if (!project) {
    const output = [...input.projectFiles].find(([f, o]) => o.kind === 'output' && path.dirname(f) === here)?.[1];
    return { roots: [file], bibliographies: unique([...own, ...(output?.bibliographies ?? [])].map((b) => path.resolve(here, b))) };
  }
  const { root } = project;
  const fromRoot = (b: string) => path.resolve(root, b);
  const meta = [...project.facts.bibliographies, ...(project.output?.bibliographies ?? [])].map(fromRoot);
  if (project.kind === 'bookdown') {
    const declared = project.members.flatMap((m) => input.documents.get(m)?.bibliographies.map((b) => b.path) ?? []);
    return { roots: [project.members[0] ?? file], bibliographies: unique([...declared.map(fromRoot), ...meta]) };
  }
  // Quarto renders each document in its own folder with the project's metadata merged in.
  const mine = own.map((b) => {
    const candidates = [path.resolve(here, b), fromRoot(b)];
    return candidates.find((c) => input.bibFiles.has(c)) ?? candidates[0];
  });
  return { roots: [quartoRoot(input, project) ?? file], bibliographies: unique([...meta, ...mine]) };
}

/** The book's main document (index.qmd, else the first chapter); undefined for other project types. */
function quartoRoot(input: ProjectInput, project: PandocProject): string | undefined {
  if (project.facts.type !== 'book') return undefined;
  const index = ['index.qmd', 'index.md', 'index.Rmd'].map((n) => path.resolve(project.root, n)).find((f) => input.documents.has(f));
  return index ?? project.facts.chapters?.map((c) => path.resolve(project.root, c)).find((f) => input.documents.has(f));
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * BIBINPUTS as kpathsea reads it: folders separated by `separator` (':' on Unix); an empty entry
 * (the system default) is left out; a trailing `//` searches the folder's subfolders too.
 */
export function parseBibInputs(value: string | undefined, separator = ':', cwd = '/'): BibInputsDir[] {
  if (!value) return [];
  return value.split(separator).filter((s) => s.trim()).map((s) => {
    const recursive = /[\\/]{2}$/.test(s);
    return { dir: path.resolve(cwd, recursive ? s.replace(/[\\/]+$/, '') || '/' : s), recursive };
  });
}

/** The settings as they apply to a document of `project`: the cite commands the project defines join the configured ones. */
export function configForDocument(config: Config, project: DocProject | undefined): Config {
  const macros = project?.citeMacros;
  return macros?.length ? { ...config, customCiteCommands: [...new Set([...config.customCiteCommands, ...macros])] } : config;
}
