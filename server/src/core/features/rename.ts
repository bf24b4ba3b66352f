/** Rename a citation key in every cite and .bib entry the adapter holds. */
import { citationKeyProblem } from '../citationKey';
import { bibOf } from '../documentModel';
import type { Doc, FeatureContext, TextEdit } from './context';
import { references } from './references';

export type RenameResult = { edits: Array<{ uri: string } & TextEdit> } | { error: string };

/** Renames a key in every cite and .bib entry; an error (and no edits) when the new key is unusable. */
export function rename(ctx: FeatureContext, docs: readonly Doc[], key: string, newKey: string): RenameResult {
  const problem = citationKeyProblem(newKey);
  if (problem) return { error: problem };
  if (newKey !== key) {
    for (const doc of docs) {
      if (doc.language === 'bibtex' && bibOf(doc).entries.some((e) => e.key === newKey)) return { error: `${newKey} is already defined in ${doc.uri}.` };
    }
  }
  return { edits: references(ctx, docs, key, true).map((l) => ({ uri: l.uri, span: l.span, newText: newKey })) };
}
