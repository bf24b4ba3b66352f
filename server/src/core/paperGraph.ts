/**
 * The related-papers graph: the papers a document (or a workspace) cites, the database's relations
 * between them (builds on, improves on, follow-up, honourable mention of, same family), and, faded,
 * the papers its papers build on that it does not cite yet. Laid out on a time axis (one column per
 * year, left to right) with no two nodes or labels overlapping. Plain data: the server sends it as
 * JSON, and the SVG, DOT and Mermaid writers (paperGraphWriters.ts) draw it, so the CLI, the
 * webview and its "Export SVG" show one picture.
 */
import type { CitationIndex } from './citationIndex';
import type { IndexedEntry, Paper } from './model';
import { paperCitationCount } from './paperDb';

export interface GraphNode {
  /** The key as the document cites it; for a suggestion, the database's canonical key. */
  key: string;
  title: string;
  /** A short name to draw under the node: the nickname ("ResNet"), else "He et al.", else the key. */
  label: string;
  /** Family names, "He, Zhang, Ren, Sun" (up to four, then "et al."). */
  authors: string;
  year?: number;
  venue?: string;
  /** The paper's first topic in the database ("vision", "nlp"), if it has one. */
  topic?: string;
  /** The highest citation count the database states, when it states one. */
  citations?: number;
  /** `suggested`: not cited, but a cited paper builds on it. */
  status: 'cited' | 'suggested';
  /** False for a cited key that no bibliography, the database or the catalog knows. */
  known: boolean;
  /** Other keys the cites give this same paper (a user's key and the database's). */
  otherKeys?: string[];
  /** Layout: the centre and the radius (which grows with the citation count). */
  x: number;
  y: number;
  r: number;
}

/** `from` has `relation` to `to`, as the database states it: BERT "builds on" the Transformer. */
export interface GraphEdge {
  from: string;
  to: string;
  relation: string;
}

/** One year of the time axis (`year` null: the column of papers without a year). */
export interface GraphYear {
  year: number | null;
  label: string;
  /** Centre of the year's band, and its extent. */
  x: number;
  left: number;
  right: number;
}

export interface PaperGraph {
  /** Cited papers, then suggestions; each by year (undated last), then key. */
  nodes: GraphNode[];
  /** By `from`, `to`, relation. */
  edges: GraphEdge[];
  years: GraphYear[];
  /** The topics of the nodes, most frequent first (ties by name): what the writers colour by. */
  topics: string[];
  width: number;
  height: number;
  /** Keys a cited paper relates to that were not shown because of `maxSuggestions`. */
  suggestionsLeftOut: number;
}

export interface PaperGraphOptions {
  /** The document's bibliographies, searched first for a cited key (as the features resolve it). */
  preferUris?: readonly string[];
  /** Most suggestions shown, the most cited first (default 40). */
  maxSuggestions?: number;
}

/**
 * Relations that say the source paper is built on the target: what a suggestion is made of. An
 * "honourable mention of" (a paper listed under a landmark one) or "same family" is shown between
 * papers on the page, but does not make the document owe the other paper a citation.
 */
const BUILDS_ON = new Set(['builds on', 'improves on', 'follow-up']);

/** Layout constants, in SVG user units (pixels). */
export const GRAPH_LAYOUT = {
  columnWidth: 132,
  /** Extra room before a year that does not follow the previous one (a break in the axis). */
  yearGap: 28,
  marginX: 24,
  axisHeight: 44,
  marginBottom: 20,
  labelHeight: 14,
  gap: 10,
  /** Nodes per column before a year takes a second column. */
  maxPerColumn: 18,
  minRadius: 6,
  maxRadius: 22,
  /** Characters of a label that fit in a column at 11px. */
  labelChars: 19,
} as const;

/**
 * The graph of the papers `citedKeys` names (in any order, repeats allowed). Keys resolve as the
 * features resolve them (`preferUris` first); two keys that are one paper are one node. An unknown
 * key is still a node (known: false), so the picture shows it.
 */
