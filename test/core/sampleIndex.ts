/** Shared test setup: the sample database, an index over it, and hand-built .bib texts. */
import { readFileSync } from 'node:fs';
import { CitationIndex } from '../../server/src/core/citationIndex';
import { defaultConfig, type BibEntry, type BibParseResult, type Config } from '../../server/src/core/model';
import { loadPaperDb, type PaperDb } from '../../server/src/core/paperDb';
import type { FeatureContext } from '../../server/src/core/features/context';

export function sampleJson(): unknown {
  return JSON.parse(readFileSync('test/fixtures/papers.sample.json', 'utf8'));
}

export function sampleDb(): PaperDb {
  return loadPaperDb(sampleJson()).db;
}

export interface SimpleEntry {
  type?: string;
  key: string;
  fields: Record<string, string>;
}

/**
 * Writes entries as BibTeX and returns the text with the parse result a bib reader gives for it,
 * so index tests do not depend on the reader. Entries start on their own lines after `lead` lines.
 */
export function bib(entries: SimpleEntry[], lead = ''): { text: string; parsed: BibParseResult } {
  let text = lead;
  const out: BibEntry[] = [];
  for (const e of entries) {
    const start = text.length;
    text += `@${e.type ?? 'article'}{`;
    const keyStart = text.length;
    text += e.key;
    const keyEnd = text.length;
    for (const [k, v] of Object.entries(e.fields)) text += `,\n  ${k} = {${v}}`;
    text += '\n}';
    out.push({ type: e.type ?? 'article', key: e.key, keySpan: { start: keyStart, end: keyEnd }, span: { start, end: text.length }, fields: e.fields });
    text += '\n\n';
  }
  return { text, parsed: { entries: out, strings: {}, problems: [] } };
}

/** The user's `refs.bib` in the tests: ResNet under a Scholar-style key, and a paper the database lacks. */
export const refsUri = 'file:///ws/refs.bib';
export const refs = bib([
  { key: 'He.Zhang.Ren.ea.2016', type: 'inproceedings', fields: { title: 'Deep Residual Learning for Image Recognition', author: 'He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian', booktitle: 'CVPR', year: '2016' } },
  { key: 'smith2020local', fields: { title: 'A Local Paper Nobody Else Has', author: 'Jane Smith and Bob van der Berg', journal: 'Journal of Tests', year: '2020' } },
], '% my refs\n');

export function sampleIndex(opts: { withRefs?: boolean } = {}): CitationIndex {
  const index = new CitationIndex(sampleDb());
  if (opts.withRefs) index.setParsedBib(refsUri, refs.text, refs.parsed);
  return index;
}

export function ctxOf(index: CitationIndex, docBibUris?: string[], config: Partial<Config> = {}): FeatureContext {
  return { index, config: { ...defaultConfig, ...config }, docBibUris };
}
