#!/usr/bin/env node
// Importer: OpenMMLab method READMEs -> server/data/evidence/openmmlab.jsonl (issue 17, source row 2).
//
// Reads bare git snapshots (brought by the `fetch` tool) of:
//   open-mmlab/{mmpretrain, mmaction2, mmpose, mmagic, mmdetection3d, mmocr, mmrotate, mmyolo,
//   mmselfsup, mmrazor, mmflow, mmtracking, mmfewshot} and, for mmdetection / mmsegmentation (too big to
//   fetch), the forks VBTI-development/onedl-mmdetection and VBTI-development/onedl-mmsegmentation.
// Files read (at the snapshot's HEAD commit, written into every line's `ref`):
//   configs/**/README.md      - title line, paper link line "> [Title](url)", the BibTeX in the Citation
//                               section(s) (the authors' own BibTeX: title, author, booktitle/journal,
//                               year, pages, doi, eprint)
//   configs/**/metafile.yml   - Paper: Title / URL (used for the main paper's link when the README has none)
//   mmpose configs/**/*.md    - per-dataset result pages: <!-- [ALGORITHM|BACKBONE|DATASET] --> blocks with
//                               <summary><a href="url">Name (Venue'Year)</a></summary> + BibTeX
// Fields written: title, authors (+authorsComplete), year, venue, venueKind, arxiv, doi, url, pages,
//   nicknames (README title of the method folder, curated deny list below), code (the config folder as a
//   library implementation), areaHint (by repository).
// Licence: Apache-2.0 for all repositories read except open-mmlab/mmyolo (GPL-3.0); the licence is read
//   from each snapshot's LICENSE file. Only facts are taken (no abstracts, no prose).
//
// Usage: node scripts/sources/openmmlab.mjs --repos DIR1,DIR2,... [--out FILE]
//   DIR is a bare git dir such as /work/.mirror/open-mmlab+mmpretrain/repo (owner/name is taken from the
//   "owner+name" path component, or give it explicitly as owner/name=DIR). Deterministic output.

import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const SOURCE = 'openmmlab';

