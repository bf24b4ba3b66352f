/** `ml-papers export`: the whole bundled database as CSL-JSON, BibTeX or BibLaTeX. */
import * as path from 'node:path';
import { FULL_DATABASE, loadBundledIndex } from '../bundled';
import { paperToBibtex } from '../core/bibtex';
import { UsageError, value } from './args';
import { atomicWrite } from './atomicWrite';
import type { Command } from './command';

export const exportCommand: Command = {
  name: 'export',
  synopsis: '--format <fmt>        the whole database (csl-json, bibtex, biblatex)',
  help: `Usage: ml-papers export --format csl-json|bibtex|biblatex [--out file]

Prints the whole bundled database in the chosen format.`,
  valueFlags: ['--format', '--out'],
  async run({ args }) {
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
  },
};
