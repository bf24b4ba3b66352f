import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanDocument } from '../../../server/src/core/scan';

test('markdown: YAML front matter gives bibliographies and no citations', () => {
  const text = `---
title: "On @fake"
bibliography: refs.bib
---
Body @k.`;
  const r = scanDocument(text, 'markdown');
  assert.deepEqual(r.bibliographies.map((b) => `${b.path}:${text.slice(b.span.start, b.span.end)}`), ['refs.bib:refs.bib']);
  assert.deepEqual(r.cites.map((c) => c.key), ['k']);
  const list = `---\nbibliography:\n  - a.bib\n  - "b c.json"\nother: x\n---\n`;
  assert.deepEqual(scanDocument(list, 'markdown').bibliographies.map((b) => b.path), ['a.bib', 'b c.json']);
  const flow = `---\nbibliography: [a.bib, 'b.json'] # two\n---\n`;
  const fr = scanDocument(flow, 'markdown').bibliographies;
  assert.deepEqual(fr.map((b) => `${b.path}:${flow.slice(b.span.start, b.span.end)}`), ['a.bib:a.bib', 'b.json:b.json']);
});
