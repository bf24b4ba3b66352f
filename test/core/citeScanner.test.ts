import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionContextAt, scanDocument, type ScanOptions } from '../../server/src/core/citeScanner';
import type { DocLanguage } from '../../server/src/core/model';
import { fixture, texts } from '../fixture';

/** Every `<<key>>` marked in the fixture is cited there, and nothing else is. */
function checkCites(language: DocLanguage, raw: string, options: ScanOptions = {}): void {
  const f = fixture(raw);
  const r = scanDocument(f.text, language, options);
  assert.deepEqual(texts(f.text, r.cites.map((c) => c.span)), texts(f.text, f.marked));
  assert.deepEqual(r.cites.map((c) => c.span), f.marked);
  for (const c of r.cites) assert.equal(c.key, f.text.slice(c.span.start, c.span.end));
}
/** Renders each cite as `command key container-text`. */
function render(language: DocLanguage, text: string, options: ScanOptions = {}): string[] {
  return scanDocument(text, language, options).cites.map((c) => `${c.command} ${c.key} ${text.slice(c.container.start, c.container.end)}`);
}
/** The completion context at `$0`, rendered as `command "prefix" [marked span]`, or "none". */
function ctx(language: DocLanguage, raw: string, options: ScanOptions = {}): string {
  const f = fixture(raw);
  const c = completionContextAt(f.text, f.cursor, language, options);
  if (!c) return 'none';
  assert.equal(c.prefix, f.text.slice(c.span.start, c.span.end));
  if (f.marked.length) assert.deepEqual(c.span, f.marked[0]);
  return `${c.command} "${c.prefix}"`;
}

test('latex: natbib and biblatex commands, stars, optional arguments, key lists over lines', () => {
  checkCites('latex', String.raw`As \cite{<<he2016deep>>} and \citep[p.~3]{<<a>>, <<b>>,<<c>>} show, \citet*{<<vaswani>>}
\citealp[see][12]{<<x1>>} \Citeauthor{<<y:2>>} \citeyearpar{<<z>>} \citenum{<<n>>} \Citep{<<cp>>}
\parencite{<<p1>>} \Textcite[3]{<<t1>>} \autocite{<<au>>} \footcitetext{<<fct>>} \supercite{<<sc>>}
\fullcite{<<fc>>} \footfullcite{<<ffc>>} \citetitle{<<ct>>} \citeurl{<<cu>>} \citedate{<<cd>>}
\citepalias{<<pal>>} \citetalias{<<tal>>} \smartcite{<<sm>>} \citep{<<one>>,
  <<two>>,
  <<three>>}`);
});

test('latex: render shows command with star and the whole container', () => {
  assert.deepEqual(render('latex', String.raw`x \citet*[p.~3]{a, b} y`), [
    String.raw`\citet* a \citet*[p.~3]{a, b}`,
    String.raw`\citet* b \citet*[p.~3]{a, b}`,
  ]);
});

test('latex: multicite commands with global notes and several key groups', () => {
  const text = String.raw`\cites(pre)(post)[a][b]{k1}[c]{k2,k3} and \parencites{p}{q} \textcites[5]{t}`;
  assert.deepEqual(scanDocument(text, 'latex').cites.map((c) => `${c.command}:${c.key}`), [
    '\\cites:k1', '\\cites:k2', '\\cites:k3', '\\parencites:p', '\\parencites:q', '\\textcites:t',
  ]);
  const c = scanDocument(text, 'latex').cites[0];
  assert.equal(text.slice(c.container.start, c.container.end), String.raw`\cites(pre)(post)[a][b]{k1}[c]{k2,k3}`);
});

test('latex: \\nocite{*} is not a key; \\nocite{k} is', () => {
  checkCites('latex', String.raw`\nocite{*} \nocite{<<k>>}`);
});

test('latex: nothing is cited in comments, verbatim environments or \\verb; \\% is not a comment', () => {
  checkCites('latex', String.raw`% \cite{no1}
text 50\% \cite{<<yes1>>} % \cite{no2}
\begin{verbatim}
\cite{no3}
\end{verbatim}
\begin{lstlisting}\cite{no4}\end{lstlisting}
\begin{minted}{python}
x = r"\cite{no5}"
\end{minted}
\begin{comment}\cite{no6}\end{comment}
\begin{Verbatim}\cite{no7}\end{Verbatim}
\verb|\cite{no8}| and \verb+\cite{no9}+ then \cite{<<yes2>>}
\begin{itemize}\item \cite{<<yes3>>}\end{itemize}`);
});

test('latex: custom commands from options', () => {
  checkCites('latex', String.raw`\mycite{<<a>>} \citeal[x]{<<b>>} \unknown{c}`, { customCiteCommands: ['mycite', '\\citeal'] });
});

test('latex: a command without a key group is not a citation; \\cite inside a macro definition is harmless', () => {
  checkCites('latex', String.raw`\newcommand{\mycite}{\cite} \cite \citep[x] and \cite{<<k>>}`);
});

test('latex: a half-typed \\cite{ does not swallow the following lines', () => {
  checkCites('latex', 'See \\cite{<<he>>\nSome prose here.\n\\cite{<<b>>}');
});

