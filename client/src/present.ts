/**
 * How server answers look in VS Code's UI: quick-pick rows, the status bar text, the details page.
 * Plain functions over the protocol types (no vscode import) so they run under node:test.
 */
import type { OnlineSearchRequest, OnlineSearchResult, PaperDetailsRequest, PaperSummary, StatusNotification } from '../../server/src/protocol';

/** A quick-pick row as plain data; the caller copies it into a vscode.QuickPickItem. */
export interface PickRow {
  label: string;
  description?: string;
  detail?: string;
}

/** "He, Zhang, Ren, Sun, 2016", either part left out when absent. */
function authorsAndYear(p: { authors: string; year?: number }): string {
  return [p.authors, p.year !== undefined ? String(p.year) : ''].filter((s) => s !== '').join(', ');
}

/**
 * One search result as a row: a source icon as the label, then "key · authors, year", then title and
 * nicknames. The label holds no text on purpose: VS Code lifts rows whose label matches the typed
 * text above the rest (extensions cannot turn that off), which would undo the server's ranking.
 */
export function paperRow(p: PaperSummary): PickRow {
  const who = authorsAndYear(p);
  const nick = p.nicknames.length ? ` (${p.nicknames.join(', ')})` : '';
  const code = p.hasCode ? ' $(github)' : '';
  // The venue catalog is a file of the extension, not one of the user's: name it as what it is.
  const catalog = p.catalog === true;
  const source = p.source === 'bundled' ? '' : catalog ? ' — venue catalog' : ` — ${fileName(p.source)}`;
  const icon = p.source === 'bundled' ? '$(book)' : catalog ? '$(library)' : '$(file)';
  return { label: icon, description: [p.key, who].filter((s) => s !== '').join(' · ') + source, detail: p.title + nick + code };
}

/** One service's part of an online search answer (OnlineSearchRequest). */
export type OnlineRowGroup = Extract<OnlineSearchRequest.Result, { ok: true }>['services'][number];

/**
 * An online search result as a row: an icon (a cloud when it would be fetched, a check when the index
 * already has it under `knownKey`), then "authors, year · venue · arXiv id", then the title.
 */
export function onlineRow(r: OnlineSearchResult): PickRow {
  const who = authorsAndYear(r);
  const ids = [r.venue, r.arxiv ? `arXiv:${r.arxiv}` : r.doi ? `doi:${r.doi}` : '', r.citationCount !== undefined ? `${r.citationCount.toLocaleString('en-US')} citations` : ''].filter(Boolean);
  const known = r.knownKey ? ` — you have it as ${r.knownKey}` : '';
  return { label: r.knownKey ? '$(check)' : '$(cloud-download)', description: [who, ...ids].filter(Boolean).join(' · ') + known, detail: r.title };
}

/** One repository of a paper, as the server or the details request describes it. */
export interface RepoInfo {
  url: string;
  official?: boolean;
  /** The server's words for what it is: "official · PyTorch", "library · transformers model folder". */
  description?: string;
  framework?: string;
  owner?: string;
}

/** The GitHub/GitLab owner of a repository URL ("facebookresearch"), or undefined for other hosts. */
export function ownerOf(url: string): string | undefined {
  const m = /^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)\/([^/?#]+)/i.exec(url);
  return m ? m[1] : undefined;
}

/** Repositories in the server's order (official, then library, then community), each URL once. */
export function uniqueRepos(repos: readonly RepoInfo[]): RepoInfo[] {
  const seen = new Set<string>();
  return repos.filter((r) => (seen.has(r.url) ? false : (seen.add(r.url), true)));
}

/** A repository row: "owner/name", then what the server says it is (or the owner), then the URL. */
export function repoRow(r: RepoInfo): PickRow {
  const path = r.url.replace(/^https?:\/\/(?:www\.)?[^/]+\//i, '').replace(/\/$/, '');
  const owner = r.owner ?? ownerOf(r.url);
  const description = r.description ?? (owner && !path.startsWith(`${owner}/`) ? owner : '');
  return { label: `$(repo) ${path || r.url}`, description, detail: r.url };
}

/** What the status bar item shows. */
export interface StatusView {
  text: string;
  tooltip: string;
  /** True when a bibliography failed: warning colours, and a click leads to the problem. */
  warning: boolean;
}

/** The status bar item for a server status: "$(book) 212 papers", spinning while indexing. */
export function statusView(s: StatusNotification.Params): StatusView {
  const total = s.bundled + s.bibEntries;
  const papers = `${total} paper${total === 1 ? '' : 's'}`;
  const lines = [
    `ML Papers: ${s.bundled} in the bundled database, ${s.bibEntries} from ${s.bibFiles} bibliography file${s.bibFiles === 1 ? '' : 's'}`,
  ];
  if (s.fetched) lines.push(`${s.fetched} fetched online, kept in your cache folder`);
  if (s.indexing) lines.push('Indexing bibliographies…');
  for (const f of s.failures) lines.push(`$(warning) ${fileName(f.uri)}: ${f.message}`);
  if (s.failures.length) lines.push(s.failures.length === 1 ? 'Click to open the file.' : 'Click to show the log.');
  const icon = s.indexing ? '$(sync~spin)' : s.failures.length ? '$(warning)' : '$(book)';
  return { text: `${icon} ${papers}`, tooltip: lines.join('\n'), warning: s.failures.length > 0 };
}

/** The last path segment of a URI or path, decoded: "refs.bib". */
export function fileName(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').split(/[\\/]/).filter((s) => s !== '').pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * The "Show paper details" page as Markdown: the server's hover text, then links, code,
 * related papers and the BibTeX entry.
 */
export function detailsMarkdown(d: PaperDetailsRequest.Result): string {
  const out: string[] = [`# ${d.title}`, '', `\`${d.key}\``, '', d.markdown.trim(), ''];
  if (d.paperUrl) out.push(`**Paper:** <${d.paperUrl}>`, '');
  if (d.code.length) {
    out.push('## Code', '');
    for (const r of uniqueRepos(d.code)) {
      const row = repoRow(r);
      out.push(`- <${r.url}>${row.description ? ` — ${row.description}` : ''}`);
    }
    out.push('');
  }
  if (d.related.length) {
    out.push('## Related papers', '');
    for (const r of d.related) out.push(`- ${r.relation}: **${r.title}** (\`${r.key}\`)`);
    out.push('');
  }
  // A fence longer than any backtick run in the entry keeps the entry intact.
  const fence = '`'.repeat(Math.max(3, ...Array.from(d.bibtex.matchAll(/`+/g), (m) => m[0].length + 1)));
  out.push('## BibTeX', '', `${fence}bibtex`, d.bibtex.trim(), fence, '');
  return out.join('\n');
}
