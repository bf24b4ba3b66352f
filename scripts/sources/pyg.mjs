#!/usr/bin/env node
// Importer: pyg-team/pytorch_geometric (PyG) — class docstrings that cite a paper.
//
// Repository: https://github.com/pyg-team/pytorch_geometric, read at commit
// 5c6461b2305ad068a6d61165b3c55852a11aaa41 (2026-08-17) from a bare snapshot (`fetch`), --repo DIR.
// Files: torch_geometric/nn/**/*.py and torch_geometric/explain/algorithm/*.py. In each class docstring, every
// reStructuredText citation `"Title" <link>`_ gives a line: title (as quoted), arXiv id (arxiv.org links only),
// url (the link when it is not arXiv).
// Code: the file, {kind:"library", library:"PyG", framework:"PyTorch", label:"PyG layer" (nn/conv) | "PyG model"
// (nn/models) | "PyG module" (other nn/*) | "PyG explainer"}, on the FIRST citation of the class docstring only when
// its first sentence says the class is "from"/"introduced in"/"described in"/"based on" that paper.
// Nicknames: only from the reviewed table NICK (class → name), and only when the name is spelled in the class
// name or its docstring.
// Licence: MIT. Facts only.
//
// Usage: node scripts/sources/pyg.mjs --repo /work/.mirror/pyg-team+pytorch_geometric/repo [--commit C] [--out FILE]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { git, cleanTitle, writeJsonl, selfCheck, cliArgs } from './lib/bibtex-lite.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SOURCE = 'pyg';
const REPO = 'pyg-team/pytorch_geometric';
const LICENCE = 'MIT';

// class → nicknames of the paper its first citation names (reviewed; the name must also appear in the class name or docstring)
const NICK = {
  GCNConv: ['GCN'], GATConv: ['GAT'], GATv2Conv: ['GATv2'], GINConv: ['GIN'], SAGEConv: ['GraphSAGE'], GCN2Conv: ['GCNII'],
  GPSConv: ['GPS'], HGTConv: ['HGT'], APPNP: ['APPNP'], PNAConv: ['PNA'], GravNetConv: ['GravNet'], HANConv: ['HAN'], AGNNConv: ['AGNN'],
  PPFConv: ['PPFNet'], ClusterGCNConv: ['Cluster-GCN'], MixHopConv: ['MixHop'], SplineConv: ['SplineCNN'], FiLMConv: ['GNN-FiLM'],
  XConv: ['PointCNN'], PointTransformerConv: ['Point Transformer'], LGConv: ['LightGCN'], GENConv: ['DeeperGCN'],
  SchNet: ['SchNet'], DimeNet: ['DimeNet'], DimeNetPlusPlus: ['DimeNet++'], Node2Vec: ['node2vec'], MetaPath2Vec: ['metapath2vec'],
  GNNExplainer: ['GNNExplainer'], PGExplainer: ['PGExplainer'], DeepGraphInfomax: ['Deep Graph Infomax'], GraphUNet: ['Graph U-Net'],
  LINKX: ['LINKX'], GAE: ['GAE'], VGAE: ['VGAE'], ARGA: ['ARGA'], ARGVA: ['ARGVA'], SignedGCN: ['SGCN'], RENet: ['RE-Net'],
  DiffPool: ['DiffPool'], MinCutPool: ['MinCutPool'], TopKPooling: [], SAGPooling: ['SAGPool'], ASAPooling: ['ASAP'], EdgePooling: [],
  GraphMultisetTransformer: ['Graph Multiset Transformer'], Set2Set: [], JumpingKnowledge: ['Jumping Knowledge'], MaskLabel: [],
  CorrectAndSmooth: ['Correct and Smooth'], TGNMemory: ['TGN'], LightGCN: ['LightGCN'], PMLP: ['PMLP'], RECT_L: ['RECT'],
  ViSNet: ['ViSNet'], G_Retriever: ['G-Retriever'], GRetriever: ['G-Retriever'], PointNetConv: [], DeepGCNLayer: ['DeeperGCN'],
  MetaLayer: [], GraphNorm: ['GraphNorm'], PairNorm: ['PairNorm'], DiffGroupNorm: [], MessageNorm: [], GraphSizeNorm: [],
  InstanceNorm: [], LayerNorm: [], BatchNorm: [], DMoNPooling: ['DMoN'], PANPooling: [], MemPooling: [],
  SetTransformerAggregation: [], DeepSetsAggregation: [], GRUAggregation: [], // their first citation is another paper
  SortAggregation: [], LCMAggregation: [], GATConvTwo: [], RGCNConv: ['R-GCN', 'RGCN'], GatedGraphConv: ['GGNN'], GMMConv: ['MoNet'],
  EdgeConv: ['DGCNN'], DynamicEdgeConv: ['DGCNN'],
};

