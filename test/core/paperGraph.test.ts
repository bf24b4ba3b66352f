// The related-papers graph: nodes, relations and suggestions from cited keys, the time-axis layout,
// and the SVG, DOT and Mermaid writers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SaxesParser } from 'saxes';
import { CitationIndex } from '../../server/src/core/citationIndex';
import { loadBundledIndex } from '../../server/src/bundled';
import { loadPaperDb } from '../../server/src/core/paperDb';
import { GRAPH_LAYOUT, paperGraph, radiusFor, type PaperGraph } from '../../server/src/core/paperGraph';
import { graphToDot, graphToMermaid, graphToSvg, mermaidLabel } from '../../server/src/core/paperGraphWriters';
import { refs, refsUri } from './sampleIndex';

/** A small database with every kind of relation; counts are made up for the test, not paper facts. */
function paper(id: string, year: number, title: string, opts: { related?: Array<[string, string]>; topic?: string; nick?: string; count?: number; aliases?: string[] } = {}) {
  return {
    id, type: 'paper-conference', title, author: [{ family: id.replace(/\d.*/, ''), given: 'A.' }, { family: 'Other', given: 'B.' }],
    issued: { 'date-parts': [[year]] },
    custom: {
      summary: 'A test paper.', topics: [opts.topic ?? 'vision'],
      ...(opts.nick ? { nicknames: [opts.nick] } : {}),
      ...(opts.aliases ? { aliases: opts.aliases } : {}),
      ...(opts.count ? { citations: [{ count: opts.count, source: 'test', date: '2026-01' }] } : {}),
      ...(opts.related ? { related: opts.related.map(([relation, key]) => ({ key, relation })) } : {}),
    },
  };
}

const db = loadPaperDb([
  paper('alpha2012deep', 2012, 'Alpha: Deep Nets', { nick: 'AlphaNet', count: 100000 }),
  paper('beta2014wide', 2014, 'Beta: Wide Nets', { related: [['builds on', 'alpha2012deep']], count: 5000 }),
  paper('gamma2015tall', 2015, 'Gamma & <Tall> "Nets"', { related: [['improves on', 'beta2014wide'], ['honourable mention of', 'alpha2012deep']], topic: 'nlp', aliases: ['gamma2014tall'] }),
  paper('delta2017deep', 2017, 'Delta', { related: [['builds on', 'gamma2014tall'], ['builds on', 'epsilon2016old'], ['same family', 'zeta2017side']], topic: 'nlp', count: 20 }),
  paper('epsilon2016old', 2016, 'Epsilon', { count: 300 }),
  paper('zeta2017side', 2017, 'Zeta', { topic: 'rl' }),
  paper('eta2019late', 2019, 'Eta', { related: [['follow-up', 'delta2017deep']] }),
]);
assert.deepEqual(db.problems, []);

function index(): CitationIndex {
  const i = new CitationIndex(db.db);
  i.setParsedBib(refsUri, refs.text, refs.parsed);
  return i;
}

const render = (g: PaperGraph) => ({
  nodes: g.nodes.map((n) => `${n.key}${n.status === 'suggested' ? ' (suggested)' : ''}${n.known ? '' : ' (unknown)'}`),
  edges: g.edges.map((e) => `${e.from} -[${e.relation}]-> ${e.to}`),
});

test('nodes are the cited papers by year; edges are the relations between them; what they build on is suggested', () => {
  const g = paperGraph(['delta2017deep', 'gamma2015tall', 'zeta2017side', 'delta2017deep', 'alpha2012deep'], index());
  assert.deepEqual(render(g), {
    nodes: ['alpha2012deep', 'gamma2015tall', 'delta2017deep', 'zeta2017side', 'beta2014wide (suggested)', 'epsilon2016old (suggested)'],
    edges: [
      'beta2014wide -[builds on]-> alpha2012deep',
      'delta2017deep -[builds on]-> epsilon2016old',
      'delta2017deep -[builds on]-> gamma2015tall',
      'delta2017deep -[same family]-> zeta2017side',
      'gamma2015tall -[honourable mention of]-> alpha2012deep',
      'gamma2015tall -[improves on]-> beta2014wide',
    ],
  });
  // Suggestions come from "builds on"-like relations only: zeta is related to delta but cited here; nothing suggests it otherwise.
  const alpha = g.nodes.find((n) => n.key === 'alpha2012deep')!;
  assert.equal(alpha.label, 'AlphaNet');
  assert.equal(alpha.citations, 100000);
  assert.equal(g.nodes.find((n) => n.key === 'delta2017deep')!.label, 'delta et al.');
  assert.deepEqual(g.topics, ['vision', 'nlp', 'rl']);
});

