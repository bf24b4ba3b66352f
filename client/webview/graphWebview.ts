/**
 * The related-papers graph in the webview: draws the SVG the server's writer made (so the picture
 * is the one "Export SVG" saves and the CLI writes), pans and zooms it with d3-zoom, makes every
 * paper a focusable button (Tab and the arrow keys move between papers, Enter opens its card), and
 * shows the card of the chosen paper with Cite, Open paper and Details. Bundled by esbuild into
 * dist/graphWebview.js; it runs under a nonce'd script policy, so it sets no inline style and
 * builds every element with DOM calls (text through textContent, never HTML strings).
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';
import type { FromGraphWebview, GraphScope, ToGraphWebview } from '../src/graphMessages';
import type { GraphNode, PaperDetailsRequest, PaperGraph } from '../../server/src/protocol';

declare function acquireVsCodeApi(): { postMessage(message: FromGraphWebview): void };
const vscode = acquireVsCodeApi();
const SVG_NS = 'http://www.w3.org/2000/svg';

const canvas = document.getElementById('canvas')!;
const card = document.getElementById('card')!;
const status = document.getElementById('status')!;
const announce = document.getElementById('announce')!;

interface Drawn {
  graph: PaperGraph;
  byKey: Map<string, GraphNode>;
  elements: Map<string, SVGGElement>;
  svg: SVGSVGElement;
  viewport: SVGGElement;
  zoom: ZoomBehavior<SVGSVGElement, unknown>;
  canCite: boolean;
}
let drawn: Drawn | undefined;
let selectedKey: string | undefined;

const button = (label: string, onClick: () => void, title?: string): HTMLButtonElement => {
  const b = document.createElement('button');
  b.textContent = label;
  if (title) b.title = title;
  b.addEventListener('click', onClick);
  return b;
};

function toolbar(): void {
  const scopeButtons = document.querySelectorAll<HTMLButtonElement>('[data-scope]');
  scopeButtons.forEach((b) => b.addEventListener('click', () => vscode.postMessage({ type: 'scope', scope: b.dataset.scope as GraphScope })));
  document.getElementById('fit')!.addEventListener('click', () => fit(0));
  document.getElementById('export')!.addEventListener('click', () => vscode.postMessage({ type: 'export' }));
  document.getElementById('refresh')!.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
}

/** Draws the server's SVG: its parts move into one group that d3-zoom transforms. */
function draw(message: Extract<ToGraphWebview, { type: 'graph' }>): void {
  const parsed = new DOMParser().parseFromString(message.svg, 'image/svg+xml');
  const svg = document.importNode(parsed.documentElement, true) as unknown as SVGSVGElement;
  if (svg.namespaceURI !== SVG_NS) { showError('The graph could not be drawn.'); return; }
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.removeAttribute('viewBox');
  svg.setAttribute('focusable', 'false');
  const viewport = document.createElementNS(SVG_NS, 'g') as SVGGElement;
  viewport.setAttribute('class', 'viewport');
  for (const child of [...svg.childNodes]) {
    const name = (child as Element).localName;
    if (name !== 'title' && name !== 'desc' && name !== 'defs') viewport.appendChild(child);
  }
  svg.appendChild(viewport);
  canvas.replaceChildren(svg);
  const z = zoom<SVGSVGElement, unknown>().scaleExtent([0.1, 4]).on('zoom', (e) => viewport.setAttribute('transform', e.transform.toString()));
  select(svg).call(z);
  const elements = new Map<string, SVGGElement>();
  for (const g of svg.querySelectorAll<SVGGElement>('g.node')) {
    const key = g.dataset.key ?? '';
    elements.set(key, g);
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', g.querySelector('title')?.textContent ?? key);
    g.addEventListener('click', () => choose(key));
    g.addEventListener('keydown', (e) => onNodeKey(e, key));
    g.addEventListener('focus', () => focused(key));
  }
  const graph = message.graph;
  drawn = { graph, byKey: new Map(graph.nodes.map((n) => [n.key, n])), elements, svg, viewport, zoom: z, canCite: message.canCite };
  document.querySelectorAll<HTMLButtonElement>('[data-scope]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.scope === message.scope)));
  const suggested = graph.nodes.filter((n) => n.status === 'suggested').length;
  status.textContent = `${message.title}: ${graph.nodes.length - suggested} cited, ${suggested} suggested, ${graph.edges.length} relations${graph.suggestionsLeftOut ? ` (${graph.suggestionsLeftOut} more suggestions not shown)` : ''}`;
  fit(READABLE_SCALE);
  if (selectedKey && elements.has(selectedKey)) choose(selectedKey, false); else closeCard();
  vscode.postMessage({ type: 'rendered', nodes: elements.size, suggested: svg.querySelectorAll('g.node.suggested').length, sequence: message.sequence });
}

/** The smallest scale a graph opens at: labels stay legible, and a wide graph is panned instead. */
const READABLE_SCALE = 0.6;

/** Scales the whole graph into the panel (never above 1:1, never below `least`), left-aligned. */
function fit(least: number): void {
  if (!drawn) return;
  const { width, height } = drawn.graph;
  const box = canvas.getBoundingClientRect();
  const k = Math.max(least, Math.min(1, box.width / Math.max(width, 1), box.height / Math.max(height + 60, 1)));
  select(drawn.svg).call(drawn.zoom.transform, zoomIdentity.translate(0, 0).scale(k > 0 ? k : 1));
}

/**
 * Arrow keys go to the nearest paper in that direction (by the layout's positions: left/right
 * across years, up/down within a year), Home/End to the first/last, Enter or Space open the card.
 */
function onNodeKey(e: KeyboardEvent, key: string): void {
  if (!drawn) return;
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(key); return; }
  if (e.key === 'Escape') { closeCard(); return; }
  const keys = [...drawn.elements.keys()];
  let next: string | undefined;
  if (e.key === 'Home') next = keys[0];
  else if (e.key === 'End') next = keys[keys.length - 1];
  else if (e.key.startsWith('Arrow')) next = nearest(drawn.byKey.get(key)!, e.key.slice(5) as 'Left' | 'Right' | 'Up' | 'Down');
  if (next) { e.preventDefault(); drawn.elements.get(next)?.focus(); }
}

