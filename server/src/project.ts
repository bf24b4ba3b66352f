/**
 * The workspace's project model (core/project.ts) kept up to date: built once from the files on
 * disk (notes, project files, which bibliography files exist, BIBINPUTS), then changed one
 * document at a time. Each document's facts are kept; the graph is computed again only when a
 * document's facts, a project file or the set of bibliography files change, never per request:
 * `of` is a map look-up. The server and the CLI both build it here.
 */
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { scanDocument } from './core/scan';
import type { BibliographyDecl, DocLanguage, ScanResult } from './core/model';
import { buildProject, latexFacts, markdownFacts, parseBibInputs, projectFileFacts, projectFileKind, type BibInputsDir, type DocFacts, type DocProject, type ProjectFileFacts } from './core/project';
import { BIB_EXTENSIONS, NOTE_EXTENSIONS, languageOfPath } from './languages';
import { declaredBibliographyFiles, findFiles, readTextFile } from './workspace';

/** Notes bigger than this are not read for the model (they are not compiled sources). */
const MAX_NOTE_BYTES = 8 * 1024 * 1024;
const BIBLIOGRAPHY_EXTENSIONS = [...BIB_EXTENSIONS, '.json', '.yaml'];

/** A document the caller already holds (an open editor's text, or a file the CLI read). */
export interface HeldText {
  file: string;
  text: string;
  language?: DocLanguage;
  /** The scanner's result when the caller has it (saves a second scan). */
  scan?: Pick<ScanResult, 'bibliographies' | 'backend'>;
}

export class ProjectModel {
  private readonly facts = new Map<string, DocFacts>();
  /** The text each document's facts were taken from: an unchanged text is not read again. */
  private readonly seen = new Map<string, string>();
  private readonly projectFiles = new Map<string, ProjectFileFacts>();
  private readonly bibFiles = new Set<string>();
  private bibInputs: BibInputsDir[] = [];
  private result = new Map<string, DocProject>();

  /** Where the document `file` belongs; undefined for a file the model does not hold. */
  of(file: string): DocProject | undefined {
    return this.result.get(file);
  }

  /**
   * The bibliography files that apply to the document `file`: its project's (a chapter gets its
   * root's), else, for a document the model does not hold, what it declares itself.
   */
  bibliographiesOf(file: string, ownDeclarations: () => readonly BibliographyDecl[]): string[] {
    return this.of(file)?.bibliographies ?? declaredBibliographyFiles(file, ownDeclarations());
  }

  /** Every bibliography some document's project declares and that exists: the index should hold them. */
  existingBibliographies(): string[] {
    const all = new Set<string>();
    for (const p of this.result.values()) for (const b of p.bibliographies) if (this.bibFiles.has(b)) all.add(b);
    return [...all];
  }

  /**
   * Reads the notes and project files under `roots` and the bibliography files there and along
   * BIBINPUTS; `held` texts win over the disk. Replaces whatever the model held.
   */
  async load(roots: readonly string[], held: readonly HeldText[] = [], env: NodeJS.ProcessEnv = process.env): Promise<void> {
    const files = await findFiles(roots, [...NOTE_EXTENSIONS, '.yml', '.yaml', ...BIBLIOGRAPHY_EXTENSIONS]);
    this.facts.clear();
    this.seen.clear();
    this.projectFiles.clear();
    this.bibFiles.clear();
    this.bibInputs = parseBibInputs(env.BIBINPUTS, path.delimiter, roots[0] ?? process.cwd());
    const heldFiles = new Set(held.map((h) => h.file));
    for (const file of files) {
      if (projectFileKind(file)) await this.readProjectFile(file);
      else if (isBibliography(file)) this.bibFiles.add(file);
      else if (!heldFiles.has(file)) {
        const read = await readTextFile(file, MAX_NOTE_BYTES);
        if (read.ok) this.take(file, read.text);
      }
    }
    for (const h of held) this.take(h.file, h.text, h.language, h.scan);
    for (const f of await bibInputsFiles(this.bibInputs)) this.bibFiles.add(f);
    this.compute();
  }