test('the same input gives the same graph, whatever the order of the cites', () => {
  const a = paperGraph(['delta2017deep', 'gamma2015tall', 'eta2019late'], index());
  const b = paperGraph(['eta2019late', 'gamma2015tall', 'delta2017deep', 'eta2019late'], index());
  assert.deepEqual(a, b);
});

test('an unknown key is a node of its own; a user key and the database key of one paper are one node', () => {
  const i = new CitationIndex(loadPaperDb([paper('he2016deep', 2016, 'Deep Residual Learning for Image Recognition', { related: [['builds on', 'alpha2012deep']] }), paper('alpha2012deep', 2012, 'Alpha')]).db);
  i.setParsedBib(refsUri, refs.text, refs.parsed);
  const g = paperGraph(['He.Zhang.Ren.ea.2016', 'nobody2099', 'he2016deep', 'smith2020local'], i, { preferUris: [refsUri] });
  assert.deepEqual(render(g), {
    nodes: ['He.Zhang.Ren.ea.2016', 'smith2020local', 'nobody2099 (unknown)', 'alpha2012deep (suggested)'],
    edges: ['He.Zhang.Ren.ea.2016 -[builds on]-> alpha2012deep'],
  });
  assert.deepEqual(g.nodes[0].otherKeys, ['he2016deep']);
  assert.equal(g.nodes[1].label, 'Smith et al.');
  assert.equal(g.nodes[2].year, undefined);
  assert.equal(g.years[g.years.length - 1].label, 'n.d.');
});

test('suggestions are capped, the most cited kept, and the rest counted', () => {
  const g = paperGraph(['gamma2015tall', 'delta2017deep'], index(), { maxSuggestions: 1 });
  assert.deepEqual(g.nodes.filter((n) => n.status === 'suggested').map((n) => n.key), ['beta2014wide']);
  assert.equal(g.suggestionsLeftOut, 1);
  assert.deepEqual(render(paperGraph([], index())), { nodes: [], edges: [] });
});

test('layout: x grows with the year, bigger nodes for more citations, and no two nodes or labels overlap', () => {
  const g = paperGraph(['alpha2012deep', 'beta2014wide', 'gamma2015tall', 'delta2017deep', 'zeta2017side', 'eta2019late'], index());
  const x = (k: string) => g.nodes.find((n) => n.key === k)!.x;
  assert.ok(x('alpha2012deep') < x('beta2014wide') && x('beta2014wide') < x('gamma2015tall') && x('gamma2015tall') < x('delta2017deep'));
  assert.equal(x('delta2017deep'), x('zeta2017side'));
  assert.ok(radiusFor(100000) > radiusFor(5000) && radiusFor(5000) > radiusFor(20) && radiusFor(20) > radiusFor(undefined));
  assert.equal(radiusFor(1e12), GRAPH_LAYOUT.maxRadius);
  assertNoOverlap(g);
});

test('layout of a big year: more columns, still no overlap, and everything inside the picture', () => {
  const many = Array.from({ length: 60 }, (_, i) => paper(`p${String(i).padStart(2, '0')}x2020same`, 2020, `Paper ${i}`, { count: i * 1000 + 1 }));
  const i = new CitationIndex(loadPaperDb(many).db);
  const g = paperGraph(many.map((p) => p.id), i);
  assert.equal(new Set(g.nodes.map((n) => n.x)).size, Math.ceil(60 / GRAPH_LAYOUT.maxPerColumn));
  assertNoOverlap(g);
  for (const n of g.nodes) assert.ok(n.x - n.r >= 0 && n.x + n.r <= g.width && n.y + n.r + GRAPH_LAYOUT.labelHeight <= g.height, n.key);
});