function nearest(from: GraphNode, direction: 'Left' | 'Right' | 'Up' | 'Down'): string | undefined {
  let best: { key: string; cost: number } | undefined;
  for (const n of drawn!.graph.nodes) {
    const dx = n.x - from.x;
    const dy = n.y - from.y;
    const along = direction === 'Left' ? -dx : direction === 'Right' ? dx : direction === 'Up' ? -dy : dy;
    const across = direction === 'Left' || direction === 'Right' ? Math.abs(dy) : Math.abs(dx);
    if (n === from || along <= 0) continue;
    // Straight ahead is cheaper than sideways: a paper of the next year at the same height wins.
    const cost = along + 3 * across;
    if (!best || cost < best.cost) best = { key: n.key, cost };
  }
  return best?.key;
}

/** Keeps the focused paper in view and says which it is. */
function focused(key: string): void {
  if (!drawn) return;
  const n = drawn.byKey.get(key)!;
  inView(n);
  announce.textContent = `${n.label}, ${n.year ?? 'no year'}${n.status === 'suggested' ? ', suggested' : ''}`;
  vscode.postMessage({ type: 'selected', key });
}

/** Pans so that `n` is inside the drawing (the card beside it may have narrowed the drawing). */
function inView(n: GraphNode): void {
  if (!drawn) return;
  const box = canvas.getBoundingClientRect();
  const t = zoomTransformOf(drawn.svg);
  const [x, y] = [t.x + n.x * t.k, t.y + n.y * t.k];
  if (x < 20 || y < 20 || x > box.width - 20 || y > box.height - 20) select(drawn.svg).call(drawn.zoom.translateTo, n.x, n.y);
}

