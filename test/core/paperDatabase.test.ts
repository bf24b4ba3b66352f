// The bundled database: schema, keys, aliases, links between papers, and facts checked against the seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { loadPaperDb } from '../../server/src/core/paperDb';
import type { Paper } from '../../server/src/core/model';
import { contentWords, seedArxivLinks } from '../seedArxiv';

const papers: Paper[] = JSON.parse(readFileSync('server/data/papers.json', 'utf8'));
const schema = JSON.parse(readFileSync('server/data/papers.schema.json', 'utf8'));
const { db, problems } = loadPaperDb(papers);

// Google Scholar's key rule, restated here independently of scripts/build-db.mjs.
const stop = new Set('a an the on of in for to with and by at from is are was were be been via how what why when where which who do does did as into or can we our it its this that these those'.split(' '));
const ascii = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/ł/g, 'l').replace(/æ/g, 'ae');
function scholarKey(p: Paper): string {
  const fam = ascii(p.author[0].family ?? p.author[0].literal ?? '').replace(/['’]/g, '').trim().split(/\s+/).pop()!.toLowerCase().replace(/[^a-z0-9]/g, '');
  const words = ascii(p.title).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return `${fam}${p.issued!['date-parts']![0][0]}${words.find((w) => !stop.has(w)) ?? words[0]}`;
}

test('the database holds well over 100 papers and validates against its JSON Schema', () => {
  assert.ok(papers.length > 100, `only ${papers.length} papers`);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const ok = validate(papers);
  assert.deepEqual(ok ? [] : validate.errors!.slice(0, 10).map((e) => `${e.instancePath} ${e.message}`), []);
});

test('the loader accepts every item without problems', () => {
  assert.deepEqual(problems, []);
  assert.equal(db.papers.length, papers.length);
});

test('keys are unique and follow the Google Scholar rule (family name + year + first non-stop title word)', () => {
  const keys = papers.map((p) => p.id);
  assert.equal(new Set(keys).size, keys.length);
  const wrong = papers.filter((p) => p.id !== scholarKey(p) && !new RegExp(`^${scholarKey(p)}[a-z]$`).test(p.id)).map((p) => `${p.id} (expected ${scholarKey(p)})`);
  assert.deepEqual(wrong, []);
  for (const p of papers) assert.equal(p['citation-key'], p.id);
});

test('every alias is unique, is not another paper\'s key, and resolves to its paper', () => {
  const seen = new Map<string, string>(papers.map((p) => [p.id, p.id]));
  for (const p of papers) {
    for (const a of p.custom.aliases ?? []) {
      assert.ok(!seen.has(a), `${a} (alias of ${p.id}) is already ${seen.get(a)}`);
      seen.set(a, p.id);
      assert.equal(db.byKey(a)?.id, p.id);
    }
  }
});

test('a paper whose arXiv year differs from its venue year resolves under both keys (kingma2014adam, kingma2015adam)', () => {
  assert.equal(db.byKey('kingma2015adam')?.title, 'Adam: A Method for Stochastic Optimization');
  assert.equal(db.byKey('kingma2014adam')?.id, 'kingma2015adam');
  const missing = papers.filter((p) => p.custom.arxivYear && p.custom.arxivYear !== p.issued!['date-parts']![0][0])
    .filter((p) => db.byKey(p.id.replace(/\d{4}/, String(p.custom.arxivYear)))?.id !== p.id).map((p) => p.id);
  assert.deepEqual(missing, []);
});

test('every related key resolves, and no summary is empty', () => {
  const dangling = papers.flatMap((p) => (p.custom.related ?? []).filter((r) => !db.byKey(r.key)).map((r) => `${p.id} → ${r.key}`));
  assert.deepEqual(dangling, []);
  const empty = papers.filter((p) => !p.custom.summary || p.custom.summary.trim().length < 20).map((p) => p.id);
  assert.deepEqual(empty, []);
});

test('every author has a family name (or is an organisation) and every paper names its seeds or its sources', () => {
  const bad = papers.flatMap((p) => p.author.filter((a) => !a.family && !a.literal).map(() => p.id));
  assert.deepEqual(bad, []);
  // v1 papers (server/data/parts) name the seed documents they came from; v2 papers name their evidence.
  assert.deepEqual(papers.filter((p) => !p.custom.seeds?.length && !p.custom.sources?.title?.length).map((p) => p.id), []);
  assert.ok(papers.filter((p) => p.custom.seeds?.length).length >= 138);
});

test('every arXiv id the seed documents link is in the database, as the paper the seed meant', () => {
  const links = seedArxivLinks();
  assert.ok(links.length >= 25, `found only ${links.length} seed links`);
  const wrong: string[] = [];
  for (const link of links) {
    const p = db.byArxiv(link.id);
    if (!p) { wrong.push(`${link.id} (${link.seed}) missing`); continue; }
    // The link text or the sentence before the link must share a word with the title or a nickname.
    const known = contentWords([p.title, ...(p.custom.nicknames ?? []), ...p.author.map((a) => a.family ?? '')].join(' '));
    const ctx = link.words;
    if (ctx && !ctx.some((w) => known.has(w) || [...known].some((k) => k.startsWith(w.slice(0, 6)) && w.length >= 6))) wrong.push(`${link.id} → ${p.id} "${p.title}" does not match the words before the link: ${ctx.join(' ')}`);
    if (!p.custom.seeds?.includes(link.seed)) wrong.push(`${p.id} does not list seed ${link.seed}`);
  }
  assert.deepEqual(wrong, []);
});

test('the papers people know by nickname resolve to the right titles', () => {
  const expected: Record<string, RegExp> = {
    AlexNet: /^ImageNet Classification with Deep Convolutional Neural Networks$/,
    ZFNet: /^Visualizing and Understanding Convolutional Networks$/,
    VGGNet: /^Very Deep Convolutional Networks for Large-Scale Image Recognition$/,
    GoogLeNet: /^Going Deeper with Convolutions$/,
    Inception: /^Going Deeper with Convolutions$/,
    ResNet: /^Deep Residual Learning for Image Recognition$/,
    'R-CNN': /^Rich Feature Hierarchies for Accurate Object Detection and Semantic Segmentation$/i,
    'Fast R-CNN': /^Fast R-CNN$/,
    'Faster R-CNN': /^Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks$/,
    'Mask R-CNN': /^Mask R-CNN$/,
    Word2Vec: /^Distributed Representations of Words and Phrases and their Compositionality$/,
    GloVe: /^GloVe: Global Vectors for Word Representation$/,
    Seq2Seq: /^Sequence to Sequence Learning with Neural Networks$/,
    Adam: /^Adam: A Method for Stochastic Optimization$/,
    Dropout: /^Dropout: A Simple Way to Prevent Neural Networks from Overfitting$/,
    BatchNorm: /^Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift$/,
    GAN: /^Generative Adversarial (Nets|Networks)$/,
    WGAN: /^Wasserstein (GAN|Generative Adversarial Networks)$/,
    StyleGAN: /^A Style-Based Generator Architecture for Generative Adversarial Networks$/,
    DQN: /^(Playing Atari with Deep Reinforcement Learning|Human-level control through deep reinforcement learning)$/i,
    A3C: /^Asynchronous Methods for Deep Reinforcement Learning$/,
    AlphaGo: /^Mastering the game of Go with deep neural networks and tree search$/i,
    'AlphaGo Zero': /^Mastering the game of Go without human knowledge$/i,
    Transformer: /^Attention Is All You Need$/i,
    BERT: /^BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding$/,
    GPT: /^Improving Language Understanding by Generative Pre-Training$/,
    'GPT-2': /^Language Models are Unsupervised Multitask Learners$/,
    ELMo: /^Deep contextualized word representations$/i,
    XLNet: /^XLNet: Generalized Autoregressive Pretraining for Language Understanding$/,
    'Transformer-XL': /^Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context$/,
    'Neural ODE': /^Neural Ordinary Differential Equations$/,
    'Lottery Ticket': /^The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks$/,
    'Deep Double Descent': /^Deep Double Descent: Where Bigger Models and More Data Hurt$/,
    'Deep Compression': /^Deep Compression: Compressing Deep Neural Networks? with Pruning, Trained Quantization and Huffman Coding$/,
    'Neural Programmer-Interpreters': /^Neural Programmer-Interpreters$/,
    DCGAN: /^Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks$/,
    'Highway Networks': /^(Highway Networks|Training Very Deep Networks)$/,
    'Layer Normalization': /^Layer Normalization$/,
    ELU: /^Fast and Accurate Deep Network Learning by Exponential Linear Units \(ELUs\)$/,
    GELU: /^Gaussian Error Linear Units \(GELUs\)$/,
    'Deep Speech': /^Deep Speech: Scaling up end-to-end speech recognition$/i,
  };
  const wrong = Object.entries(expected).flatMap(([nick, title]) => {
    // A paper whose title is its name ("Layer Normalization") is found by title too.
    const p = db.byNickname(nick) ?? db.byTitle(nick);
    return p && title.test(p.title) ? [] : [`${nick} → ${p ? `${p.id} "${p.title}"` : 'nothing'}`];
  });
  assert.deepEqual(wrong, []);
});

test('no title or name carries invisible characters, and no author is written all in lowercase', () => {
  const invisible = /[\u00ad\u200b-\u200d\u2060\ufeff\ufffc]/;
  assert.deepEqual(papers.filter((p) => invisible.test(p.title ?? '')).map((p) => p.id), []);
  const lowercase = papers.flatMap((p) => (p.author ?? [])
    .filter((a) => `${a.given ?? ''}${a.family ?? ''}`.trim() !== '' && /\p{Ll}/u.test(`${a.given ?? ''}${a.family ?? ''}`) && `${a.given ?? ''} ${a.family ?? ''}` === `${a.given ?? ''} ${a.family ?? ''}`.toLowerCase())
    .map((a) => `${p.id}: ${a.given ?? ''} ${a.family ?? ''}`));
  assert.deepEqual(lowercase, []);
});
