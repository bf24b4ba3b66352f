/**
 * TeX in bib field values → plain Unicode text for display and search.
 * (Placeholder; the bib-reader work replaces it with the full accent table.)
 */
export function latexToText(value: string): string {
  return value.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}