  /**
   * A document's text (an editor change, or a file changed on disk). True when some document's
   * roots or bibliographies changed; the graph is computed again only when this document's edges
   * or declarations changed.
   */
  setDocument(file: string, text: string, language?: DocLanguage, scan?: Pick<ScanResult, 'bibliographies' | 'backend'>): boolean {
    if (this.seen.get(file) === text) return false;
    const before = this.facts.get(file);
    this.take(file, text, language, scan);
    const after = this.facts.get(file);
    if (before && after && JSON.stringify(before) === JSON.stringify(after)) return false;
    return this.compute();
  }

  removeDocument(file: string): boolean {
    this.seen.delete(file);
    return this.facts.delete(file) ? this.compute() : false;
  }

  /** A project file created, changed (with its text) or deleted (undefined). */
  setProjectFile(file: string, text: string | undefined): boolean {
    const facts = text === undefined ? undefined : projectFileFacts(file, text);
    if (facts) this.projectFiles.set(file, facts);
    else this.projectFiles.delete(file);
    return this.compute();
  }

  /** A bibliography file created or deleted: a search along several places may now stop elsewhere. */
  setBibFileExists(file: string, exists: boolean): boolean {
    if (this.bibFiles.has(file) === exists) return false;
    if (exists) this.bibFiles.add(file);
    else this.bibFiles.delete(file);
    return this.compute();
  }

  /**
   * A file changed on disk (a watched-file event). Documents open in the editor are left to their
   * editor (`isOpen`). True when the model's answers changed.
   */
  async fileChanged(file: string, deleted: boolean, isOpen: (file: string) => boolean): Promise<boolean> {
    if (projectFileKind(file)) return this.setProjectFile(file, deleted ? undefined : await readOrUndefined(file));
    if (isBibliography(file)) return this.setBibFileExists(file, !deleted);
    if (!languageOfPath(file) || isOpen(file)) return false;
    if (deleted) return this.removeDocument(file);
    const text = await readOrUndefined(file);
    return text === undefined ? this.removeDocument(file) : this.setDocument(file, text);
  }

  private async readProjectFile(file: string): Promise<void> {
    const text = await readOrUndefined(file);
    const facts = text === undefined ? undefined : projectFileFacts(file, text);
    if (facts) this.projectFiles.set(file, facts);
  }

  /** Takes a document's facts (without computing the graph). */
  private take(file: string, text: string, language = languageOfPath(file), scanned?: Pick<ScanResult, 'bibliographies' | 'backend'>): void {
    if (language !== 'latex' && language !== 'markdown') return;
    const scan = scanned ?? scanDocument(text, language);
    this.facts.set(file, language === 'latex' ? latexFacts(text, scan.bibliographies, scan.backend) : markdownFacts(scan.bibliographies));
    this.seen.set(file, text);
  }

  /** Computes the graph; true when any document's answer changed. */
  private compute(): boolean {
    const next = buildProject({ documents: this.facts, projectFiles: this.projectFiles, bibFiles: this.bibFiles, bibInputs: this.bibInputs });
    const changed = next.size !== this.result.size || [...next].some(([f, p]) => JSON.stringify(p) !== JSON.stringify(this.result.get(f)));
    this.result = next;
    return changed;
  }
}

function isBibliography(file: string): boolean {
  return BIBLIOGRAPHY_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  const read = await readTextFile(file, MAX_NOTE_BYTES);
  return read.ok ? read.text : undefined;
}

/** The bibliography files in the BIBINPUTS folders (their subfolders too for a `//` entry). */
async function bibInputsFiles(dirs: readonly BibInputsDir[]): Promise<string[]> {
  const out: string[] = [];
  for (const { dir, recursive } of dirs) {
    if (recursive) { out.push(...(await findFiles([dir], BIB_EXTENSIONS))); continue; }
    const names = await fsp.readdir(dir).catch(() => [] as string[]);
    out.push(...names.filter((n) => isBibliography(n)).map((n) => path.join(dir, n)));
  }
  return out;
}
