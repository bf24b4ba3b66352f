/**
 * The related-papers graph (paperGraph.ts) as text: SVG (what the webview shows and exports, and
 * `ml-papers graph --format svg` writes), Graphviz DOT, and a Mermaid flowchart (which GitHub
 * renders in a Markdown note). Pure string functions over a laid-out graph.
 */
import type { GraphEdge, GraphNode, PaperGraph } from './paperGraph';
import { GRAPH_LAYOUT } from './paperGraph';

/**
 * Topic colours for a standalone file (the webview's stylesheet replaces them with the theme's
 * chart colours through the `topic-N` classes). Colour-blind-safe Okabe–Ito hues, readable on white.
 */
const TOPIC_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];
const OTHER_COLOUR = '#8c8c8c';
const INK = '#1f2328';
const PAPER = '#ffffff';
/** How each relation is drawn: SVG dash pattern, and whether it points (a "same family" link does not). */
const RELATION_STYLE: Record<string, { dash?: string; arrow: boolean }> = {
  'builds on': { arrow: true },
  'improves on': { arrow: true },
  'follow-up': { arrow: true },
  'honourable mention of': { dash: '2 3', arrow: true },
  'same family': { dash: '6 4', arrow: false },
};
const styleOf = (relation: string) => RELATION_STYLE[relation] ?? { dash: '1 3', arrow: true };

/** A CSS-class-safe name: "builds on" → "builds-on". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'other';
}

/** The colour slot of a topic: its place among the graph's topics, the last slot for the rest and for none. */
export function topicSlot(graph: PaperGraph, topic: string | undefined): number {
  const i = topic === undefined ? -1 : graph.topics.indexOf(topic);
  return i >= 0 && i < TOPIC_COLOURS.length - 1 ? i : TOPIC_COLOURS.length;
}
const colourOfSlot = (slot: number) => TOPIC_COLOURS[slot] ?? OTHER_COLOUR;

/** Text and attribute values in XML: the five characters that could end or open markup, and no control characters. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const num = (n: number): string => String(Math.round(n * 10) / 10);

/** One sentence per node for a tooltip and the description: "Deep Residual Learning… (He, Zhang, Ren, Sun; CVPR 2016; 180,000 citations)". */
export function describeNode(n: GraphNode): string {
  const facts = [n.authors, n.venue ?? (n.year !== undefined ? String(n.year) : ''), n.citations ? `${n.citations.toLocaleString('en-US')} citations` : ''].filter((f) => f);
  const status = n.status === 'suggested' ? 'suggested: not cited, a cited paper builds on it' : n.known ? 'cited' : 'cited, unknown key';
  return `${n.title}${facts.length ? ` (${facts.join('; ')})` : ''}. ${n.key}, ${status}.`;
}

export interface SvgOptions {
  /** The title of the picture: "Related papers of review.md". */
  title?: string;
}

/**
 * The graph as a standalone SVG document: a title and description for screen readers, the year
 * axis, the relations as arrows, the nodes (size by citation count, colour by topic, suggestions
 * faded and dashed, each with its own title), and a legend. Classes name every part so a
 * stylesheet can retheme it (the webview does); presentation attributes make it readable without one.
 */