export function paperGraph(citedKeys: readonly string[], index: CitationIndex, options: PaperGraphOptions = {}): PaperGraph {
  const nodes = new Map<string, GraphNode>();
  const nodeOfPaper = new Map<string, GraphNode>();
  const papers = new Map<GraphNode, Paper>();
  for (const key of citedKeys) {
    if (nodes.has(key)) continue;
    const entry = index.resolve(key, options.preferUris);
    const same = entry?.paper && nodeOfPaper.get(entry.paper.id);
    if (same) { if (same.key !== key && !(same.otherKeys ??= []).includes(key)) same.otherKeys.push(key); nodes.set(key, same); continue; }
    const node = entry ? nodeOfEntry(entry, 'cited') : unknownNode(key);
    nodes.set(key, node);
    if (entry?.paper) { nodeOfPaper.set(entry.paper.id, node); papers.set(node, entry.paper); }
  }
  const cited = [...new Set(nodes.values())];
  const { suggested, leftOut } = suggestions(cited, papers, nodeOfPaper, index, options.maxSuggestions ?? 40);
  const all = [...sortNodes(cited), ...sortNodes(suggested)];
  const edges = edgesBetween(all, papers, nodeOfPaper, index);
  for (const n of all) if (n.otherKeys) n.otherKeys.sort();
  return layOut(all, edges, leftOut);
}

/** Papers the cited ones build on that are not cited, the most cited first (then by key), at most `max`. */
function suggestions(cited: readonly GraphNode[], papers: Map<GraphNode, Paper>, nodeOfPaper: Map<string, GraphNode>, index: CitationIndex, max: number): { suggested: GraphNode[]; leftOut: number } {
  const wanted = new Map<string, Paper>();
  for (const node of cited) {
    for (const r of papers.get(node)?.custom.related ?? []) {
      if (!BUILDS_ON.has(r.relation)) continue;
      const target = index.db.byKey(r.key);
      if (target && !nodeOfPaper.has(target.id)) wanted.set(target.id, target);
    }
  }
  const ranked = [...wanted.values()].sort((a, b) => paperCitationCount(b) - paperCitationCount(a) || (a.id < b.id ? -1 : 1));
  const suggested: GraphNode[] = [];
  for (const paper of ranked.slice(0, Math.max(0, max))) {
    const entry = index.bundledEntry(paper);
    if (!entry) continue;
    const node = nodeOfEntry(entry, 'suggested');
    node.key = paper.id;
    suggested.push(node);
    nodeOfPaper.set(paper.id, node);
    papers.set(node, paper);
  }
  return { suggested, leftOut: Math.max(0, ranked.length - suggested.length) };
}

/** Every relation the database states between two papers on the page (a relation to an alias counts). */
function edgesBetween(nodes: readonly GraphNode[], papers: Map<GraphNode, Paper>, nodeOfPaper: Map<string, GraphNode>, index: CitationIndex): GraphEdge[] {
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const from of nodes) {
    for (const r of papers.get(from)?.custom.related ?? []) {
      const target = index.db.byKey(r.key);
      const to = target && nodeOfPaper.get(target.id);
      if (!to || to === from) continue;
      const id = `${from.key}\u0000${to.key}\u0000${r.relation}`;
      if (seen.has(id)) continue;
      seen.add(id);
      edges.push({ from: from.key, to: to.key, relation: r.relation });
    }
  }
  return edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.relation, b.relation));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortNodes(nodes: GraphNode[]): GraphNode[] {
  return nodes.sort((a, b) => (a.year ?? Infinity) - (b.year ?? Infinity) || cmp(a.key, b.key));
}

/** Node radius: from `minRadius` for an unknown count, growing with the count's logarithm. */
export function radiusFor(citations: number | undefined): number {
  const { minRadius, maxRadius } = GRAPH_LAYOUT;
  if (!citations || citations <= 0) return minRadius;
  return Math.min(maxRadius, Math.round((minRadius + 3.2 * Math.log10(1 + citations)) * 10) / 10);
}

function nodeOfEntry(entry: IndexedEntry, status: GraphNode['status']): GraphNode {
  const paper = entry.paper;
  const families = entry.authors.map((a) => a.family).filter((f) => f);
  const count = paper ? paperCitationCount(paper) : 0;
  const nickname = paper?.custom.nicknames?.[0];
  const label = nickname ?? (families.length ? `${families[0]}${families.length > 1 ? ' et al.' : ''}` : entry.key);
  return {
    key: entry.key,
    title: entry.title || entry.key,
    label: shorten(label, GRAPH_LAYOUT.labelChars),
    authors: families.length > 4 ? `${families.slice(0, 4).join(', ')} et al.` : families.join(', '),
    ...(entry.year !== undefined ? { year: entry.year } : {}),
    ...(paper?.custom.venueShort ?? entry.venue ? { venue: paper?.custom.venueShort ?? entry.venue } : {}),
    ...(paper?.custom.topics?.[0] ? { topic: paper.custom.topics[0] } : {}),
    ...(count > 0 ? { citations: count } : {}),
    status,
    known: true,
    x: 0,
    y: 0,
    r: radiusFor(count),
  };
}

