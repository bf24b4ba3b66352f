// The core must stay protocol-free: no editor, LSP or file-system imports (see ../shared/STYLE.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const forbidden = /(?:from\s+|require\(\s*|import\(\s*)['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*|fs|node:fs|fs\/promises|node:fs\/promises|child_process|node:child_process|net|node:net|http|node:http|https|node:https)['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('server/src/core imports neither the editor, LSP, the file system nor the network', () => {
  const offenders = sources('server/src/core').flatMap((file) =>
    readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line: i + 1, text: line })).filter((l) => forbidden.test(l.text)),
  );
  assert.deepEqual(offenders.map((o) => `${o.file}:${o.line}: ${o.text.trim()}`), []);
});

test('the architecture check itself recognises a forbidden import', () => {
  assert.ok(forbidden.test(`import { readFileSync } from 'node:fs';`));
  assert.ok(forbidden.test(`import * as lsp from 'vscode-languageserver/node';`));
  assert.ok(!forbidden.test(`import { Span } from './model';`));
});

test('the VS Code client takes nothing from the server but its protocol module', () => {
  const serverImport = /(?:from\s+|require\(\s*|import\(\s*)['"]((?:\.\.\/)+server\/src\/[^'"]*)['"]/g;
  const offenders = sources('client/src').flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(serverImport)].map((m) => m[1]).filter((p) => !/server\/src\/protocol$/.test(p)).map((p) => `${file}: ${p}`));
  assert.deepEqual(offenders, []);
});

test('the adapter is made of short functions: none over 60 lines, and server.ts a short wiring file', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const long: string[] = [];
  for (const file of readdirSync('server/src').filter((n) => n.endsWith('.ts')).map((n) => join('server/src', n))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: import('typescript').Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const last = source.getLineAndCharacterOfPosition(node.end).line;
        if (last - first + 1 > 60) long.push(`${file}:${first + 1}: ${last - first + 1} lines`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(long, []);
  assert.ok(readFileSync('server/src/server.ts', 'utf8').split('\n').length <= 250);
});