/** Each node with its label below as a box; no two boxes may intersect. */
function assertNoOverlap(g: PaperGraph): void {
  const half = GRAPH_LAYOUT.columnWidth / 2 - 4;
  const box = (n: PaperGraph['nodes'][number]) => ({ l: n.x - Math.max(n.r, half), r: n.x + Math.max(n.r, half), t: n.y - n.r, b: n.y + n.r + GRAPH_LAYOUT.labelHeight });
  for (let i = 0; i < g.nodes.length; i++) {
    for (let j = i + 1; j < g.nodes.length; j++) {
      const a = box(g.nodes[i]);
      const b = box(g.nodes[j]);
      assert.ok(a.r <= b.l || b.r <= a.l || a.b <= b.t || b.b <= a.t, `${g.nodes[i].key} overlaps ${g.nodes[j].key}`);
    }
  }
}

/** Parses `xml` strictly (saxes reports any well-formedness error); returns the elements met, in order. */
function parseXml(xml: string): Array<{ name: string; attributes: Record<string, string>; text: string }> {
  const parser = new SaxesParser({ xmlns: true });
  const elements: Array<{ name: string; attributes: Record<string, string>; text: string }> = [];
  const open: typeof elements = [];
  parser.on('error', (e) => { throw e; });
  parser.on('opentag', (t) => {
    const el = { name: t.local, attributes: Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, (v as { value: string }).value])), text: '' };
    elements.push(el);
    open.push(el);
  });
  parser.on('text', (t) => { if (open.length) open[open.length - 1].text += t; });
  parser.on('closetag', () => { open.pop(); });
  parser.write(xml).close();
  return elements;
}

test('SVG: well-formed XML with a title and description, one group per node, escaped text, faded suggestions', () => {
  const g = paperGraph(['delta2017deep', 'gamma2015tall', 'zeta2017side'], index());
  const svg = graphToSvg(g, { title: 'Related papers of <review & notes>.md' });
  const els = parseXml(svg);
  assert.equal(els[0].name, 'svg');
  assert.equal(els[0].attributes['role'], 'img');
  assert.equal(els.find((e) => e.name === 'title')!.text, 'Related papers of <review & notes>.md');
  assert.match(els.find((e) => e.name === 'desc')!.text, /^3 cited papers, 2 suggested, 4 relations, from 2014 to 2017\. Relations: .*delta et al\. builds on gamma et al\./);
  const nodes = els.filter((e) => e.name === 'g' && (e.attributes['class'] ?? '').split(' ').includes('node'));
  assert.deepEqual(nodes.map((n) => n.attributes['data-key']), g.nodes.map((n) => n.key));
  assert.deepEqual(nodes.filter((n) => n.attributes['class'].includes('suggested')).map((n) => n.attributes['data-key']), ['beta2014wide', 'epsilon2016old']);
  assert.ok(svg.includes('Gamma &amp; &lt;Tall&gt; &quot;Nets&quot;'));
  assert.equal(els.filter((e) => e.name === 'path' && e.attributes['class']?.startsWith('edge')).length, g.edges.length);
  // Node size by citation count: the circle of the most cited node is the biggest.
  const radii = els.filter((e) => e.name === 'circle').map((e) => Number(e.attributes['r']));
  assert.ok(Math.max(...radii) > GRAPH_LAYOUT.minRadius);
});

test('SVG of an empty graph and of hostile keys is still well-formed', () => {
  parseXml(graphToSvg(paperGraph([], index())));
  parseXml(graphToSvg(paperGraph(['a"b<c>&d\'e', 'x]]>y', 'ctl\u0001key'], index())));
});

