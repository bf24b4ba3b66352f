/**
 * The file name of the note on a paper (core/paperNotes.ts writes its text). Shared through
 * protocol.ts with the client and the Papers view, so this module imports nothing.
 */

/**
 * The file name of the note on `key`: the key with every character outside `[A-Za-z0-9._-]`
 * replaced by `_`, plus `.md` (`he2016deep.md`; `He.Zhang_2016.md` for `He.Zhang:2016`). A key is
 * never a path: `/` and `\` are replaced too.
 */
export function noteFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.md`;
}
