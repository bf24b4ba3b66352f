import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citeMacrosDefinedIn, scanDocument } from '../../../server/src/core/scan';
import { checkCites, render, ctx } from './check';

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
  assert.equal(ctx('latex', String.raw`\citep{<<he$0llo>>, b}`), '\\citep "he"');
  assert.equal(ctx('latex', 'x \\citet{a,\n  <<va$0>>}\n'), '\\citet "va"');
  assert.equal(ctx('latex', String.raw`\cites[x]{a}{<<b$0>>}`), '\\cites "b"');
  assert.equal(ctx('latex', String.raw`\mycite{<<q$0>>}`, { customCiteCommands: ['mycite'] }), '\\mycite "q"');
});

test('latex completion: the prefix ends at the cursor, the span covers the whole word', () => {
  assert.equal(ctx('latex', String.raw`\cite{<<kaiming$0Generative>> models`), '\\cite "kaiming"');
  assert.equal(ctx('latex', String.raw`\cite{a,<<$0he>>}`), '\\cite ""');
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

test('latex: the document\'s own cite macros cite; their bodies\' #1 does not', () => {
  checkCites('latex', String.raw`\newcommand{\mycite}[1]{\citep{#1}}
\def\newcite#1{\citet{#1}}
\NewDocumentCommand{\ndcite}{o m}{\cite[#1]{#2}}
\newcommand{\seecite}[2]{\citet[#1]{#2}}
\mycite{<<a>>} \newcite{<<b>>, <<c>>} \ndcite[p.~3]{<<d>>} \seecite{p.~3}{<<e>>} \seecite{}`);
  assert.deepEqual(render('latex', String.raw`\newcommand{\seecite}[2]{\citet[#1]{#2}} \seecite [see] {p.~3} {k}`), [String.raw`\seecite k \seecite [see] {p.~3} {k}`]);
});

test('latex: a body\'s literal keys count only when its macro is used', () => {
  checkCites('latex', String.raw`\newcommand{\resnet}{ResNet~\citep{<<he2016>>}}
\newcommand{\unused}{\citep{never}} \def\alsounused{\cite{never2}}
\resnet`);
  checkCites('latex', String.raw`\newcommand{\resnet}{ResNet~\citep{he2016}} \cite{<<k>>}`);
});

test('latex: \\iffalse blocks are skipped up to their \\fi (nested conditionals counted) or \\else', () => {
  checkCites('latex', String.raw`\iffalse \cite{no1} \ifx\a\b \cite{no2} \fi % \fi
\cite{no3} \else \cite{<<yes1>>} \fi \cite{<<yes2>>}
\iffalse \iff \ifthenelse{}{}{} \cite{no4} \fi \cite{<<yes3>>}`);
  assert.equal(ctx('latex', String.raw`\iffalse \cite{he$0} \fi`), 'none');
});

test('latex: no definition is read inside comments, verbatim or \\iffalse', () => {
  checkCites('latex', String.raw`% \newcommand{\a}[1]{\cite{#1}}
\begin{verbatim}\newcommand{\b}[1]{\cite{#1}}\end{verbatim}
\iffalse \newcommand{\c}[1]{\cite{#1}} \fi
\a{x} \b{y} \c{z}`);
});

test('latex completion: inside a macro\'s key argument, nowhere in a definition\'s header', () => {
  assert.equal(ctx('latex', String.raw`\newcommand{\mycite}[1]{\citep{#1}} \mycite{<<he$0>>}`), '\\mycite "he"');
  assert.equal(ctx('latex', String.raw`\newcommand{\seecite}[2]{\citet[#1]{#2}} \seecite{p. 3}{<<he$0>>}`), '\\seecite "he"');
  assert.equal(ctx('latex', String.raw`\newcommand{\seecite}[2]{\citet[#1]{#2}} \seecite{p. $0}{}`), 'none');
  assert.equal(ctx('latex', String.raw`\newcommand{\myc$0ite}[1]{\citep{#1}}`), 'none');
  assert.equal(ctx('latex', String.raw`\newcommand{\rn}{\citep{<<he$0>>}}`), '\\citep "he"');
});

test('citeMacrosDefinedIn: the names every definition kind makes cite commands, in order', () => {
  assert.deepEqual(citeMacrosDefinedIn(String.raw`\newcommand{\a}[1]{\citep{#1}} \renewcommand*\b[1]{\cite{#1}} \providecommand{\c}[1]{\cite{#1}}
\DeclareRobustCommand{\d}[1]{\citet{#1}} \def\e#1{\citet{#1}} \gdef\f#1#2{\citep[#2]{#1}}
\NewDocumentCommand{\g}{s o m}{\cite{#3}} \RenewDocumentCommand\h{m}{\parencite{#1}} \let\i\citep \let\j=\i
\DeclareCiteCommand{\k}{}{}{}{} \DeclareMultiCiteCommand{\l}{\k}{} \newcommand{\m}{\citep} \newcommand{\n}[1]{\m{#1}}
\newcommand{\notone}{\citep{fixed}} \newcommand{\nottwo}[1]{\textbf{#1}} \def\notthree#1{\cite[#1]{fixed}}`),
  ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n']);
  assert.deepEqual(citeMacrosDefinedIn('no definitions'), []);
});

test('latex: the bibliography backend the document shows', () => {
  const backend = (text: string) => scanDocument(text, 'latex').backend;
  assert.equal(backend(String.raw`\bibliographystyle{plainnat}`), 'bibtex');
  assert.equal(backend(String.raw`\bibliography{refs}`), 'bibtex');
  assert.equal(backend(String.raw`\usepackage[style=numeric,backend=biber]{biblatex}\bibliography{refs}`), 'biblatex');
  assert.equal(backend(String.raw`\usepackage{hyperref,biblatex}`), 'biblatex');
  assert.equal(backend(String.raw`\addbibresource{refs.bib}`), 'biblatex');
  assert.equal(backend(String.raw`\printbibliography`), 'biblatex');
  assert.equal(backend(String.raw`\usepackage[notes]{biblatex-chicago}`), 'biblatex');
  assert.equal(backend(String.raw`\usepackage{natbib}`), undefined);
  assert.equal(backend(String.raw`% \bibliography{refs}` + '\n' + String.raw`\cite{a}`), undefined);
});