export function graphToSvg(graph: PaperGraph, options: SvgOptions = {}): string {
  const legendHeight = 56;
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const width = Math.max(graph.width, 560);
  const height = graph.height + legendHeight;
  const cited = graph.nodes.filter((n) => n.status === 'cited').length;
  const title = options.title ?? 'Related papers';
  const summary = `${cited} cited paper${cited === 1 ? '' : 's'}, ${graph.nodes.length - cited} suggested, ${graph.edges.length} relation${graph.edges.length === 1 ? '' : 's'}, from ${graph.years[0]?.label ?? '–'} to ${graph.years[graph.years.length - 1]?.label ?? '–'}.`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="paper-graph" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-labelledby="graph-title graph-desc" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="11">`,
    `<title id="graph-title">${xmlEscape(title)}</title>`,
    `<desc id="graph-desc">${xmlEscape(`${summary} ${describeEdges(graph)}`.trim())}</desc>`,
    '<defs>',
    `<marker id="arrow" class="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${INK}"/></marker>`,
    '</defs>',
    `<rect class="background" x="0" y="0" width="${num(width)}" height="${num(height)}" fill="${PAPER}"/>`,
    ...axisSvg(graph),
    '<g class="edges">',
    ...graph.edges.map((e) => edgeSvg(byKey, e)),
    '</g>',
    '<g class="nodes">',
    ...graph.nodes.map((n) => nodeSvg(graph, n)),
    '</g>',
    ...legendSvg(graph, graph.height + 8),
    '</svg>',
  ];
  return `${out.join('\n')}\n`;
}

function describeEdges(graph: PaperGraph): string {
  if (!graph.edges.length) return 'No relations between them.';
  const label = new Map(graph.nodes.map((n) => [n.key, n.label]));
  return `Relations: ${graph.edges.map((e) => `${label.get(e.from)} ${e.relation} ${label.get(e.to)}`).join('; ')}.`;
}

function axisSvg(graph: PaperGraph): string[] {
  const y = GRAPH_LAYOUT.axisHeight - 18;
  const out = ['<g class="axis" aria-hidden="true">'];
  out.push(`<line class="axis-line" x1="${num(GRAPH_LAYOUT.marginX)}" y1="${y + 6}" x2="${num(graph.width - GRAPH_LAYOUT.marginX)}" y2="${y + 6}" stroke="${INK}" stroke-opacity="0.3"/>`);
  for (const year of graph.years) {
    out.push(`<rect class="year-band" x="${num(year.left)}" y="${y + 8}" width="${num(year.right - year.left)}" height="${num(graph.height - y - 8)}" fill="${INK}" fill-opacity="${graph.years.indexOf(year) % 2 ? 0.035 : 0}"/>`);
    out.push(`<text class="year" x="${num(year.x)}" y="${y}" text-anchor="middle" font-weight="600" fill="${INK}">${xmlEscape(year.label)}</text>`);
  }
  out.push('</g>');
  return out;
}

/**
 * A relation as a gentle curve from the border of one node to the border of the other (the bend
 * keeps an edge between two papers of one year off the nodes between them).
 */
function edgeSvg(byKey: Map<string, GraphNode>, e: GraphEdge): string {
  const a = byKey.get(e.from)!;
  const b = byKey.get(e.to)!;
  const { d } = curve(a, b);
  const style = styleOf(e.relation);
  const faded = a.status === 'suggested' || b.status === 'suggested';
  return `<path class="edge relation-${slug(e.relation)}${faded ? ' suggested' : ''}" data-from="${xmlEscape(e.from)}" data-to="${xmlEscape(e.to)}" d="${d}" fill="none" stroke="${INK}" stroke-opacity="${faded ? 0.35 : 0.6}" stroke-width="1.2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}${style.arrow ? ' marker-end="url(#arrow)"' : ''}><title>${xmlEscape(`${a.label} ${e.relation} ${b.label}`)}</title></path>`;
}

/**
 * A quadratic curve between two circles. It bends downwards for an edge pointing back in time (the
 * usual "builds on"), so long edges stay below the year axis, by a sixth of its length at most 48.
 */
export function curve(a: GraphNode, b: GraphNode): { d: string } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const bend = Math.min(len / 6, 48);
  const cx = (a.x + b.x) / 2 + (dy / len) * bend;
  const cy = (a.y + b.y) / 2 - (dx / len) * bend;
  const towards = (from: GraphNode, r: number) => {
    const vx = cx - from.x;
    const vy = cy - from.y;
    const l = Math.hypot(vx, vy) || 1;
    return [from.x + (vx / l) * r, from.y + (vy / l) * r];
  };
  const [x1, y1] = towards(a, a.r + 1);
  const [x2, y2] = towards(b, b.r + 3);
  return { d: `M${num(x1)},${num(y1)} Q${num(cx)},${num(cy)} ${num(x2)},${num(y2)}` };
}