function unknownNode(key: string): GraphNode {
  return { key, title: key, label: shorten(key, GRAPH_LAYOUT.labelChars), authors: '', status: 'cited', known: false, x: 0, y: 0, r: GRAPH_LAYOUT.minRadius };
}

/** `text` cut to `max` characters with an ellipsis (whole code points, never half a surrogate pair). */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * Places the nodes: x by year (one band per year that has papers, a wider step where years are
 * skipped, undated papers last; a year with many papers gets more columns), y down its column.
 * A node is placed at the mean height of its neighbours already placed (so related papers line
 * up across years) unless the one above it needs the room: nodes and labels never overlap, since a
 * column is wider than any node or label and each node starts below the previous one's label.
 */
function layOut(nodes: GraphNode[], edges: GraphEdge[], suggestionsLeftOut: number): PaperGraph {
  const L = GRAPH_LAYOUT;
  const byYear = new Map<number | null, GraphNode[]>();
  for (const n of nodes) {
    const k = n.year ?? null;
    const list = byYear.get(k);
    if (list) list.push(n); else byYear.set(k, [n]);
  }
  const yearKeys = [...byYear.keys()].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => { const l = neighbours.get(a); if (l) l.push(b); else neighbours.set(a, [b]); };
  for (const e of edges) { link(e.from, e.to); link(e.to, e.from); }
  const placed = new Map<string, GraphNode>();
  const years: GraphYear[] = [];
  let left: number = L.marginX;
  let bottom: number = L.axisHeight;
  let previous: number | null | undefined;
  for (const year of yearKeys) {
    if (previous !== undefined && (year === null || previous === null || year !== previous + 1)) left += L.yearGap;
    const column = orderColumn(byYear.get(year)!, neighbours, placed);
    const columns = Math.ceil(column.length / L.maxPerColumn);
    for (let c = 0; c < columns; c++) {
      let floor: number = L.axisHeight;
      for (const { node, target } of column.slice(c * L.maxPerColumn, (c + 1) * L.maxPerColumn)) {
        node.x = left + c * L.columnWidth + L.columnWidth / 2;
        node.y = Math.max(floor + node.r, target ?? 0);
        floor = node.y + node.r + L.labelHeight + L.gap;
        placed.set(node.key, node);
        bottom = Math.max(bottom, floor);
      }
    }
    const right = left + columns * L.columnWidth;
    years.push({ year, label: year === null ? 'n.d.' : String(year), x: (left + right) / 2, left, right });
    left = right;
    previous = year;
  }
  return { nodes, edges, years, topics: topicsOf(nodes), width: left + L.marginX, height: bottom + L.marginBottom, suggestionsLeftOut };
}

/**
 * A year's nodes in placing order: those with placed neighbours by the mean height of those
 * neighbours (their target height), then the rest by topic, most cited first, then key.
 */
function orderColumn(nodes: GraphNode[], neighbours: Map<string, string[]>, placed: Map<string, GraphNode>): Array<{ node: GraphNode; target?: number }> {
  const withTargets = nodes.map((node) => {
    const ys = (neighbours.get(node.key) ?? []).flatMap((k) => { const p = placed.get(k); return p ? [p.y] : []; });
    return { node, target: ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : undefined };
  });
  return withTargets.sort((a, b) =>
    (a.target ?? Infinity) - (b.target ?? Infinity)
    || cmp(a.node.topic ?? '\uffff', b.node.topic ?? '\uffff')
    || (b.node.citations ?? 0) - (a.node.citations ?? 0)
    || cmp(a.node.key, b.node.key));
}

function topicsOf(nodes: readonly GraphNode[]): string[] {
  const counts = new Map<string, number>();
  for (const n of nodes) if (n.topic) counts.set(n.topic, (counts.get(n.topic) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).map(([t]) => t);
}
