// Pandoc parity: small Markdown cases whose cited keys we compare with pandoc's own parse, run here
// (`pandoc -f markdown -t json`: its Cite elements' ids, plus those in the `nocite` metadata).
// Pandoc must be installed: a missing pandoc fails the test, it never skips it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { scanDocument } from '../../../server/src/core/scan';

/**
 * One case: the Markdown, and what we say where we do not simply agree with pandoc.
 * `crossrefs`: labels we mark as cross-references, which pandoc (run without the pandoc-crossref
 * filter or Quarto) reports as citations. `differs`: our keys where we part from pandoc on purpose;
 * the reason is the named section of docs/pandoc-differences.md.
 */
interface Case { md: string; crossrefs?: string[]; differs?: { ours: string[]; reason: string } }

const c = (md: string): Case => ({ md });
const x = (md: string, ...crossrefs: string[]): Case => ({ md, crossrefs });
const d = (md: string, reason: string, ...ours: string[]): Case => ({ md, differs: { ours, reason } });

const cases: Case[] = [
  // Citation syntax (pandoc manual, "Citation syntax").
  c('Blah blah [see @doe99, pp. 33-35; also @smith04, chap. 1].'),
  c('Blah blah [@doe99, pp. 33-35, 38-39 and *passim*].'),
  c('Blah blah [@smith04; @doe99].'),
  c('[@smith{ii, A, D-Z}, with a suffix]'),
  c('[@smith, {ii, A, D-Z}, with a suffix]'),
  c('Smith says blah [-@smith04].'),
  c('@smith04 says blah.'),
  c('@smith04 [p. 33] says blah.'),
  c('[@{https://example.com/bib?name=foobar&date=2000}, p.  33]'),
  c('see @{foo_bar} and @{a}b'),
  c('@{foo bar} is not a key'),
  c('[@{foo bar}]'),
  c('@{foo{bar}} has balanced braces'),
  d('@{} is empty', 'empty-key'),
  c('@a, @b and @c; [@a; @a]'),
  c('@Doe_99 @_a @1990 @müller @中文'),
  c('@a:b @a.b. @a--b @a-b @a_b'),
  c('@a?b @a+b @a#b @a~b @a$b @a%b @a&b'),
  c('see @a://b and @c//d and @e// and @f/'),
  c('@a@b'),
  c('@@a and x@@a'),
  c('x)@a and x-@a and (@a) mid-line'),
  c('x_@a and _@b and x.@c and end.@d'),
  c('"@a" *@b* **@c** ~~@d~~ _@e_'),
  c('@a [-@b] and @c [p. 4]'),
  c('[@a]: @b'),
  d('@*x is not a key', 'star'),
  // Example lists (pandoc manual, "Numbered example lists").
  c('(@good) This is a good example.\n\nAs (@good) illustrates, ...'),
  c('As (@good) shows.\n\n(@good) text'),
  c('(@good) text\n\n[@good]'),
  c('(@good) text\n\n[see @good; @a]'),
  c('(@good) text\n\n[-@good]'),
  c('(@good) text\n\n@{good}'),
  c('(@good) text\n\n@good [p. 3]'),
  c('@good. text\n\nAs @good'),
  c('@good) text\n\nAs @good'),
  c('   (@good) text\n\nAs @good'),
  c('    (@good) text\n\nAs @good'),
  c('- (@good) text\n\nAs @good'),
  c('text\n(@good) text\n\nAs @good'),
  c('(@go.od) text\n\nAs @go.od'),
  c('(@go_od-x) text\n\nAs @go_od-x'),
  c('(@good)text\n\nAs @good'),
  c('(@good)\n\nAs @good'),
  c('(@) a\n(@b) b\n\n@b'),
  c('(@a) x\n(@b) y\n\n[@a] and @b'),
  // Links and HTML.
  c('[text](http://x/@y)'),
  c('[text](http://x/@y "title @z")'),
  c('[@a](http://x)'),
  c('![alt @a](img.png)'),
  c('[x](a(b)@c)'),
  c('[x](<a b>) @c'),
  c('[x] (@c)'),
  c('[a]: http://x/@y\n\n@b'),
  c('<http://x/@y> and <me@x.org>'),
  d('https://medium.com/@y', 'bare-url'),
  d('www.x.com/@y', 'bare-url'),
  c('[@a][ref]\n\n[ref]: http://x'),
  c('<span title="@x">@y</span>'),
  c('<x y="a>b" z="@c">'),
  c('<br/>@a'),
  c('see <!-- @x --> @y'),
  // TeX math.
  c('$@x$ and $$@y$$'),
  c('$$ @a $$'),
  c('$ @a$'),
  c('$@a $'),
  c('\\$@a$'),
  c('5$ and @a and 6$'),
  c('$@a$5'),
  c('$a$@b'),
  c('$a\n@b$'),
  c('$a\n\n@b$'),
  c('$$a$ @b$$'),
  c('$\\$ @b$'),
  c('\\(@a\\)'),
  c('$$\n@a\n$$'),
  c('$x$ $@b'),
  // Code spans and blocks.
  c('`@a` and ``@b ` @c``'),
  c('`unclosed @a'),
  c('```\n@a\n```\n\n@b'),
  c('~~~ python\n@a\n~~~\n@b'),
  c('para\n\n    @code\n\nafter @a'),
  c('- item\n\n    @cont\n\nafter'),
  c('para\n    @notcode'),
  c('\t@tabcode\n\n@a'),
  c('para\n\n\t@tabcode'),
  c('1. item\n\n        @code in list'),
  c('> quote\n>\n>     @code'),
  c('    @code'),
  c('# Head\n    @code'),
  // Escapes and e-mail addresses.
  c('\\@x and a\\@b'),
  c('a@b.com and mail a.b@c.org now'),
  c('@a.com'),
  // Footnotes.
  c('text^[note @b]'),
  c('@a^[note @b]'),
  c('text[^1]\n\n[^1]: note @c'),
  // Front matter.
  c('---\nnocite: |\n  @a, @b\n---\n\ntext'),
  c('---\nnocite: "@a; [@b]"\n---\n\ntext'),
  c("---\nnocite: '@*'\n---\n\ntext"),
  c("---\nnocite: ['@a', '@b']\n---\n\ntext"),
  c("---\nnocite:\n  - '@a'\n  - '@b'\n---\n\ntext"),
  c("---\nnocite:\n- '@a'\n- '@b'\ntitle: x\n---\n"),
  c('---\nnocite: "@a"\n---\n\n@c'),
  c('---\ntitle: "By @x"\n---\n\ntext'),
  x("---\nnocite: '@fig:x @a'\n---\n", 'fig:x'),
  // Cross-references (pandoc-crossref, Quarto).
  x('@fig:x', 'fig:x'),
  x('@Sec:intro and @eq:e1 and @tbl:t and @lst:l', 'Sec:intro', 'eq:e1', 'tbl:t', 'lst:l'),
  x('[@fig:a; @fig:b]', 'fig:a', 'fig:b'),
  x('@fig-x @tbl-x @sec-x @eq-x @lst-x', 'fig-x', 'tbl-x', 'sec-x', 'eq-x', 'lst-x'),
  x('@thm-x @lem-x @cor-x @prp-x @cnj-x @def-x', 'thm-x', 'lem-x', 'cor-x', 'prp-x', 'cnj-x', 'def-x'),
  x('@exm-x @exr-x @sol-x @rem-x @alg-x @Fig-x', 'exm-x', 'exr-x', 'sol-x', 'rem-x', 'alg-x', 'Fig-x'),
  x('@fig:x and @a', 'fig:x'),
  x('@sec:intro shows [@unknown2020; @fig:y]', 'sec:intro', 'fig:y'),
  c('@figure:x @fig2019 @thm:x @Fg-x @fig_x'),
];

