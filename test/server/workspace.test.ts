// The adapter's file helpers: what counts as inside the workspace (writes are refused elsewhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isInside, resolveBibliographyPath } from '../../server/src/workspace';

test('files under a root are inside; siblings, parents and ../ escapes are not', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlp-ws-'));
  try {
    assert.equal(isInside(path.join(root, 'notes', 'refs.bib'), [root]), true);
    assert.equal(isInside(path.join(root, 'new-folder', 'new.bib'), [root]), true, 'a file that does not exist yet');
    assert.equal(isInside(root, [root]), false);
    assert.equal(isInside(path.join(root, '..', 'elsewhere.bib'), [root]), false);
    assert.equal(isInside(resolveBibliographyPath(path.join(root, 'a.tex'), '../../../../etc/passwd', 'bibliography'), [root]), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a symbolic link inside the workspace that points outside it is outside', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlp-ws-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'mlp-out-'));
  try {
    mkdirSync(path.join(root, 'sub'));
    symlinkSync(outside, path.join(root, 'sub', 'link'));
    assert.equal(isInside(path.join(root, 'sub', 'link', 'refs.bib'), [root]), false);
    assert.equal(isInside(path.join(root, 'sub', 'refs.bib'), [root]), true);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});
