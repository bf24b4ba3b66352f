/**
 * Which files the client watches for the server. `**∕*.bib` always; CSL-JSON only when a setting
 * names it, because watching every `*.json` of a workspace (package.json, node_modules, data) costs
 * far more than it brings.
 */

/** The CSL-JSON paths among the `mlPapers.bibFiles` setting, trimmed; other entries are ignored. */
export function cslJsonFiles(bibFiles: unknown): string[] {
  if (!Array.isArray(bibFiles)) return [];
  return bibFiles
    .filter((f): f is string => typeof f === 'string')
    .map((f) => f.trim())
    .filter((f) => /\.json$/i.test(f));
}

/** True for absolute POSIX or Windows paths; anything else is relative to each workspace folder. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}
