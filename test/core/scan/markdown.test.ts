import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanDocument } from '../../../server/src/core/scan';
import { checkCites, render, ctx } from './check';

test('markdown: bracketed, in-text, suppress-author, locators and curly keys', () => {
  checkCites('markdown', `Blah [@<<smith04>>; @<<doe99>>] and [see @<<he2016deep>>, p. 33].
[-@<<nodate>>] says @<<vaswani2017>> [p. 4], and @{<<odd:key.>>} too.
Keys: @<<a:b.c#d$e%f&g-h+i?j<k>l~m/n>> end. Trailing dot @<<key>>. Unicode @<<müller2020>>.`);
});

test('markdown: command and container of each kind', () => {
  assert.deepEqual(render('markdown', 'A [see @a, p. 3; -@b] and @c [p. 4] and @d.'), [
    '[@ a [see @a, p. 3; -@b]',
    '[@ b [see @a, p. 3; -@b]',
    '@ c @c [p. 4]',
    '@ d @d',
  ]);
});

test('markdown: not in code, comments, URLs, e-mail addresses or escapes', () => {
  checkCites('markdown', `Mail name@example.com or <me@x.org>, see https://medium.com/@karpathy/x and <https://a.b/@c>.
Code \`@no1\` and \`\`x @no2 \`\` and \\@no3, but @<<yes1>>.

\`\`\`
@no4
\`\`\`

~~~~ python
[@no5]
~~~~
<!-- [@no6]
@no7 -->
[@<<yes2>>]`);
});

test('markdown: an unmatched backtick is literal, so what follows still counts', () => {
  checkCites('markdown', 'A lone ` backtick then @<<k>>.\n\nNext `para` @<<j>>');
});

test('markdown: bare references in prose and links, not in code', () => {
  const text = '[ResNet](https://arxiv.org/abs/1512.03385v2) and doi:10.1038/nature14236, `arXiv:1706.03762`.';
  assert.deepEqual(scanDocument(text, 'markdown').bare.map((b) => `${b.kind}:${b.id}:${b.isLink}`), ['arxiv:1512.03385:true', 'doi:10.1038/nature14236:false']);
});

test('markdown: offsets are UTF-16 offsets after emoji and CJK text', () => {
  checkCites('markdown', '😀 中文 [@<<键>>] 🎉 @<<b😀x>>');
});

test('markdown completion: after [@, ; @, [see @, -@ and in-text @', () => {
  assert.equal(ctx('markdown', 'x [@<<$0>>'), '[@ ""');
  assert.equal(ctx('markdown', 'x [@<<he$0>>]'), '[@ "he"');
  assert.equal(ctx('markdown', 'x [@a; @<<b$0>>]'), '[@ "b"');
  assert.equal(ctx('markdown', 'x [see @<<$0>>'), '[@ ""');
  assert.equal(ctx('markdown', 'x [-@<<va$0swani>>]'), '[@ "va"');
  assert.equal(ctx('markdown', 'As @<<he$0>> says'), '@ "he"');
  assert.equal(ctx('markdown', '@<<$0>>'), '@ ""');
  assert.equal(ctx('markdown', 'x @{<<odd:k$0>>}'), '@ "odd:k"');
});

test('markdown completion: the prefix ends at the cursor, the span covers the whole key', () => {
  assert.equal(ctx('markdown', '[@<<kaiming$0Generative>> models'), '[@ "kaiming"');
  assert.equal(ctx('markdown', 'As @<<kaiming$0Generative>> says'), '@ "kaiming"');
  assert.equal(ctx('markdown', 'x @{<<odd$0:k>>}'), '@ "odd"');
});

test('markdown completion: nowhere else', () => {
  assert.equal(ctx('markdown', 'mail name@exa$0'), 'none');
  assert.equal(ctx('markdown', 'code `@he$0`'), 'none');
  assert.equal(ctx('markdown', '```\n@he$0\n```'), 'none');
  assert.equal(ctx('markdown', '<!-- @he$0 -->'), 'none');
  assert.equal(ctx('markdown', 'https://medium.com/@ka$0'), 'none');
  assert.equal(ctx('markdown', 'plain$0 text'), 'none');
  assert.equal(ctx('markdown', '---\nbibliography: @x$0\n---\n'), 'none');
});

test('markdown: [@key](url) is a link holding an in-text citation', () => {
  assert.deepEqual(render('markdown', '[@k](https://x.org)'), ['@ k @k']);
});