function zoomTransformOf(svg: SVGSVGElement): { x: number; y: number; k: number } {
  const t = (svg as unknown as { __zoom?: { x: number; y: number; k: number } }).__zoom;
  return t ?? { x: 0, y: 0, k: 1 };
}

/** Shows the card of `key` from the graph's data, and asks the extension for its links. */
function choose(key: string, ask = true): void {
  if (!drawn) return;
  const n = drawn.byKey.get(key);
  if (!n) return;
  selectedKey = key;
  for (const [k, g] of drawn.elements) g.classList.toggle('selected', k === key);
  for (const p of drawn.svg.querySelectorAll<SVGPathElement>('path.edge')) p.classList.toggle('highlight', p.dataset.from === key || p.dataset.to === key);
  renderCard(n, undefined);
  inView(n);
  if (ask && n.known) vscode.postMessage({ type: 'details', key });
}

function renderCard(n: GraphNode, details: PaperDetailsRequest.Result | null | undefined): void {
  const el = (tag: string, text?: string, cls?: string) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const parts: HTMLElement[] = [el('h2', n.title)];
  parts.push(el('p', [n.authors, n.venue ?? (n.year ? String(n.year) : '')].filter((x) => x).join(' · '), 'meta'));
  const facts = [n.key, n.status === 'suggested' ? 'suggested: a cited paper builds on it' : n.known ? 'cited' : 'unknown key', n.citations ? `${n.citations.toLocaleString('en-US')} citations` : '', n.otherKeys?.length ? `also cited as ${n.otherKeys.join(', ')}` : ''];
  parts.push(el('p', facts.filter((x) => x).join(' · '), 'facts'));
  const actions = el('div', undefined, 'actions');
  if (n.known) {
    const cite = button('Cite', () => vscode.postMessage({ type: 'cite', key: n.key }), 'Insert a citation at the cursor of the last Markdown or LaTeX editor');
    cite.disabled = !drawn?.canCite;
    actions.append(cite, button('Details', () => vscode.postMessage({ type: 'showDetails', key: n.key })));
    if (details?.paperUrl) { const url = details.paperUrl; actions.append(button('Open paper', () => vscode.postMessage({ type: 'openUrl', url }))); }
    for (const repo of details?.code.slice(0, 2) ?? []) actions.append(button(repo.official ? 'Official code' : `Code (${repo.owner ?? 'repository'})`, () => vscode.postMessage({ type: 'openUrl', url: repo.url }), repo.url));
  }
  actions.append(button('Close', closeCard));
  parts.push(actions);
  if (details?.related.length) {
    const list = el('ul', undefined, 'related');
    for (const r of details.related) list.append(el('li', `${r.relation} ${r.title}`));
    parts.push(el('h3', 'Relations'), list);
  }
  card.replaceChildren(...parts);
  card.hidden = false;
}

function closeCard(): void {
  card.hidden = true;
  card.replaceChildren();
  const key = selectedKey;
  selectedKey = undefined;
  if (drawn) for (const g of drawn.elements.values()) g.classList.remove('selected');
  if (key) drawn?.elements.get(key)?.focus();
}

function showError(message: string): void {
  status.textContent = message;
  canvas.replaceChildren();
}

window.addEventListener('message', (event: MessageEvent<ToGraphWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'graph': draw(m); break;
    case 'details': if (m.key === selectedKey && drawn?.byKey.get(m.key)) renderCard(drawn.byKey.get(m.key)!, m.details); break;
    case 'error': showError(m.message); break;
    case 'cited': announce.textContent = `Cited ${m.key} in ${m.where}`; status.textContent = announce.textContent; break;
    case 'select': drawn?.elements.get(m.key)?.focus(); choose(m.key); break;
  }
});
window.addEventListener('resize', () => fit(READABLE_SCALE));
toolbar();
vscode.postMessage({ type: 'ready' });