test('latex: bibliography declarations, one per file; commented ones ignored', () => {
  const text = String.raw`\bibliography{refs, other/more}
% \bibliography{old}
\addbibresource[label=x]{my refs.bib}
\addglobalbib{global.bib}`;
  const r = scanDocument(text, 'latex');
  assert.deepEqual(r.bibliographies.map((b) => `${b.kind}:${b.path}:${text.slice(b.span.start, b.span.end)}`), [
    'bibliography:refs:refs', 'bibliography:other/more:other/more', 'addbibresource:my refs.bib:my refs.bib', 'addbibresource:global.bib:global.bib',
  ]);
  assert.deepEqual(r.cites, []);
});

test('latex: bare references outside comments and citations', () => {
  const text = String.raw`ResNet arXiv:1512.03385 and \url{https://doi.org/10.1109/CVPR.2016.90}
% arXiv:1706.03762 is commented out
\begin{verbatim}10.1038/nature14236\end{verbatim}`;
  assert.deepEqual(scanDocument(text, 'latex').bare.map((b) => `${b.kind}:${b.id}`), ['arxiv:1512.03385', 'doi:10.1109/CVPR.2016.90']);
});

test('latex: offsets are UTF-16 offsets after emoji and CJK text', () => {
  checkCites('latex', String.raw`😀 中文 \cite{<<键>>} 🎉 \citep{<<b😀>>}`);
});

test('latex completion: partial key, empty key after a comma, after optional arguments', () => {
  assert.equal(ctx('latex', String.raw`\cite{<<he$0>>`), '\\cite "he"');
  assert.equal(ctx('latex', String.raw`\cite{a, <<$0>>}`), '\\cite ""');
  assert.equal(ctx('latex', String.raw`\citep[p.~3]{<<$0>>`), '\\citep ""');
  assert.equal(ctx('latex', String.raw`\citep{<<he$0llo>>, b}`), '\\citep "hello"');
  assert.equal(ctx('latex', 'x \\citet{a,\n  <<va$0>>}\n'), '\\citet "va"');
  assert.equal(ctx('latex', String.raw`\cites[x]{a}{<<b$0>>}`), '\\cites "b"');
  assert.equal(ctx('latex', String.raw`\mycite{<<q$0>>}`, { customCiteCommands: ['mycite'] }), '\\mycite "q"');
});

test('latex completion: nowhere else', () => {
  assert.equal(ctx('latex', String.raw`\citep[p.$0~3]{a}`), 'none');
  assert.equal(ctx('latex', String.raw`\citep[$0`), 'none');
  assert.equal(ctx('latex', String.raw`% \cite{he$0`), 'none');
  assert.equal(ctx('latex', String.raw`\cite{a}$0`), 'none');
  assert.equal(ctx('latex', String.raw`\ci$0te{a}`), 'none');
  assert.equal(ctx('latex', String.raw`plain text$0`), 'none');
  assert.equal(ctx('latex', '\\begin{verbatim}\n\\cite{a$0}\n\\end{verbatim}'), 'none');
  assert.equal(ctx('latex', String.raw`\bibliography{re$0}`), 'none');
});

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
  assert.equal(ctx('markdown', 'x [-@<<va$0swani>>]'), '[@ "vaswani"');
  assert.equal(ctx('markdown', 'As @<<he$0>> says'), '@ "he"');
  assert.equal(ctx('markdown', '@<<$0>>'), '@ ""');
  assert.equal(ctx('markdown', 'x @{<<odd:k$0>>}'), '@ "odd:k"');
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

test('bibtex documents have no cites but do have bare references', () => {
  const r = scanDocument('@article{k, eprint = {arXiv:1512.03385}}', 'bibtex');
  assert.deepEqual(r.cites, []);
  assert.deepEqual(r.bare.map((b) => b.id), ['1512.03385']);
});

test('completionContextAt rejects offsets outside the text', () => {
  assert.equal(completionContextAt('\\cite{a}', 99, 'latex'), undefined);
  assert.equal(completionContextAt('\\cite{a}', -1, 'latex'), undefined);
});

test('completion offsets are UTF-16 offsets after emoji and CJK text', () => {
  assert.equal(ctx('latex', String.raw`😀 中文 \cite{<<键$0>>}`), '\\cite "键"');
  assert.equal(ctx('markdown', '😀 中文 [@<<b😀$0>>]'), '[@ "b😀"');
});

test('markdown: [@key](url) is a link holding an in-text citation', () => {
  assert.deepEqual(render('markdown', '[@k](https://x.org)'), ['@ k @k']);
});

test('pathological 1 MB inputs are scanned in linear time', () => {
  let ticks = '';
  for (let k = 1; ticks.length < 1_000_000; k++) ticks += '`'.repeat(k) + ' x ';
  const inputs = [
    '\\cite['.repeat(170_000), '\\cites('.repeat(150_000), '\\begin{'.repeat(150_000), ticks, '['.repeat(1_000_000),
    '@'.repeat(1_000_000), '[@a '.repeat(250_000), '\\cite{a\n'.repeat(125_000), '<!--'.repeat(250_000), '中@'.repeat(500_000),
    '```\n'.repeat(250_000), 'http://'.repeat(150_000), '%\n'.repeat(500_000),
  ];
  for (const text of inputs) {
    for (const language of ['latex', 'markdown'] as const) {
      const started = Date.now();
      scanDocument(text, language);
      completionContextAt(text, text.length >> 1, language);
      const ms = Date.now() - started;
      assert.ok(ms < 1500, `${language} on ${JSON.stringify(text.slice(0, 12))}…: ${ms} ms`);
    }
  }
});
