import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latexToText } from '../../server/src/core/latexText';

/** Each pair is [TeX as found in a bib value, the plain text we show]. */
function check(cases: Array<[string, string]>): void {
  assert.deepEqual(cases.map(([tex]) => latexToText(tex)), cases.map(([, plain]) => plain));
}

test('accents in every spelling compose to single characters', () => {
  check([
    [String.raw`{\"o}`, 'ö'], [String.raw`\"{o}`, 'ö'], [String.raw`\"o`, 'ö'], [String.raw`G{\"o}del`, 'Gödel'],
    [String.raw`\'{e}`, 'é'], [String.raw`\'e`, 'é'], ['\\`a', 'à'], [String.raw`\^o`, 'ô'], [String.raw`\~n`, 'ñ'],
    [String.raw`\c{c}`, 'ç'], [String.raw`\c c`, 'ç'], [String.raw`\v{s}`, 'š'], [String.raw`\v s`, 'š'], [String.raw`\u{a}`, 'ă'],
    [String.raw`\H{o}`, 'ő'], [String.raw`\={a}`, 'ā'], [String.raw`\.{z}`, 'ż'], [String.raw`\r{a}`, 'å'], [String.raw`\k{a}`, 'ą'],
    [String.raw`\'{\i}`, 'í'], [String.raw`\"\i`, 'ï'], [String.raw`Erd\H{o}s`, 'Erdős'], [String.raw`\v{C}ech`, 'Čech'],
  ]);
});

test('named letters and escaped specials', () => {
  check([
    [String.raw`\aa`, 'å'], [String.raw`\AA`, 'Å'], [String.raw`\o`, 'ø'], [String.raw`\O`, 'Ø'], [String.raw`\ss`, 'ß'],
    [String.raw`\ae`, 'æ'], [String.raw`\l`, 'ł'], [String.raw`\i`, 'ı'], [String.raw`{\o}ksendal`, 'øksendal'],
    [String.raw`Stra{\ss}e`, 'Straße'], [String.raw`\L{}ukasz`, 'Łukasz'],
    [String.raw`R\&D`, 'R&D'], [String.raw`50\%`, '50%'], [String.raw`a\_b`, 'a_b'], [String.raw`\$5`, '$5'],
  ]);
});

test('dashes, ties, font commands, math, braces and whitespace', () => {
  check([
    ['1--10', '1–10'], ['a---b', 'a—b'], ['well-known', 'well-known'], ['Fig.~3', 'Fig. 3'],
    [String.raw`2010\textendash 2020`, '2010–2020'], [String.raw`\emph{Deep} \textit{Residual} \textbf{Learning}`, 'Deep Residual Learning'],
    ['{Deal} or {No} {Deal}?', 'Deal or No Deal?'], [String.raw`$\alpha$-{GAN} in $O(n)$`, 'α-GAN in O(n)'],
    ['  two\n   lines\tand  tabs ', 'two lines and tabs'], [String.raw`d{\'}Aspremont`, "d'Aspremont"],
    [String.raw`\href{http://x.org}{the text}`, 'the text'], [String.raw`Title with \unknownmacro{kept} words`, 'Title with kept words'],
  ]);
});

test('plain values come back unchanged; broken TeX never throws', () => {
  const plain = 'Attention Is All You Need';
  assert.equal(latexToText(plain), plain);
  check([['{unbalanced', 'unbalanced'], ['unbalanced}', 'unbalanced'], ['\\', ''], [String.raw`\"`, '"'], [String.raw`\c`, ''], ['', '']]);
});