test('DOT: nodes, relations and year ranks; Graphviz reads it', () => {
  const g = paperGraph(['delta2017deep', 'gamma2015tall', 'zeta2017side', 'a"b\\c'], index());
  const dot = graphToDot(g, { title: 'Related "papers"' });
  assert.match(dot, /^digraph related_papers \{/);
  assert.ok(dot.includes('"delta2017deep" -> "gamma2015tall" [label="builds on"];'));
  assert.ok(dot.includes('"delta2017deep" -> "zeta2017side" [label="same family", style=dashed, dir=none];'));
  assert.ok(dot.includes('"gamma2015tall" -> "alpha2012deep"') === false, 'alpha is neither cited nor built on by a cited paper');
  assert.ok(dot.includes('"a\\"b\\\\c" [label="a\\"b\\\\c"'));
  assert.ok(dot.includes('{ rank=same; "year 2017"; "delta2017deep"; "zeta2017side"; }'));
  const run = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
  assert.equal(run.error, undefined, 'Graphviz is needed (apt package graphviz; scripts/setup.mjs installs it)');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  const out = parseXml(run.stdout);
  assert.ok(out.some((e) => e.name === 'title' && e.text === 'delta2017deep->gamma2015tall'));
});

test('Mermaid: a left-to-right flowchart with a subgraph per year, every node and relation, labels escaped', () => {
  const g = paperGraph(['delta2017deep', 'gamma2015tall', 'zeta2017side'], index());
  const m = graphToMermaid(g);
  const lines = m.trimEnd().split('\n');
  assert.equal(lines[0], 'flowchart LR');
  const nodeIds = new Map<string, string>();
  for (const l of lines) { const x = /^ {4}(n\d+)\("(.*)"\)$/.exec(l); if (x) nodeIds.set(x[1], x[2]); }
  // Ids follow the graph's node order (cited, then suggested); subgraphs list them by year.
  assert.deepEqual([...nodeIds.entries()].sort(), [['n0', 'gamma et al.'], ['n1', 'delta et al.'], ['n2', 'zeta et al.'], ['n3', 'beta et al.'], ['n4', 'epsilon et al.']]);
  const edges = lines.flatMap((l) => { const x = /^ {2}(n\d+) (-->|-\.->|-\.-)\|"([^"]*)"\| (n\d+)$/.exec(l); return x ? [x.slice(1).join(' ')] : []; });
  assert.deepEqual(edges, ['n1 --> builds on n4', 'n1 --> builds on n0', 'n1 -.- same family n2', 'n0 --> improves on n3']);
  assert.deepEqual(lines.filter((l) => /^ {2}subgraph /.test(l)), ['  subgraph y0["2014"]', '  subgraph y1["2015"]', '  subgraph y2["2016"]', '  subgraph y3["2017"]']);
  assert.ok(lines.includes('  y0 ~~~ y1') && lines.includes('  y2 ~~~ y3'));
  assert.ok(lines.includes('  class n3,n4 suggested'));
  assert.equal(mermaidLabel('A "quoted" <b>#1</b> & `x` | [y]'), '"A #quot;quoted#quot; #60;b#62;#35;1#60;/b#62; #38; #96;x#96; #124; #91;y#93;"');
});

test('time grows about linearly with the citations: one graph of 300 cited papers costs well under ten of 30 (model, layout and SVG)', () => {
  const { index: real } = loadBundledIndex('server/data/papers.runtime.json');
  const ids = Array.from({ length: real.db.size }, (_, i) => real.db.idAt(i)).sort();
  // Both sides are timed over the same amount of citations (one graph of 300, ten of 30), so each timing
  // is a few milliseconds long and a pause of the machine weighs alike on both; the best of many rounds.
  const cost = (keys: string[], times: number) => {
    let best = Infinity;
    for (let r = 0; r < 15; r++) {
      const t = performance.now();
      for (let i = 0; i < times; i++) graphToSvg(paperGraph(keys, real));
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  const small = ids.filter((_, i) => i % 70 === 0).slice(0, 30);
  const big = ids.filter((_, i) => i % 7 === 0).slice(0, 300);
  cost(big, 1); // compiled code and built papers for both sizes
  cost(small, 10);
  // Linear growth gives about 1; quadratic growth would give about 10.
  const ratio = cost(big, 1) / cost(small, 10);
  assert.ok(ratio < 3, `one graph of 300 citations costs ${ratio.toFixed(2)}× ten graphs of 30`);
});
