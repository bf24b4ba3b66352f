import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definition } from '../../server/src/core/features/definition';
import { fixture } from '../fixture';
import { ctxOf, refs, refsUri, sampleIndex } from './sampleIndex';

const index = sampleIndex({ withRefs: true });
index.setCslJsonFile('file:///ws/more.json', '[\n  {"id": "jones2019csl", "type": "article", "title": "From CSL"}\n]');

/** Definition at `$0` rendered as "uri: selected text" or "virtual: key", or "-". */
function check(raw: string, expected: string): void {
  const f = fixture(raw);
  const d = definition(ctxOf(index, [refsUri]), { uri: 'file:///ws/a.md', language: 'markdown', text: f.text }, f.cursor);
  let got = '-';
  if (d && 'virtualKey' in d) got = `virtual: ${d.virtualKey}`;
  else if (d) got = `${d.uri}: ${(index.fileText(d.uri) ?? '').slice(d.selection.start, d.selection.end)} @${d.span.start}`;
  assert.equal(got, expected);
}

test('a user key jumps to its entry in the bib file', () => {
  check('[@He.Zhang.Ren.ea.2016$0]', `${refsUri}: He.Zhang.Ren.ea.2016 @${refs.parsed.entries[0].span.start}`);
  check('[@$0smith2020local]', `${refsUri}: smith2020local @${refs.parsed.entries[1].span.start}`);
});

test('a CSL-JSON key jumps to its id in the file', () => {
  check('[@jones2019csl$0]', 'file:///ws/more.json: "jones2019csl" @11');
});

test('a database-only key opens the virtual .bib under the key as cited', () => {
  check('[@he2016deep$0]', 'virtual: he2016deep');
  check('[@kingma2014adam$0]', 'virtual: kingma2014adam');
});

test('nothing for unknown keys or off a cite', () => {
  check('[@nope$0]', '-');
  check('te$0xt', '-');
});
