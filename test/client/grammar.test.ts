// The Pandoc citation grammar injected into Markdown, tokenised the way VS Code does it
// (vscode-textmate + vscode-oniguruma). The host grammar here is a small stand-in with the
// scopes VS Code's Markdown grammar uses; the e2e suite checks the real one in code-server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');
const injectionPath = path.join(root, 'syntaxes/pandoc-citations.tmLanguage.json');
const injection = JSON.parse(fs.readFileSync(injectionPath, 'utf8'));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Just enough Markdown: fenced blocks, inline code spans, shortcut reference links, paragraphs. */
const markdownHost = {
  scopeName: 'text.html.markdown',
  patterns: [{ include: '#fenced' }, { include: '#paragraph' }],
  repository: {
    fenced: {
      begin: '^(\\s*)(`{3,}|~{3,})\\s*([\\w-]*)\\s*$',
      end: '^\\1\\2\\s*$',
      name: 'markup.fenced_code.block.markdown',
    },
    paragraph: { begin: '(?=\\S)', end: '$', name: 'meta.paragraph.markdown', patterns: [{ include: '#inline' }] },
    inline: {
      patterns: [
        { match: '(`+)[^`]*?\\1', name: 'markup.inline.raw.string.markdown' },
        { match: '(\\[)([^\\s\\[\\]]+?)(\\])', name: 'meta.link.reference.markdown' },
      ],
    },
  },
};

let grammar: Promise<IGrammar>;
function markdown(): Promise<IGrammar> {
  grammar ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scope: string) => {
        if (scope === 'text.html.markdown') return parseRawGrammar(JSON.stringify(markdownHost), 'markdown.json');
        if (scope === injection.scopeName) return parseRawGrammar(fs.readFileSync(injectionPath, 'utf8'), injectionPath);
        return null;
      },
      // What VS Code does for a grammar contributed with injectTo.
      getInjections: (scope: string) => (scope === 'text.html.markdown' ? [injection.scopeName] : undefined),
    });
    const g = await registry.loadGrammar('text.html.markdown');
    assert.ok(g, 'markdown host grammar loads');
    return g;
  })();
  return grammar;
}

/**
 * Tokenises `text` and renders each citation-related token as `text:scope-suffix`, e.g.
 * `@:at`, `he2016deep:key`; tokens with no citation scope are left out.
 */
async function citationTokens(text: string): Promise<string[]> {
  const g = await markdown();
  const out: string[] = [];
  let state: StateStack = INITIAL;
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const s = t.scopes.join(' ');
      const piece = line.slice(t.startIndex, t.endIndex);
      const kind = s.includes('constant.other.reference.citation.ml-papers')
        ? 'key'
        : s.includes('punctuation.definition.citation.ml-papers')
          ? 'at'
          : s.includes('punctuation.definition.citation.begin') || s.includes('punctuation.definition.citation.end')
            ? 'bracket'
            : s.includes('punctuation.separator.citation') ? 'sep' : s.includes('suppress-author') ? 'suppress' : undefined;
      if (kind) out.push(`${piece}:${kind}`);
    }
    state = r.ruleStack;
  }
  return out;
}

async function scopesOf(text: string, piece: string): Promise<string[]> {
  const g = await markdown();
  const r = g.tokenizeLine(text, INITIAL);
  const at = text.indexOf(piece);
  const t = r.tokens.find((x) => x.startIndex <= at && at < x.endIndex);
  assert.ok(t, `a token covers ${piece}`);
  return t.scopes;
}

test('a bracketed citation scopes brackets, @ and key', async () => {
  assert.deepEqual(await citationTokens('ResNets [@he2016deep] changed vision.'), [
    '[:bracket', '@:at', 'he2016deep:key', ']:bracket',
  ]);
});

test('the whole bracket is one meta.citation scope and wins over the shortcut link rule', async () => {
  const scopes = await scopesOf('see [@he2016deep] here', 'he2016deep');
  assert.ok(scopes.includes('meta.citation.pandoc.ml-papers'), scopes.join(' '));
  assert.ok(!scopes.includes('meta.link.reference.markdown'), scopes.join(' '));
});

test('several keys with prefix, locator, separator and suppressed author', async () => {
  assert.deepEqual(await citationTokens('[see @a2016, p. 3; -@Vaswani.ea.2017]'), [
    '[:bracket', '@:at', 'a2016:key', ';:sep', '-:suppress', '@:at', 'Vaswani.ea.2017:key', ']:bracket',
  ]);
});

test('an in-text citation stops before sentence punctuation', async () => {
  assert.deepEqual(await citationTokens('As @kingma2014adam. showed, and @arXiv:1512.03385: too'), [
    '@:at', 'kingma2014adam:key', '@:at', 'arXiv:1512.03385:key',
  ]);
});

test('a braced key keeps odd characters', async () => {
  assert.deepEqual(await citationTokens('@{doe 2020}? no: @{doe_2020-x}'), ['@:at', 'doe_2020-x:key']);
});

test('e-mail addresses and handles inside URLs are not citations', async () => {
  assert.deepEqual(await citationTokens('Write to jane.doe@example.com or https://twitter.com/@karpathy today.'), []);
});

test('nothing inside inline code spans', async () => {
  assert.deepEqual(await citationTokens('Use `[@he2016deep]` and ``@x``, then @real'), ['@:at', 'real:key']);
});

test('nothing inside fenced code blocks, scoping resumes after the fence', async () => {
  const text = ['```python', 'model = load("@he2016deep")  # [@vaswani2017]', '```', 'After [@after2020].'].join('\n');
  assert.deepEqual(await citationTokens(text), ['[:bracket', '@:at', 'after2020:key', ']:bracket']);
});

test('a markdown link whose text starts with @ is a link, not a citation', async () => {
  assert.deepEqual((await citationTokens('[@handle](https://example.com)')).filter((t) => t.endsWith('bracket')), []);
});

test('the manifest injects this grammar into Markdown under its scope name', () => {
  const grammars: Array<{ scopeName: string; path: string; injectTo?: string[] }> = manifest.contributes.grammars;
  const entry = grammars.find((g) => g.scopeName === injection.scopeName);
  assert.ok(entry, 'contributes.grammars lists the injection');
  assert.deepEqual(entry.injectTo, ['text.html.markdown']);
  assert.equal(path.resolve(root, entry.path), injectionPath);
  assert.match(injection.injectionSelector, /^L:text\.html\.markdown - \(.*markup\.fenced_code.*markup\.inline\.raw/);
});