function nodeSvg(graph: PaperGraph, n: GraphNode): string {
  const slot = topicSlot(graph, n.topic);
  const suggested = n.status === 'suggested';
  const classes = ['node', n.status, `topic-${slot}`, n.known ? '' : 'unknown'].filter((c) => c).join(' ');
  const fill = n.known ? colourOfSlot(slot) : PAPER;
  const circle = `<circle r="${num(n.r)}" fill="${fill}" fill-opacity="${suggested ? 0.35 : 0.9}" stroke="${n.known ? fill : INK}" stroke-width="1.5"${suggested || !n.known ? ' stroke-dasharray="3 2"' : ''}/>`;
  const label = `<text y="${num(n.r + 11)}" text-anchor="middle" fill="${INK}"${suggested ? ' fill-opacity="0.6" font-style="italic"' : ''}>${xmlEscape(n.label)}</text>`;
  return `<g class="${classes}" data-key="${xmlEscape(n.key)}" transform="translate(${num(n.x)},${num(n.y)})"><title>${xmlEscape(describeNode(n))}</title>${circle}${label}</g>`;
}

function legendSvg(graph: PaperGraph, top: number): string[] {
  const out = [`<g class="legend" transform="translate(${GRAPH_LAYOUT.marginX},${num(top)})">`];
  let x = 0;
  const item = (swatch: string, text: string, width: number) => {
    out.push(`<g transform="translate(${num(x)},0)">${swatch}<text x="16" y="4" fill="${INK}">${xmlEscape(text)}</text></g>`);
    x += width;
  };
  item(`<circle r="6" fill="${INK}" fill-opacity="0.8"/>`, 'cited', 60);
  item(`<circle class="suggested" r="6" fill="${INK}" fill-opacity="0.25" stroke="${INK}" stroke-dasharray="3 2"/>`, 'suggested', 90);
  item(`<circle r="6" fill="${PAPER}" stroke="${INK}" stroke-dasharray="3 2"/>`, 'unknown key', 112);
  item(`<circle cx="-4" r="3" fill="none" stroke="${INK}"/><circle cx="5" r="6" fill="none" stroke="${INK}"/>`, 'size: citations', 120);
  for (const relation of [...new Set(graph.edges.map((e) => e.relation))].sort()) {
    const s = styleOf(relation);
    item(`<line x1="-8" y1="0" x2="8" y2="0" stroke="${INK}" stroke-width="1.2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}${s.arrow ? ' marker-end="url(#arrow)"' : ''}/>`, relation, 24 + relation.length * 6.5);
  }
  x = 0;
  out.push('<g transform="translate(0,24)">');
  for (const topic of graph.topics.slice(0, TOPIC_COLOURS.length - 1)) {
    const slot = topicSlot(graph, topic);
    out.push(`<g class="topic-${slot}" transform="translate(${num(x)},0)"><circle r="6" fill="${colourOfSlot(slot)}"/><text x="10" y="4" fill="${INK}">${xmlEscape(topic)}</text></g>`);
    x += 24 + topic.length * 6.5;
  }
  if (graph.topics.length >= TOPIC_COLOURS.length) out.push(`<g class="topic-${TOPIC_COLOURS.length}" transform="translate(${num(x)},0)"><circle r="6" fill="${OTHER_COLOUR}"/><text x="10" y="4" fill="${INK}">other topics</text></g>`);
  out.push('</g>', '</g>');
  return out;
}

/* ------------------------------------------------------------------ *
 * Graphviz DOT
 * ------------------------------------------------------------------ */

/** A DOT double-quoted string: backslashes and quotes escaped, line breaks as DOT's `\n`. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

/**
 * The graph in DOT: one rank per year, left to right, chained by invisible edges so the years keep
 * their order; relations do not constrain the ranks (a paper always sits in its year).
 */