const args = cliArgs();
const repo = args.repos[0] || process.env.PYG_REPO;
if (!repo) { console.error('usage: --repo DIR'); process.exit(2); }
const commit = args.commit || git(repo, ['rev-parse', 'HEAD']).trim();
const out = args.out || path.join(ROOT, 'server', 'data', 'evidence', SOURCE + '.jsonl');
const recs = [];

const files = git(repo, ['ls-tree', '-r', '--name-only', commit, 'torch_geometric/nn', 'torch_geometric/explain/algorithm']).split('\n')
  .filter((f) => /\.py$/.test(f) && !/\/_|__init__|test/.test(f)).sort();

for (const f of files) {
  const src = git(repo, ['show', `${commit}:${f}`]);
  const label = f.startsWith('torch_geometric/nn/conv/') ? 'PyG layer' : f.startsWith('torch_geometric/nn/models/') ? 'PyG model'
    : f.startsWith('torch_geometric/explain/') ? 'PyG explainer' : 'PyG module';
  const codeUrl = `https://github.com/${REPO}/blob/master/${f}`;
  const classRe = /^class\s+(\w+)\s*(?:\([^)]*\))?\s*:\s*\n\s*[rRuU]?("""|''')([\s\S]*?)\2/gm;
  for (const cm of src.matchAll(classRe)) {
    const cls = cm[1];
    const doc = cm[3];
    const docOffset = cm.index + cm[0].indexOf(cm[2]) + cm[2].length;
    const firstPara = doc.split(/\n\s*\n/)[0];
    const citeRe = /`\s*"([^"`]+?)"\s*<([^>\s]+)>\s*`__?/g;
    let first = true;
    for (const m of doc.matchAll(citeRe)) {
      const title = cleanTitle(m[1].replace(/\s+/g, ' '));
      const link = m[2];
      const line = src.slice(0, docOffset + m.index).split('\n').length;
      const r = { source: SOURCE, ref: `${REPO}@${commit}:${f}#L${line}`, licence: LICENCE, areaHint: 'graph learning' };
      if (title) r.title = title;
      const ax = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?\/?$/.exec(link);
      if (ax) r.arxiv = ax[1];
      else if (/^https?:\/\//.test(link)) r.url = link;
      if (!r.title && !r.arxiv) continue;
      const inFirst = m.index < firstPara.length;
      if (first && inFirst) {
        const lead = firstPara.slice(0, m.index).replace(/\s+/g, ' ');
        if (/\b(from|introduced (?:in|by)|described in|proposed in|based on|of) (?:the )?(?:paper )?$/i.test(lead)) {
          r.code = [{ url: codeUrl, kind: 'library', library: 'PyG', framework: 'PyTorch', label }];
          const nn = (NICK[cls] || []).filter((n) => (cls + ' ' + doc).toLowerCase().includes(n.toLowerCase()));
          if (nn.length) r.nicknames = nn;
        }
      }
      first = false;
      recs.push(r);
    }
  }
}
// README: no paper list with links at this commit beyond what the docstrings state.

writeJsonl(out, recs);
selfCheck(SOURCE, recs);