// ---------------------------------------------------------------- arguments
const args = process.argv.slice(2);
function arg(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const reposArg = arg('--repos') || process.env.OPENMMLAB_REPOS;
if (!reposArg) {
  console.error('usage: node scripts/sources/openmmlab.mjs --repos DIR1,DIR2,... [--out FILE]');
  process.exit(2);
}
const here = path.dirname(new URL(import.meta.url).pathname);
const OUT = arg('--out') || path.resolve(here, '../../server/data/evidence/openmmlab.jsonl');

// ---------------------------------------------------------------- per-repository facts
// For the two forks: the upstream open-mmlab repository, the last upstream commit in the fork's
// history (authored upstream, upstream PR numbers), and the config folders confirmed to exist upstream
// (present at that upstream commit AND listed for open-mmlab/<repo> by the file index, looked up
// 2026-12 with find_files). Folders not in the list get no code link (the fork path stays in `ref`).
const FORKS = {
  'VBTI-development/onedl-mmdetection': { upstream: 'mmdetection', upstreamCommit: 'cfd5d3a985b0249de009b67d04f37263e11cdf3d' },
  'VBTI-development/onedl-mmsegmentation': { upstream: 'mmsegmentation', upstreamCommit: 'b040e147adfa027bbc071b624bedf0ae84dfc922' },
};
// Folders listed for open-mmlab/<repo> by the file index (find_files, 2026-12: one listing of configs/*.md
// and one path look-up per remaining folder). A fork folder gets an upstream code link only when it is
// in this list AND present at the fork's last upstream commit (checked at run time with git ls-tree).
const UPSTREAM_INDEXED = {
  mmdetection: `albu_example atss autoassign boxinst bytetrack carafe cascade_rcnn cascade_rpn centernet centripetalnet
    cityscapes condinst conditional_detr convnext cornernet crowddet dab_detr dcn dcnv2 ddod ddq deepfashion deepsort
    deformable_detr detectors detr dino double_heads dsdl dyhead dynamic_rcnn efficientnet empirical_attention fast_rcnn
    faster_rcnn fcos foveabox fpg free_anchor fsaf gcnet gfl ghm glip gn+ws gn grid_rcnn groie grounding_dino
    guided_anchoring hrnet htc instaboost lad ld legacy_1.x libra_rcnn lvis mask2former mask2former_vis mask_rcnn
    maskformer masktrack_rcnn mm_grounding_dino ms_rcnn nas_fcos nas_fpn objects365 ocsort openimages paa pafpn
    panoptic_fpn pisa point_rend pvt qdtrack queryinst regnet reppoints res2net resnest resnet_strikes_back retinanet
    rpn rtmdet sabl scnet scratch seesaw_loss simple_copy_paste soft_teacher solo solov2 sort sparse_rcnn ssd
    strongsort swin tood tridentnet vfnet yolact yolo yolof yolox`,
  mmsegmentation: `ann apcnet beit bisenetv1 bisenetv2 ccnet cgnet convnext danet ddrnet deeplabv3 deeplabv3plus dmnet
    dnlnet dpt dsdl emanet encnet erfnet fastfcn fastscnn fcn gcnet hrnet icnet isanet knet mae mask2former maskformer
    mobilenet_v2 mobilenet_v3 nonlocal_net ocrnet pidnet point_rend poolformer psanet pspnet resnest san segformer
    segmenter segnext sem_fpn setr stdc swin twins unet upernet vit vpd`,
};

const AREA = {
  mmpretrain: 'vision', mmaction2: 'video understanding', mmpose: 'pose estimation', mmagic: 'generative models',
  mmdetection3d: '3D perception', mmocr: 'OCR', mmrotate: 'object detection', mmyolo: 'object detection',
  mmselfsup: 'self-supervised learning', mmrazor: 'efficiency', mmflow: 'optical flow', mmtracking: 'tracking',
  mmfewshot: 'few-shot learning', mmdetection: 'object detection', mmsegmentation: 'segmentation',
};

// README titles that do not name the cited paper's own method (a dataset page, a derived config set,
// a component, a topic or another paper's name): no nickname from them. Keyed by lower-case title.
const NICK_DENY = new Set([
  'albu example', 'scratch', 'rpn', 'semantic fpn', 'empirical attention', 'gn + ws', 'dynamic voxelization',
  'kd', 'overhaul', 'resnet for audio', 'freeanchor for 3d object detection', 'rotated retinanet',
  'rotated fcos', 'rotated faster r-cnn', 'rotated atss', 'rotated reppoints', 'timm example', 'strong baselines',
  'legacy configs in mmdetection v1.x', 'mixed precision training', 'cityscapes', 'pascal voc', 'lvis',
  'wider face', 'deepfashion', 'objects365 dataset', 'open images dataset', 'controlnet animation',
  'diffusers pipeline', 'disco diffusion', 'post-training quantization (ptq)',
  'quantization-aware-training (qat)', 'group_fisher pruning', 'l1-norm pruning', 'mask2former for video instance segmentation',
  'video instance segmentation', 'cspnext imagenet pre-training', 'training a reid model',
  'iconvsr', 'positional encoding in gans', 'global&local', 'instance-aware image colorization', 'common',
  'backbones trained by self-supervise algorithms', 'relative location', 'rotation prediction', 'c2d',
  'coco', 'slowonly', 'rgbposeconv3d', 'resnetv1d', 'softwingloss', 'pafpn', 'second', 'baseline', 'baseline++',
]);
// README titles whose spelling we keep but which belong to another folder's paper: map folder -> false
// (checked by path, e.g. mmrazor's "KD" folder cites DIST). Paths whose README title is not the name
// of the paper cited as main.
const NICK_DENY_PATH = new Set([
  'open-mmlab/mmrazor:configs/distill/mmcls/dist/README.md',
]);

// Config folders that are not an implementation of the paper they cite (a dataset, an example, an
// application, a method re-targeted to another task): no code link.
const CODE_DENY = new Set([
  ...['cityscapes', 'pascal_voc', 'lvis', 'wider_face', 'deepfashion', 'objects365', 'openimages', 'v3det', 'albu_example',
    'timm_example', 'legacy_1.x', 'strong_baselines', 'selfsup_pretrain', 'common', 'dsdl', 'reid'].map((f) => 'mmdetection:configs/' + f),
  'mmsegmentation:configs/dsdl',
  'mmagic:configs/controlnet_animation', 'mmagic:configs/diffusers_pipeline', 'mmagic:configs/disco_diffusion',
  ...['rotated_retinanet', 'rotated_fcos', 'rotated_faster_rcnn', 'rotated_atss', 'rotated_reppoints'].map((f) => 'mmrotate:configs/' + f),
  'mmdetection3d:configs/free_anchor',
]);

// BibTeX author fields garbled in the source ("Amjad, RanaAli", "Baalen, Martvan"): authors left out.
const AUTHORS_DENY = new Set([
  'open-mmlab/mmrazor:configs/quantization/ptq/base/README.md',
  'open-mmlab/mmrazor:configs/quantization/qat/base/README.md',
]);

// ---------------------------------------------------------------- git helpers
function git(dir, ...a) {
  return execFileSync('git', ['--git-dir=' + dir, ...a], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
}

// ---------------------------------------------------------------- TeX -> Unicode
const ACCENTS = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  'u': '\u0306', 'v': '\u030C', 'H': '\u030B', 'c': '\u0327', 'k': '\u0328', 'r': '\u030A', 'd': '\u0323',
};
const SPECIAL = { ss: 'ß', o: 'ø', O: 'Ø', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ' };
function texToUnicode(s) {
  let t = s;
  // accent commands: \"{o}, {\"o}, \"o, \'{\i}, \c{c}, \v s
  for (let k = 0; k < 3; k++) {
    t = t.replace(/\\([\"'`^~=.])\s*\{\s*\\?([A-Za-z])\s*\}/g, (m, a, c) => (c === 'i' && m.includes('\\i') ? 'i' : c) + ACCENTS[a]);
    t = t.replace(/\\([\"'`^~=.])\s*\\?([A-Za-z])/g, (m, a, c) => c + ACCENTS[a]);
    t = t.replace(/\\([uvHckrd])\s*\{\s*\\?([A-Za-z])\s*\}/g, (m, a, c) => c + ACCENTS[a]);
    t = t.replace(/\\([uvHckrd])\s+([A-Za-z])/g, (m, a, c) => c + ACCENTS[a]);
    t = t.replace(/\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s*/g, (m, c) => SPECIAL[c]);
  }
  t = t.replace(/\\&/g, '&').replace(/\\%/g, '%').replace(/\\_/g, '_').replace(/\\#/g, '#').replace(/\\\$/g, '$');
  t = t.replace(/~/g, ' ');
  return t.normalize('NFC');
}
// remove markup: \textit{x} -> x, $x$ -> x, braces, whitespace; returns null when TeX is left that we cannot read
function cleanTex(s, { title = false } = {}) {
  if (s == null) return null;
  let t = texToUnicode(s.replace(/&amp;/g, '\\&'));
  t = t.replace(/\\(?:textit|textbf|emph|textsc|textrm|texttt|mathrm|mathbf|mathcal|text|bf|it|em|rm|sc)\s*(?=\{)/g, '');
  t = t.replace(/\\(?:textit|textbf|emph|bf|it|em|rm|sc)\s+/g, '');
  if (title) t = t.replace(/---/g, '—').replace(/--/g, '–');
  t = t.replace(/\$([^$]*)\$/g, '$1');
  t = t.replace(/[{}]/g, '');
  t = t.replace(/\s+/g, ' ').trim();
  if (/\\[A-Za-z]/.test(t) || t.includes('\\')) return null;
  return t;
}
const DEBUG = process.env.OPENMMLAB_DEBUG === '1';

// ---------------------------------------------------------------- BibTeX parser
// Returns [{type, key, fields: {name: raw}, offset}] for every entry in text.
function parseBibtex(text) {
  const out = [];
  const re = /@([A-Za-z]+)\s*[{(]\s*([^,\s]*)\s*,/g;
  let m;
  while ((m = re.exec(text))) {
    const type = m[1].toLowerCase();
    if (type === 'comment' || type === 'string' || type === 'preamble') continue;
    let i = re.lastIndex;
    const fields = {};
    let ok = true;
    for (;;) {
      while (i < text.length && /[\s,]/.test(text[i])) i++;
      if (i >= text.length) { ok = false; break; }
      if (text[i] === '}' || text[i] === ')') { i++; break; }
      const nm = /^([A-Za-z][\w-]*)\s*=\s*/.exec(text.slice(i));
      if (!nm) { ok = false; break; }
      i += nm[0].length;
      let val = '';
      if (text[i] === '{') {
        let depth = 0, j = i;
        for (; j < text.length; j++) {
          if (text[j] === '\\') { j++; continue; }
          if (text[j] === '{') depth++;
          else if (text[j] === '}') { depth--; if (depth === 0) break; }
        }
        if (j >= text.length) { ok = false; break; }
        val = text.slice(i + 1, j);
        i = j + 1;
      } else if (text[i] === '"') {
        let depth = 0, j = i + 1;
        for (; j < text.length; j++) {
          if (text[j] === '\\') { j++; continue; }
          if (text[j] === '{') depth++;
          else if (text[j] === '}') depth--;
          else if (text[j] === '"' && depth === 0) break;
        }
        if (j >= text.length) { ok = false; break; }
        val = text.slice(i + 1, j);
        i = j + 1;
      } else {
        const bm = /^[^,}\n]*/.exec(text.slice(i));
        val = bm[0].trim();
        i += bm[0].length;
      }
      const key = nm[1].toLowerCase();
      if (!(key in fields)) fields[key] = val;
    }
    if (ok) out.push({ type, key: m[2], fields, offset: m.index });
    re.lastIndex = Math.max(i, re.lastIndex);
  }
  return out;
}

// split "a and b and c" at brace depth 0
function splitAnd(s) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /\s/.test(c)) {
      const m = /^\s+and\s+/i.exec(s.slice(i));
      if (m) { parts.push(s.slice(start, i)); i += m[0].length - 1; start = i + 1; }
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}
function splitTop(s, ch) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (depth === 0 && s[i] === ch) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim());
}
function splitWords(s) {
  const w = [];
  let depth = 0, cur = '';
  for (const c of s) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (depth === 0 && /\s/.test(c)) { if (cur) w.push(cur); cur = ''; } else cur += c;
  }
  if (cur) w.push(cur);
  return w;
}
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'ter', 'dos', 'das', 'do']);
// returns {authors, complete} or {error}
function parseAuthors(raw) {
  let s = raw.replace(/\s+/g, ' ').trim();
  let complete = true;
  if (/\bet\s+al\.?/i.test(s)) return { error: 'et al in author field' };
  let names = splitAnd(s.replace(/,\s*$/, '').replace(/,and\s/g, ', and '));
  // "First Last, First Last, First Last" (no "and"): a comma list when every part has two or more words
  names = names.flatMap((n) => {
    const parts = splitTop(n, ',').map((p) => p.replace(/^and\s+/, '').trim()).filter(Boolean);
    if (parts.length >= 3 && parts.every((p) => splitWords(p).length >= 2)) return parts;
    return [n];
  });
  const authors = [];
  for (const n of names) {
    if (/^others$/i.test(n)) { complete = false; continue; }
    // a whole-name brace group: an organisation or a name the authors chose not to split
    if (/^\{[^{}]*\}$/.test(n) && !/,/.test(n)) {
      const lit = cleanTex(n);
      if (!lit) return { error: 'tex in name ' + n };
      if (!/\s/.test(lit)) return { error: 'single-word braced name ' + n };
      authors.push({ literal: lit });
      continue;
    }
    const commaParts = splitTop(n, ',');
    let family, given;
    if (commaParts.length === 2) {
      family = cleanTex(commaParts[0]);
      given = cleanTex(commaParts[1]);
    } else if (commaParts.length === 3) { // Last, Jr, First
      family = cleanTex(commaParts[0] + ' ' + commaParts[1]);
      given = cleanTex(commaParts[2]);
    } else if (commaParts.length === 1) {
      const words = splitWords(n);
      if (words.length < 2) return { error: 'single-token name ' + n };
      // family = last word plus lower-case particles before it
      let k = words.length - 1;
      while (k - 1 > 0 && PARTICLES.has(words[k - 1].replace(/[{}]/g, ''))) k--;
      family = cleanTex(words.slice(k).join(' '));
      given = cleanTex(words.slice(0, k).join(' '));
    } else return { error: 'too many commas ' + n };
    if (!family) return { error: 'empty or TeX family ' + n };
    if (commaParts.length > 1 && !given) return { error: 'empty given ' + n };
    // equal-contribution / affiliation marks after a name
    family = family.replace(/[*†‡]+$/u, '').trim();
    if (given) given = given.replace(/[*†‡]+$/u, '').trim();
    if (/[\\{}$*†‡]/u.test(family + (given || ''))) return { error: 'markup left ' + n };
    if (/^[A-Z]\.?$/.test(family)) return { error: 'initial as family ' + n };
    // names garbled in the source: "DosoViTskiy" (a global replace), "StevenK." (a missing space)
    if ((family.match(/\p{Ll}\p{Lu}/gu) || []).length >= 2) return { error: 'garbled family ' + n };
    if (given && /\p{Ll}\p{Lu}\.$/u.test(given)) return { error: 'garbled given ' + n };
    const a = { family };
    if (given) a.given = given;
    authors.push(a);
  }
  if (!authors.length) return { error: 'no authors' };
  return { authors, complete };
}

// ---------------------------------------------------------------- arXiv ids
const ARXIV_NEW = /(\d{4}\.\d{4,5})(?:v\d+)?/;
const ARXIV_OLD = /([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?/;
function arxivFromUrl(u) {
  if (!u) return null;
  const m = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?\/?(?:[?#].*)?$/.exec(u.trim());
  return m ? m[1] : null;
}
function arxivValid(id) {
  const m = /^(\d{2})(\d{2})\.(\d{4,5})$/.exec(id);
  if (!m) return /^[a-z-]+(?:\.[A-Z]{2})?\/\d{7}$/.test(id);
  const yy = +m[1], mm = +m[2];
  if (mm < 1 || mm > 12 || yy < 7) return false;
  if (m[3].length === 5 && (yy < 15)) return false;
  if (m[3].length === 4 && (yy >= 15)) return false;
  return true;
}
// arXiv id that the BibTeX entry itself states; {id} or {conflict} or {}
function arxivFromBib(f) {
  const found = new Set();
  for (const k of ['journal', 'booktitle', 'note', 'howpublished', 'volume', 'number']) {
    const v = f[k];
    if (!v) continue;
    const m = /ar[xX]iv\s*[:.]?\s*(?:preprint\s*)?(?:ar[xX]iv\s*:?\s*)?(?:abs\/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i.exec(v);
    if (m) found.add(m[1]);
    else if (/^abs\/(\d{4}\.\d{4,5})$/.test(v.trim())) found.add(v.trim().slice(4)); // CoRR volume={abs/xxxx}
  }
  if (f.eprint) {
    const e = f.eprint.trim().replace(/^arxiv:/i, '');
    if (/^\d{4}\.\d{4,5}(v\d+)?$/.test(e) || /^[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?$/.test(e)) found.add(e.replace(/v\d+$/, ''));
  }
  for (const k of ['url', 'pdf']) {
    const id = arxivFromUrl(f[k]);
    if (id) found.add(id);
  }
  const ids = [...found].filter(arxivValid);
  if (ids.length > 1) return { conflict: ids };
  return ids.length ? { id: ids[0] } : {};
}

// ---------------------------------------------------------------- titles
function normTitle(t) {
  return (t || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}
function words(t) {
  return normTitle(t).split(' ').filter(Boolean).map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
}
// share of words in common (stemmed plural s), over the longer title
function titleSim(a, b) {
  const A = new Set(words(a)), B = new Set(words(b));
  if (!A.size || !B.size) return 0;
  let n = 0;
  for (const w of A) if (B.has(w)) n++;
  return n / Math.max(A.size, B.size);
}
function titleMatch(a, b, minSim = 0.85) {
  const x = normTitle(a), y = normTitle(b);
  if (!x || !y) return false;
  if (x === y || x.replace(/ /g, '') === y.replace(/ /g, '')) return true;
  // "Name: Subtitle" vs "Subtitle" (the link text sometimes drops or adds the method prefix)
  const sub = (t) => normTitle(String(t).replace(/^[^:]{1,40}:\s*/, ''));
  if ((sub(a) === y && sub(a).length > 15) || (sub(b) === x && sub(b).length > 15)) return true;
  return titleSim(a, b) >= minSim;
}
// index of the entry that best matches a link title (>= 0.75 word overlap), or -1
function bestMatch(entries, t) {
  let best = -1, bs = 0;
  entries.forEach((e, i) => {
    const et = cleanTex(e.fields.title, { title: true });
    if (!et) return;
    const sc = titleMatch(et, t) ? 1 + titleSim(et, t) : titleSim(et, t);
    if (sc > bs) { bs = sc; best = i; }
  });
  return bs >= 0.75 ? best : -1;
}

// ---------------------------------------------------------------- venue
function venueOf(e) {
  const f = e.fields;
  const j = f.journal != null ? cleanTex(f.journal) : null;
  const b = f.booktitle != null ? cleanTex(f.booktitle) : null;
  const isArxivText = (s) => s && /\barxiv\b|^corr$|\bcorr\b/i.test(s);
  if (b && !isArxivText(b)) return { venue: b, venueKind: /workshop/i.test(b) ? 'workshop' : 'conference' };
  if (j && !isArxivText(j)) return { venue: j, venueKind: /workshop/i.test(j) ? 'workshop' : /conference|proceedings|symposium/i.test(j) ? 'conference' : 'journal' };
  if (isArxivText(j) || isArxivText(b)) return { venue: /^corr$/i.test(j || '') ? 'CoRR' : 'arXiv', venueKind: 'preprint' };
  if ((f.archiveprefix && /arxiv/i.test(f.archiveprefix)) || (f.publisher && /^arxiv$/i.test(cleanTex(f.publisher) || ''))) return { venue: 'arXiv', venueKind: 'preprint' };
  return {};
}

// ---------------------------------------------------------------- markdown helpers
function lineOf(text, offset) {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
// code fences holding BibTeX: [{start, body}]
function bibFences(text) {
  const out = [];
  const re = /^```[^\n]*\n([\s\S]*?)^```/gm;
  let m;
  while ((m = re.exec(text))) {
    if (/@[A-Za-z]+\s*[{(]/.test(m[1])) out.push({ start: m.index + m[0].indexOf('\n') + 1, body: m[1] });
  }
  return out;
}
function readmeHeader(text) {
  const lines = text.split('\n');
  let title = null, link = null;
  for (let i = 0; i < Math.min(lines.length, 12); i++) {
    const l = lines[i].trim();
    if (!title && /^#\s+/.test(l)) { title = l.replace(/^#\s+/, ''); continue; }
    if (title && !link) {
      const m = /^>?\s*\[([^\]]+)\]\(([^)\s]+)\)\s*(?:\(.*\))?\s*$/.exec(l);
      if (m) { link = { title: m[1].trim(), url: m[2].trim() }; break; }
      if (/^##\s/.test(l)) break;
    }
  }
  return { title, link };
}
// the README title as a method name: strip "(Venue'Year)", html; null when it is not a short name
function nicknameFrom(title) {
  if (!title) return null;
  let t = title.replace(/<[^>]*>/g, ' ').replace(/\((?:[A-Za-z]+'?\s*)?'?\d{4}\)\s*$/, '').replace(/\s+/g, ' ').trim();
  t = t.replace(/\s*\(\s*[A-Za-z]*'?\d{4}\s*\)$/, '').trim();
  if (!t || t.length > 32) return null;
  if (t.split(' ').length > 4) return null;
  if (/:/.test(t)) return null;
  return t;
}
function metafilePapers(dir, commit, mdPath) {
  let y = null;
  for (const ext of ['yml', 'yaml']) {
    try { y = git(dir, 'show', `${commit}:${mdPath.replace(/README\.md$/, 'metafile.' + ext)}`); break; } catch { /* next */ }
  }
  if (y == null) return [];
  const out = [];
  const lines = y.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*Paper:\s*$/.test(lines[i])) {
      const ind = lines[i].search(/\S/);
      const o = {};
      for (let j = i + 1; j < lines.length; j++) {
        const ind2 = lines[j].search(/\S/);
        if (ind2 <= ind) break;
        const m = /^\s*(URL|Title):\s*(.*)$/.exec(lines[j]);
        if (m) o[m[1].toLowerCase()] = m[2].trim().replace(/^["']|["']$/g, '');
      }
      if (o.title || o.url) out.push(o);
    }
  }
  return out;
}

// ---------------------------------------------------------------- main
const records = [];
const doubts = [];
const repoCommits = [];

for (const spec of reposArg.split(',').map((s) => s.trim()).filter(Boolean)) {
  let name, dir;
  if (spec.includes('=')) [name, dir] = spec.split('=');
  else {
    dir = spec;
    const comp = dir.split('/').find((c) => c.includes('+'));
    name = comp ? comp.replace('+', '/') : null;
  }
  if (!name) { console.error('cannot tell owner/name of ' + spec); process.exit(2); }
  const commit = git(dir, 'rev-parse', 'HEAD').trim();
  const branch = (() => { try { return git(dir, 'symbolic-ref', '--short', 'HEAD').trim(); } catch { return 'main'; } })();
  const repoShort = name.split('/')[1];
  const fork = FORKS[name];
  const library = fork ? fork.upstream : repoShort;
  let licence = null;
  try {
    const lic = git(dir, 'show', `${commit}:LICENSE`);
    if (/Apache License/.test(lic) && /Version 2\.0/.test(lic)) licence = 'Apache-2.0';
    else if (/GNU GENERAL PUBLIC LICENSE/.test(lic) && /Version 3/.test(lic)) licence = 'GPL-3.0';
  } catch { /* none */ }
  repoCommits.push({ repo: name, commit, branch, licence });
  const upstreamFolders = new Set();
  if (fork) {
    const indexed = new Set(UPSTREAM_INDEXED[fork.upstream].split(/\s+/).filter(Boolean).map((f) => 'configs/' + f));
    for (const f of git(dir, 'ls-tree', '-r', '--name-only', fork.upstreamCommit).split('\n')) {
      const m = /^(configs\/[^/]+)\/README\.md$/.exec(f);
      if (m && indexed.has(m[1])) upstreamFolders.add(m[1]);
    }
  }

  const files = git(dir, 'ls-tree', '-r', '--name-only', commit).split('\n')
    .filter((f) => /^configs\/.*\.md$/.test(f) && !/zh[-_]CN/i.test(f))
    .filter((f) => /\/README\.md$/.test(f) || repoShort === 'mmpose')
    .sort();

  for (const file of files) {
    const text = git(dir, 'show', `${commit}:${file}`);
    const isReadme = /\/README\.md$/.test(file);
    const head = isReadme ? readmeHeader(text) : { title: null, link: null };
    const fences = bibFences(text);
    const entries = [];
    for (const fc of fences) {
      for (const e of parseBibtex(fc.body)) {
        const off = fc.start + e.offset;
        // context: the nearest <!-- [KIND] --> marker and <summary><a href=..>Name</a></summary> before the fence
        const before = text.slice(0, fc.start);
        const km = [...before.matchAll(/<!--\s*\[([A-Z]+)\]\s*-->/g)].pop();
        const kindPos = km ? km.index : -1;
        const sm = [...before.matchAll(/<summary[^>]*>\s*<a href="([^"]+)"\s*>([^<]+)<\/a>\s*<\/summary>/g)].pop();
        const summary = sm && sm.index > kindPos ? { url: sm[1].trim(), name: sm[2].trim() } : null;
        const f = e.fields;
        const linkish = `${f.url || ''} ${f.howpublished || ''} ${f.publisher || ''}`;
        if (e.type === 'software' || (e.type === 'misc' && /github\.com|zenodo/i.test(linkish) && !arxivFromBib(f).id)) {
          doubts.push(`software citation left out ("${cleanTex(f.title || '')}"): ${name}:${file}#L${lineOf(text, off)}`);
          continue;
        }
        entries.push({ ...e, line: lineOf(text, off), kind: km ? km[1] : null, summary });
      }
    }
    if (!entries.length) continue;
    // which entry is this README's own (main) paper
    let mainIdx = -1;
    let mainUrl = null;
    const metas = isReadme ? metafilePapers(dir, commit, file) : [];
    if (isReadme) {
      if (head.link) mainIdx = bestMatch(entries, head.link.title);
      if (mainIdx < 0) for (const mp of metas) {
        if (!mp.title) continue;
        mainIdx = bestMatch(entries, mp.title);
        if (mainIdx >= 0) break;
      }
      if (mainIdx < 0 && head.title) mainIdx = bestMatch(entries, head.title.replace(/<[^>]*>/g, ' '));
      if (mainIdx < 0 && (!head.link || /github\.com/.test(head.link.url)) && entries[0].kind !== 'DATASET') {
        mainIdx = 0; // no paper link (or a link to code): the README's first citation is its paper
      }
      if (mainIdx < 0) doubts.push(`no main paper matched: ${name}:${file} (link: ${head.link ? head.link.title : '-'})`);
      if (mainIdx >= 0) {
        const mt = cleanTex(entries[mainIdx].fields.title, { title: true });
        if (head.link && titleMatch(mt, head.link.title, 0.75)) mainUrl = head.link.url;
        else {
          const mp = metas.find((x) => x.url && titleMatch(mt, x.title, 0.75));
          if (mp) mainUrl = mp.url;
        }
      }
    }
    entries.forEach((e, idx) => {
      const f = e.fields;
      const where = `${name}:${file}#L${e.line}`;
      const title = cleanTex(f.title, { title: true });
      if (!title) { doubts.push(`title not readable, left out: ${where}`); return; }
      const rec = {
        source: SOURCE,
        ref: `${name}@${commit}:${file}#L${e.line}`,
      };
      if (licence) rec.licence = licence;
      rec.title = title.replace(/\.$/, '');
      if (f.author && AUTHORS_DENY.has(`${name}:${file}`)) doubts.push(`authors left out (garbled in the source: ${f.author.slice(0, 80)}…): ${where}`);
      else if (f.author) {
        const pa = parseAuthors(f.author);
        if (pa.error) doubts.push(`authors left out (${pa.error}): ${where}`);
        else { rec.authors = pa.authors; rec.authorsComplete = pa.complete; }
      }
      if (f.year && /^\s*\{?\d{4}\}?\s*$/.test(f.year)) rec.year = +f.year.replace(/[^\d]/g, '');
      const v = venueOf(e);
      if (v.venue) { rec.venue = v.venue; rec.venueKind = v.venueKind; }
      // arXiv: BibTeX first, then the paper link of this README (main paper) or of its <summary>
      const ab = arxivFromBib(f);
      const linkUrl = idx === mainIdx ? mainUrl : (e.summary ? e.summary.url : null);
      const linkId = arxivFromUrl(linkUrl);
      const linkIdOk = linkId && arxivValid(linkId) ? linkId : null;
      if (ab.conflict) doubts.push(`BibTeX states several arXiv ids ${ab.conflict.join(' ')}, left out: ${where}`);
      else if (ab.id && linkIdOk && ab.id !== linkIdOk) doubts.push(`arXiv in BibTeX ${ab.id} != paper link ${linkIdOk}, left out: ${where}`);
      else if (ab.id || linkIdOk) { rec.arxiv = ab.id || linkIdOk; rec._arxivFrom = ab.id ? 'bibtex' : 'link'; }
      if (f.doi) {
        const d = f.doi.trim().replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').toLowerCase();
        if (/^10\.\d{4,9}\/\S+$/.test(d)) rec.doi = d;
      }
      if (linkUrl && /^https?:\/\/[^\s<>%\[\]]+$/.test(linkUrl)) rec.url = linkUrl;
      else if (f.url && /^https?:\/\/[^\s<>\[\]{}]+$/.test(f.url.trim())) rec.url = f.url.trim();
      if (f.pages) {
        const p = cleanTex(f.pages.replace(/\s*-+\s*/g, '-'));
        if (p && /^[A-Za-z]?\d+(-[A-Za-z]?\d+)?$/.test(p)) rec.pages = p;
      }
      // nickname and code: the README's main paper only
      const nicks = [];
      if (idx === mainIdx && isReadme && !NICK_DENY_PATH.has(`${name}:${file}`)) {
        let nk = nicknameFrom(head.title);
        // a README titled with the paper title "Name: subtitle": the name before the colon
        const ht = (head.title || '').replace(/<[^>]*>/g, ' ').replace(/\(\s*[A-Za-z]*'?\d{4}\s*\)\s*$/, '').trim();
        if (!nk && /^[^:]{2,24}:\s/.test(ht) && titleMatch(ht, rec.title)) {
          const pre = ht.split(':')[0].trim();
          if (pre.split(/\s+/).length <= 3) nk = pre;
        }
        if (nk && !NICK_DENY.has(nk.toLowerCase()) && normTitle(nk) !== normTitle(rec.title)) nicks.push(nk);
      }
      if (!isReadme && e.summary && (e.kind === 'ALGORITHM' || e.kind === 'BACKBONE')) {
        const nk = nicknameFrom(e.summary.name);
        if (nk && !NICK_DENY.has(nk.toLowerCase()) && normTitle(nk) !== normTitle(rec.title)) nicks.push(nk);
      }
      if (nicks.length) rec.nicknames = nicks;
      if (idx === mainIdx && isReadme) {
        const folder = file.replace(/\/README\.md$/, '');
        let codeUrl = null;
        if (!fork) codeUrl = `https://github.com/open-mmlab/${repoShort}/tree/${branch}/${folder}`;
        else if (upstreamFolders.has(folder)) codeUrl = `https://github.com/open-mmlab/${fork.upstream}/tree/main/${folder}`;
        if (CODE_DENY.has(`${library}:${folder}`)) codeUrl = null;
        if (codeUrl) rec.code = [{ url: codeUrl, kind: 'library', library, framework: 'PyTorch', label: `OpenMMLab ${library} configs` }];
      }
      rec.areaHint = AREA[library] || undefined;
      rec._main = idx === mainIdx;
      rec._repo = name;
      rec._file = file;
      records.push(rec);
    });
  }
}

// ---------------------------------------------------------------- checks across records
// 1. one arXiv id must name one paper: when titles disagree, drop the ids that came from a link
const byArxiv = new Map();
for (const r of records) if (r.arxiv) (byArxiv.get(r.arxiv) || byArxiv.set(r.arxiv, []).get(r.arxiv)).push(r);
for (const [id, rs] of byArxiv) {
  const titles = new Set(rs.map((r) => normTitle(r.title)));
  if (titles.size < 2) continue;
  // titles that are the same paper spelled two ways are fine
  const ts = [...titles];
  const allMatch = ts.every((t) => ts.every((u) => titleMatch(t, u)));
  if (allMatch) continue;
  const fromBib = rs.filter((r) => r._arxivFrom === 'bibtex');
  const bibTitles = fromBib.map((r) => r.title);
  const bibAgree = bibTitles.length > 0 && bibTitles.every((t) => titleMatch(t, bibTitles[0]));
  // a title that elsewhere carries another arXiv id (not itself in conflict) is the one misattributed
  const otherId = (t) => records.some((o) => o.arxiv && o.arxiv !== id && titleMatch(o.title, t));
  const claimants = rs.filter((r) => !otherId(r.title));
  const claimAgree = claimants.length > 0 && claimants.every((r) => titleMatch(r.title, claimants[0].title));
  for (const r of rs) {
    let keep;
    if (bibTitles.length) keep = bibAgree && titleMatch(r.title, bibTitles[0]);
    else keep = claimAgree && titleMatch(r.title, claimants[0].title);
    if (!keep) { doubts.push(`arXiv ${id} names different titles ("${r.title}" vs others), left out: ${r.ref.replace(/@[0-9a-f]{40}/, '')}`); delete r.arxiv; }
  }
}
// 2. arXiv posting year vs stated year: an id posted two or more years after the stated year is suspect
for (const r of records) {
  if (!r.arxiv || !r.year) continue;
  const m = /^(\d{2})\d{2}\./.exec(r.arxiv);
  if (!m) continue;
  const ay = 2000 + +m[1];
  if (ay - r.year >= 2 && r._arxivFrom === 'link') { doubts.push(`arXiv ${r.arxiv} posted ${ay}, stated year ${r.year}; id from a link left out: ${r.ref.replace(/@[0-9a-f]{40}/, '')}`); delete r.arxiv; }
  else if (ay - r.year >= 2) doubts.push(`arXiv ${r.arxiv} posted ${ay}, stated year ${r.year} (kept: the BibTeX states it): ${r.ref.replace(/@[0-9a-f]{40}/, '')}`);
  if (r.year - ay >= 3 && r._arxivFrom === 'link') { doubts.push(`arXiv ${r.arxiv} posted ${ay}, stated year ${r.year} (${r.venue}): a later version, id from a link left out: ${r.ref.replace(/@[0-9a-f]{40}/, '')}`); delete r.arxiv; continue; }
  if (r.venueKind === 'preprint' && r.year < ay) { doubts.push(`preprint year ${r.year} before its arXiv id ${r.arxiv}: year left out: ${r.ref.replace(/@[0-9a-f]{40}/, '')}`); delete r.year; continue; }
  if (r.year - ay >= 3 && r.venueKind === 'preprint') doubts.push(`arXiv ${r.arxiv} with stated preprint year ${r.year}: ${r.ref.replace(/@[0-9a-f]{40}/, '')}`);
}

// ---------------------------------------------------------------- dedupe and write
// One line per (paper, README where it is the main paper); other mentions: one line per paper per repository.
const seen = new Set();
const out = [];
const order = (r) => `${r._main ? 0 : 1}|${r._file}|${r.ref}`;
records.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
for (const r of records) {
  const k = r._main ? `main|${r._repo}|${r._file}|${normTitle(r.title)}` : `${r._repo}|${normTitle(r.title)}`;
  const k2 = `${r._repo}|${normTitle(r.title)}`;
  if (seen.has(k) || (!r._main && seen.has(k2))) continue;
  seen.add(k);
  seen.add(k2);
  out.push(r);
}
const FIELD_ORDER = ['source', 'ref', 'licence', 'title', 'authors', 'authorsComplete', 'year', 'venue', 'venueKind', 'arxiv', 'doi', 'url', 'pages', 'nicknames', 'code', 'areaHint'];
const lines = out.map((r) => {
  const o = {};
  for (const k of FIELD_ORDER) if (r[k] !== undefined) o[k] = r[k];
  return o;
});
lines.sort((a, b) => {
  const ka = [a.arxiv || '', a.title.toLowerCase(), a.ref], kb = [b.arxiv || '', b.title.toLowerCase(), b.ref];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
});
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

// ---------------------------------------------------------------- self-check
const withArxiv = lines.filter((l) => l.arxiv);
console.error(`openmmlab: ${lines.length} lines -> ${OUT}`);
for (const rc of repoCommits) console.error(`  read ${rc.repo}@${rc.commit} (${rc.branch}, ${rc.licence || 'licence ?'})`);
console.error(`  with arxiv ${withArxiv.length} (distinct ${new Set(withArxiv.map((l) => l.arxiv)).size}), distinct titles ${new Set(lines.map((l) => normTitle(l.title))).size}`);
console.error(`  with full authors ${lines.filter((l) => l.authorsComplete === true).length}, cut lists ${lines.filter((l) => l.authorsComplete === false).length}, no authors ${lines.filter((l) => !l.authors).length}`);
console.error(`  with code ${lines.filter((l) => l.code).length}, with nicknames ${lines.filter((l) => l.nicknames).length}`);
console.error(`  doubts ${doubts.length}${DEBUG ? '' : ' (OPENMMLAB_DEBUG=1 lists them)'}`);
if (DEBUG) for (const d of [...new Set(doubts)].sort()) console.error('  ? ' + d);