export function graphToDot(graph: PaperGraph, options: SvgOptions = {}): string {
  const out = [
    'digraph related_papers {',
    `  graph [rankdir=LR, newrank=true, nodesep=0.25, ranksep=0.5, fontname="Helvetica", label=${dotString(options.title ?? 'Related papers')}, labelloc=t];`,
    '  node [shape=ellipse, style=filled, fontname="Helvetica", fontsize=10, fontcolor="#ffffff", penwidth=1.2];',
    '  edge [fontname="Helvetica", fontsize=8, color="#555555", constraint=false];',
  ];
  const yearId = (label: string) => dotString(`year ${label}`);
  for (const y of graph.years) out.push(`  ${yearId(y.label)} [shape=plaintext, style="", fontcolor="#1f2328", fontsize=12, label=${dotString(y.label)}];`);
  if (graph.years.length > 1) out.push(`  ${graph.years.map((y) => yearId(y.label)).join(' -> ')} [style=invis, constraint=true];`);
  for (const y of graph.years) {
    const members = graph.nodes.filter((n) => (n.year ?? null) === y.year);
    out.push(`  { rank=same; ${[yearId(y.label), ...members.map((n) => dotString(n.key))].join('; ')}; }`);
  }
  for (const n of graph.nodes) {
    const colour = n.known ? colourOfSlot(topicSlot(graph, n.topic)) : '#ffffff';
    const attrs = [
      `label=${dotString(n.label)}`,
      `tooltip=${dotString(describeNode(n))}`,
      `width=${(n.r / 18).toFixed(2)}`,
      `fillcolor="${colour}${n.status === 'suggested' ? '66' : ''}"`,
      `color="${n.known ? colour : '#1f2328'}"`,
      ...(n.status === 'suggested' || !n.known ? ['style="filled,dashed"'] : []),
      ...(n.known && n.status === 'cited' ? [] : ['fontcolor="#1f2328"']),
    ];
    out.push(`  ${dotString(n.key)} [${attrs.join(', ')}];`);
  }
  for (const e of graph.edges) {
    const s = styleOf(e.relation);
    const attrs = [`label=${dotString(e.relation)}`, ...(s.dash ? [s.arrow ? 'style=dotted' : 'style=dashed'] : []), ...(s.arrow ? [] : ['dir=none'])];
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/* ------------------------------------------------------------------ *
 * Mermaid
 * ------------------------------------------------------------------ */

/**
 * A label inside Mermaid's double quotes: every character that could end the label or be read as
 * markup (quotes, `#`, angle brackets, `&`, backticks, pipes, brackets) as Mermaid's `#code;` entity.
 */
export function mermaidLabel(text: string): string {
  return `"${text.replace(/[\s]+/g, ' ').replace(/["#<>&`|[\]{}\\]/g, (c) => (c === '"' ? '#quot;' : `#${c.charCodeAt(0)};`))}"`;
}

/**
 * The graph as a Mermaid flowchart, left to right: one subgraph per year (chained by invisible
 * links so they keep their order), nodes by generated ids (keys may hold characters Mermaid reads
 * as syntax), relations as labelled arrows, suggestions in a faded class.
 */
export function graphToMermaid(graph: PaperGraph): string {
  const id = new Map(graph.nodes.map((n, i) => [n.key, `n${i}`]));
  const yearIds = graph.years.map((_, i) => `y${i}`);
  const out = ['flowchart LR'];
  graph.years.forEach((year, i) => {
    out.push(`  subgraph ${yearIds[i]}[${mermaidLabel(year.label)}]`, '    direction TB');
    for (const n of graph.nodes) if ((n.year ?? null) === year.year) out.push(`    ${id.get(n.key)}(${mermaidLabel(n.label)})`);
    out.push('  end');
  });
  for (let i = 1; i < yearIds.length; i++) out.push(`  ${yearIds[i - 1]} ~~~ ${yearIds[i]}`);
  for (const e of graph.edges) {
    const s = styleOf(e.relation);
    const arrow = s.dash ? (s.arrow ? '-.->' : '-.-') : '-->';
    out.push(`  ${id.get(e.from)} ${arrow}|${mermaidLabel(e.relation)}| ${id.get(e.to)}`);
  }
  out.push('  classDef suggested fill:#ffffff,stroke:#8c8c8c,stroke-dasharray:4 3,color:#8c8c8c');
  out.push('  classDef unknown fill:#ffffff,stroke:#1f2328,stroke-dasharray:4 3');
  const suggested = graph.nodes.filter((n) => n.status === 'suggested').map((n) => id.get(n.key));
  const unknown = graph.nodes.filter((n) => !n.known).map((n) => id.get(n.key));
  if (suggested.length) out.push(`  class ${suggested.join(',')} suggested`);
  if (unknown.length) out.push(`  class ${unknown.join(',')} unknown`);
  return `${out.join('\n')}\n`;
}
