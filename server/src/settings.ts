/**
 * Turns the raw `mlPapers` settings a client sends into a typed core Config.
 * Every field gets its default when it is missing, null or of the wrong type: clients other than
 * VS Code send whatever their users typed, and a bad setting must never break a request.
 */
import { defaultConfig, type Config, type Severity } from './core/model';

const severities: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function severity(v: unknown, fallback: Severity): Severity {
  return typeof v === 'string' && (severities as readonly string[]).includes(v) ? (v as Severity) : fallback;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

function nonEmptyString(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback;
}

function positiveNumber(v: unknown, fallback: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, max) : fallback;
}

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Normalises the `mlPapers` section (as VS Code sends it: nested objects, or dotted keys flattened by some clients). */
export function normalizeSettings(raw: unknown): Config {
  const s = record(raw);
  // Some clients (and our own tests) send flat dotted keys such as "diagnostics.enabled".
  const get = (path: string): unknown => {
    if (path in s) return s[path];
    return path.split('.').reduce<unknown>((node, part) => record(node)[part], s);
  };
  const d = defaultConfig;
  const maxMB = positiveNumber(get('maxBibFileSizeMB'), d.maxBibFileBytes / (1024 * 1024), 4096);
  return {
    customCiteCommands: strings(get('customCiteCommands')).map((c) => c.replace(/^\\/, '')),
    bibFiles: strings(get('bibFiles')),
    bibFormat: get('bibFormat') === 'biblatex' ? 'biblatex' : 'bibtex',
    diagnostics: {
      enabled: bool(get('diagnostics.enabled'), d.diagnostics.enabled),
      unknownKeySeverity: severity(get('diagnostics.unknownKeySeverity'), d.diagnostics.unknownKeySeverity),
      missingFromBibSeverity: severity(get('diagnostics.missingFromBibSeverity'), d.diagnostics.missingFromBibSeverity),
    },
    hover: {
      summary: bool(get('hover.summary'), d.hover.summary),
      code: bool(get('hover.code'), d.hover.code),
      citations: bool(get('hover.citations'), d.hover.citations),
    },
    maxBibFileBytes: Math.round(maxMB * 1024 * 1024),
    completionLimit: Math.round(positiveNumber(get('completion.limit'), d.completionLimit, 1000)),
    databases: strings(get('databases')),
    catalogEnabled: bool(get('catalog.enabled'), d.catalogEnabled),
    notesFolder: nonEmptyString(get('notes.folder'), d.notesFolder),
  };
}

/**
 * Whether a change of settings changes what is indexed (which files, which tiers, which are too big).
 * Other settings (diagnostics, hover, notes, online look-up, …) only need the diagnostics sent again:
 * indexing the workspace again for them would re-read every bibliography and the venue catalog.
 */
export function changesTheIndex(before: Config, after: Config): boolean {
  const indexed = (c: Config) => JSON.stringify([c.bibFiles, c.databases, c.catalogEnabled, c.maxBibFileBytes]);
  return indexed(before) !== indexed(after);
}
