/** `ml-papers check`: the diagnostics the server would publish, as a linter prints them. */
import { diagnostics } from '../core/features/diagnostics';
import type { Doc } from '../core/features/context';
import { lineIndex } from '../core/lineIndex';
import type { Problem } from '../core/model';
import { configForDocument } from '../core/project';
import { languageOfPath } from '../languages';
import { pathToUri } from '../workspace';
import { UsageError, value } from './args';
import type { Command, CliRun } from './command';
import { docBibUris, expandInputs, extraBibs, folderInputs, loadIndex, readDocs, type Loaded } from './inputs';
import { color, rel } from './output';

interface Finding { file: string; line: number; col: number; severity: string; message: string; code?: string }

export const checkCommand: Command = {
  name: 'check',
  synopsis: '<files or folders…>    diagnostics as a linter prints them (exit 1 on errors)',
  help: `Usage: ml-papers check <files or folders…> [--format text|json]

Reports unknown citation keys, keys missing from a document's bibliography, duplicate keys and
.bib syntax errors as path:line:col: severity: message. Exit status 1 when there are errors.`,
  valueFlags: ['--format'],
  async run(run) {
    const { args } = run;
    if (!args.positional.length) throw new UsageError('check needs files or folders, e.g. ml-papers check .');
    const fmt = value(args, '--format') ?? 'text';
    if (fmt !== 'text' && fmt !== 'json') throw new UsageError(`--format must be text or json, not ${fmt}`);
    const files = await expandInputs(args.positional);
    const bibs = files.filter((f) => languageOfPath(f) === 'bibtex');
    const docs = await readDocs(run, files.filter((f) => !bibs.includes(f)));
    const loaded = await loadIndex(run, folderInputs(args.positional), docs, [...extraBibs(run), ...bibs]);
    const findings = await findingsOf(run, loaded, docs);
    const errors = findings.filter((f) => f.severity === 'error').length;
    if (fmt === 'json') { process.stdout.write(JSON.stringify(findings, null, 2) + '\n'); return errors ? 1 : 0; }
    for (const f of findings) {
      const sev = f.severity === 'error' ? color.red('error') : f.severity === 'warning' ? color.yellow('warning') : color.cyan(f.severity);
      process.stdout.write(`${f.file}:${f.line}:${f.col}: ${sev}: ${f.message}${f.code ? color.dim(` [${f.code}]`) : ''}\n`);
    }
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    process.stderr.write(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s), ${findings.length - errors - warnings} note(s)\n`);
    return errors ? 1 : 0;
  },
};

/** The problems of every unreadable file, every .bib read, and every document, sorted by place. */
async function findingsOf(run: CliRun, loaded: Loaded, docs: Array<{ file: string; text: string }>): Promise<Finding[]> {
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
    const docBibs = docBibUris(run, loaded.project, d);
    const inProject = loaded.project.of(d.file);
    const config = configForDocument(loaded.config, inProject);
    add(d.file, d.text, diagnostics({ index: loaded.index, config, docBibUris: docBibs, bibliographyDeclared: docBibs.length > 0, ...(inProject?.backend ? { backend: inProject.backend } : {}) }, doc));
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
