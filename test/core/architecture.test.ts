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