/** Pandoc's cited ids in document order: every Cite in the blocks, then those in `nocite`. */
function pandocIds(json: string): string[] {
  const doc = JSON.parse(json) as { blocks: unknown; meta: Record<string, unknown> };
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { for (const e of v) walk(e); return; }
    if (!v || typeof v !== 'object') return;
    const o = v as { t?: string; c?: unknown };
    if (o.t === 'Cite') for (const cit of (o.c as [{ citationId: string }[]])[0]) out.push(cit.citationId);
    for (const e of Object.values(o)) walk(e);
  };
  walk(doc.blocks);
  walk(doc.meta.nocite);
  return out;
}

function runPandoc(md: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('pandoc', ['-f', 'markdown', '-t', 'json'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    p.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`pandoc exited ${code}: ${err}`))));
    p.stdin.end(md);
  });
}

/** Runs `f` over `items` with at most `width` at a time (a small pool: the machine is shared). */
async function pool<T, R>(items: readonly T[], width: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => { while (next < items.length) { const k = next++; out[k] = await f(items[k]); } };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

const sorted = (a: readonly string[]): string[] => [...a].sort();

test('pandoc parity: our cited keys are pandoc\'s, case by case', async (t) => {
  const version = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  assert.ok(!version.error && version.status === 0, 'pandoc is required for this test (install it; .ci/run does)');
  assert.ok(cases.length >= 80, `${cases.length} cases`);
  const pandoc = await pool(cases, 3, (k) => runPandoc(k.md).then(pandocIds));
  let agree = 0;
  for (const [n, k] of cases.entries()) {
    await t.test(`${n + 1}: ${JSON.stringify(k.md)}`, () => {
      const r = scanDocument(k.md, 'markdown');
      const ours = [...r.cites.map((s) => s.key), ...(r.nociteAll ? ['*'] : [])];
      const theirs = pandoc[n];
      const crossrefs = (r.crossrefs ?? []).map((s) => s.label);
      if (k.differs) {
        assert.notDeepEqual(sorted(ours), sorted(theirs), 'pandoc now agrees with us: drop the difference');
        assert.deepEqual(sorted(ours), sorted(k.differs.ours));
        return;
      }
      // Cross-references: pandoc without the filter cites them; we set them apart, and only them.
      assert.deepEqual(sorted(crossrefs), sorted(k.crossrefs ?? []));
      assert.deepEqual(sorted([...ours, ...crossrefs]), sorted(theirs));
      agree++;
    });
  }
  const differ = cases.filter((k) => k.differs).length;
  t.diagnostic(`${agree} of ${cases.length} cases agree with pandoc; ${differ} documented differences`);
});
