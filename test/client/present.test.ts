// How server answers look in the UI: search rows, repository rows, status bar, details page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailsMarkdown, fileName, onlineRow, ownerOf, paperRow, repoRow, statusView, uniqueRepos } from '../../client/src/present';
import type { StatusNotification } from '../../server/src/protocol';

test('a search row: a source icon as its only label text, then key, authors and year, then title with nicknames and a code mark', () => {
  assert.deepEqual(
    paperRow({ key: 'he2016deep', title: 'Deep Residual Learning for Image Recognition', authors: 'He, Zhang, Ren, Sun', year: 2016, nicknames: ['ResNet'], source: 'bundled', hasCode: true }),
    { label: '$(book)', description: 'he2016deep · He, Zhang, Ren, Sun, 2016', detail: 'Deep Residual Learning for Image Recognition (ResNet) $(github)' },
  );
  assert.deepEqual(
    paperRow({ key: 'mine', title: 'T', authors: '', nicknames: [], source: 'file:///w/refs%20old.bib', hasCode: false }),
    { label: '$(file)', description: 'mine — refs old.bib', detail: 'T' },
  );
  assert.deepEqual(
    paperRow({ key: 'hayou2021stable', title: 'Stable ResNet', authors: 'Hayou, Clerico', year: 2021, nicknames: [], source: 'file:///ext/server/data/catalog.jsonl.gz', hasCode: false, catalog: true }),
    { label: '$(library)', description: 'hayou2021stable · Hayou, Clerico, 2021 — venue catalog', detail: 'Stable ResNet' },
  );
});

test('repositories: in the server\'s order, each URL once, described in the server\'s words', () => {
  const repos = uniqueRepos([
    { url: 'https://github.com/KaimingHe/deep-residual-networks', official: true, description: 'official · Caffe' },
    { url: 'https://github.com/huggingface/transformers/tree/main/src/transformers/models/resnet', description: 'library · transformers model folder · PyTorch' },
    { url: 'https://github.com/KaimingHe/deep-residual-networks', official: true },
  ]);
  assert.deepEqual(repos.map((r) => r.url), ['https://github.com/KaimingHe/deep-residual-networks', 'https://github.com/huggingface/transformers/tree/main/src/transformers/models/resnet']);
  assert.deepEqual(repoRow(repos[0]), { label: '$(repo) KaimingHe/deep-residual-networks', description: 'official · Caffe', detail: 'https://github.com/KaimingHe/deep-residual-networks' });
  assert.equal(repoRow(repos[1]).description, 'library · transformers model folder · PyTorch');
  // A bare URL (no details from the server): the owner when the path does not start with it.
  assert.equal(repoRow({ url: 'https://gitlab.com/g/p', owner: 'lab' }).description, 'lab');
  assert.equal(ownerOf('https://github.com/facebookresearch/detectron2'), 'facebookresearch');
  assert.equal(ownerOf('https://example.org/code'), undefined);
});

const status = (over: Partial<StatusNotification.Params>): StatusNotification.Params => ({ bundled: 200, bibEntries: 12, bibFiles: 1, indexing: false, failures: [], ...over });

test('status bar: paper count, spinning while indexing, warning with the failing file', () => {
  assert.equal(statusView(status({})).text, '$(book) 212 papers');
  assert.equal(statusView(status({})).warning, false);
  assert.equal(statusView(status({ bundled: 1, bibEntries: 0 })).text, '$(book) 1 paper');
  assert.equal(statusView(status({ indexing: true })).text, '$(sync~spin) 212 papers');
  const broken = statusView(status({ failures: [{ uri: 'file:///w/refs.bib', message: 'unclosed entry at line 3' }] }));
  assert.equal(broken.text, '$(warning) 212 papers');
  assert.equal(broken.warning, true);
  assert.match(broken.tooltip, /refs\.bib: unclosed entry at line 3\nClick to open the file\.$/);
  assert.match(statusView(status({ fetched: 3 })).tooltip, /\n3 fetched online, kept in your cache folder$/);
  assert.doesNotMatch(statusView(status({ fetched: 0 })).tooltip, /fetched/);
});

test('fileName decodes the last segment of a URI', () => {
  assert.equal(fileName('file:///home/u/My%20Refs/all.bib'), 'all.bib');
  assert.equal(fileName('C:\\refs\\x.bib'), 'x.bib');
});

test('details page: title, hover text, links, code, related papers and a fenced BibTeX entry', () => {
  const md = detailsMarkdown({
    key: 'he2016deep', title: 'Deep Residual Learning', markdown: 'He et al., CVPR 2016.\n\nIntroduced residual connections.',
    bibtex: '@inproceedings{he2016deep,\n  title = {Deep Residual Learning}\n}', paperUrl: 'https://arxiv.org/abs/1512.03385',
    // As the server sends them: official first, each described.
    code: [{ url: 'https://github.com/a/x', official: true, framework: 'Caffe', description: 'official · Caffe' }, { url: 'https://github.com/b/y', official: false, description: 'community' }],
    related: [{ key: 'he2016identity', title: 'Identity Mappings', relation: 'follow-up' }],
  });
  assert.equal(md, [
    '# Deep Residual Learning', '', '`he2016deep`', '', 'He et al., CVPR 2016.', '', 'Introduced residual connections.', '',
    '**Paper:** <https://arxiv.org/abs/1512.03385>', '',
    '## Code', '', '- <https://github.com/a/x> — official · Caffe', '- <https://github.com/b/y> — community', '',
    '## Related papers', '', '- follow-up: **Identity Mappings** (`he2016identity`)', '',
    '## BibTeX', '', '```bibtex', '@inproceedings{he2016deep,', '  title = {Deep Residual Learning}', '}', '```', '',
  ].join('\n'));
});

test('an online result row: a cloud to fetch, or a check and the key when the index already has the paper', () => {
  const lora = { ref: '2106.09685', title: 'LoRA: Low-Rank Adaptation of Large Language Models', authors: 'Hu, Shen, Wallis', year: 2021, arxiv: '2106.09685', citationCount: 12000 };
  assert.deepEqual(onlineRow(lora), { label: '$(cloud-download)', description: 'Hu, Shen, Wallis, 2021 · arXiv:2106.09685 · 12,000 citations', detail: 'LoRA: Low-Rank Adaptation of Large Language Models' });
  assert.deepEqual(onlineRow({ ...lora, arxiv: undefined, citationCount: undefined, doi: '10.1000/x', venue: 'ICLR', knownKey: 'hu2022lora' }),
    { label: '$(check)', description: 'Hu, Shen, Wallis, 2021 · ICLR · doi:10.1000/x — you have it as hu2022lora', detail: 'LoRA: Low-Rank Adaptation of Large Language Models' });
});
