// Neovim as the LSP client: headless nvim (Debian's `neovim` package, 0.7 on bookworm) starts
// `node dist/server.js --stdio` with the built-in client, opens a Markdown and a LaTeX note, and a
// Lua driver asks for hover and completion and collects the published diagnostics into a JSON file.
// Neovim 0.7 has no vim.lsp.start and advertises no snippet support: the server must still serve it.
// This test fails (never skips) when nvim is missing: `npm test` installs it (scripts/setup.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { positionOf } from '../server/lspClient';
import { bib, md } from './notes';

const server = path.resolve('dist/server.js');
const pos = positionOf;


const tex = `\\documentclass{article}
\\begin{document}
As shown by \\citet{he2016deep} and \\citep{kingma2014adam}.
Unknown: \\cite{nobody2099nothing}.
Complete here: \\cite{adam
\\bibliography{refs}
\\end{document}
`;


const lua = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `{ ${v.map(lua).join(', ')} }`;
  return `{ ${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k} = ${lua(x)}`).join(', ')} }`;
};

/**
 * The configuration a Neovim 0.7 user puts in init.lua: one client started once, attached to every
 * Markdown/TeX/BibTeX buffer (vim.lsp.start arrived in 0.8).
 */
function initLua(root: string): string {
  return `
local client_id = vim.lsp.start_client({
  name = 'ml-papers',
  cmd = ${lua([process.execPath, server, '--stdio'])},
  root_dir = ${lua(root)},
  settings = { mlPapers = { bibFormat = 'bibtex' } },
})
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'tex', 'plaintex', 'bib' },
  callback = function(args) vim.lsp.buf_attach_client(args.buf, client_id) end,
})
_G.ml_papers_client_id = client_id
`;
}

interface DocCase { name: string; file: string; hover: { line: number; character: number }; completion: { line: number; character: number } }

/** The driver: opens each note, waits for attach and diagnostics, asks hover and completion, writes JSON, quits. */
function driverLua(out: string, docs: DocCase[]): string {
  return `
local results = { nvim = vim.version() }
local ok, err = pcall(function()
  local client_id = _G.ml_papers_client_id
  for _, doc in ipairs(${lua(docs)}) do
    vim.cmd('edit ' .. vim.fn.fnameescape(doc.file))
    local buf = vim.api.nvim_get_current_buf()
    local r = { filetype = vim.bo[buf].filetype }
    r.attached = vim.wait(20000, function()
      local c = vim.lsp.get_client_by_id(client_id)
      return c ~= nil and c.server_capabilities ~= nil and vim.lsp.buf_is_attached(buf, client_id)
    end, 20)
    r.diagnosticsArrived = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
    r.diagnostics = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
      table.insert(r.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, code = code })
    end
    local uri = vim.uri_from_bufnr(buf)
    local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = doc.hover }, 20000)
    r.hover = hover and hover[client_id] and (hover[client_id].result or hover[client_id].err) or vim.NIL
    local completion = vim.lsp.buf_request_sync(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = doc.completion }, 20000)
    r.completion = completion and completion[client_id] and (completion[client_id].result or completion[client_id].err) or vim.NIL
    local caps = vim.lsp.get_client_by_id(client_id).config.capabilities or vim.lsp.protocol.make_client_capabilities()
    r.snippetSupport = caps.textDocument.completion.completionItem.snippetSupport or false
    results[doc.name] = r
  end
end)
if not ok then results.error = tostring(err) end
local f = assert(io.open(${lua(out)}, 'w'))
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd('qa!')
`;
}

let dir: string;
let results: any;
let nvimStderr = '';

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-nvim-'));
  const ws = path.join(dir, 'ws');
  mkdirSync(ws);
  writeFileSync(path.join(ws, 'notes.md'), md);
  writeFileSync(path.join(ws, 'paper.tex'), tex);
  writeFileSync(path.join(ws, 'refs.bib'), bib);
  writeFileSync(path.join(dir, 'init.lua'), initLua(ws));
  const out = path.join(dir, 'out.json');
  const docs: DocCase[] = [
    { name: 'markdown', file: path.join(ws, 'notes.md'), hover: pos(md, '@he2016deep', 3), completion: pos(md, '[@resn', 6) },
    { name: 'latex', file: path.join(ws, 'paper.tex'), hover: pos(tex, '{he2016deep}', 3), completion: pos(tex, '\\cite{adam', 10) },
  ];
  writeFileSync(path.join(dir, 'drive.lua'), driverLua(out, docs));
  // A private home for Neovim: no user configuration, plugins, shada or logs of the person running the tests.
  const xdg = Object.fromEntries(['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME'].map((k) => [k, path.join(dir, k.toLowerCase())]));
  const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(dir, 'init.lua'), '-c', `luafile ${path.join(dir, 'drive.lua')}`], {
    cwd: ws, env: { ...process.env, ...xdg }, encoding: 'utf8', timeout: 90000, killSignal: 'SIGKILL',
  });
  nvimStderr = `${r.stderr ?? ''}${r.stdout ?? ''}`;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('nvim is not installed: install Debian\'s neovim package (apt-get install -y neovim); this test does not skip.');
  }
  assert.equal(r.signal, null, `nvim was killed (timeout): ${nvimStderr}`);
  assert.ok(existsSync(out), `nvim wrote no results (exit ${r.status}): ${nvimStderr}`);
  results = JSON.parse(readFileSync(out, 'utf8'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the installed Neovim ran the driver without errors', () => {
  assert.equal(results.error, undefined, `${results.error}\n${nvimStderr}`);
  assert.ok(results.nvim.major > 0 || results.nvim.minor >= 7, JSON.stringify(results.nvim));
});

for (const name of ['markdown', 'latex']) {
  test(`${name}: the client attaches and diagnostics arrive`, () => {
    const r = results[name];
    assert.ok(r, `no results for ${name}: ${JSON.stringify(results)}`);
    assert.equal(r.attached, true);
    assert.equal(r.diagnosticsArrived, true);
    const messages = r.diagnostics.map((d: any) => `${d.lnum + 1}:${d.col + 1} ${d.code} ${d.message}`);
    if (name === 'markdown') {
      assert.ok(messages.some((m: string) => /^7:11 unknown-key Unknown citation key 'vaswani2017atention'\. Did you mean 'vaswani2017attention'\?/.test(m)), messages.join('\n'));
      assert.ok(messages.some((m: string) => /^6:21 missing-from-bib 'he2016deep' is in the ML Papers database but not in refs\.bib/.test(m)), messages.join('\n'));
    } else {
      assert.ok(messages.some((m: string) => /^4:16 unknown-key Unknown citation key 'nobody2099nothing'/.test(m)), messages.join('\n'));
    }
  });

  test(`${name}: hover shows the paper`, () => {
    const h = results[name].hover;
    const text = typeof h?.contents === 'string' ? h.contents : h?.contents?.value ?? JSON.stringify(h);
    assert.match(text, /Deep Residual Learning for Image Recognition/);
    assert.match(text, /Kaiming He/);
  });

  test(`${name}: completion offers papers as plain-text edits to a client without snippet support`, () => {
    assert.equal(results[name].snippetSupport, false, 'Neovim 0.7 advertises no snippets');
    const c = results[name].completion;
    const items: any[] = Array.isArray(c) ? c : c?.items ?? [];
    assert.ok(items.length > 0, JSON.stringify(c).slice(0, 500));
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes(name === 'markdown' ? 'he2016deep' : 'kingma2015adam'), labels.slice(0, 10).join(', '));
    for (const i of items) {
      assert.notEqual(i.insertTextFormat, 2, `${i.label} is a snippet`);
      assert.equal(i.textEdit?.newText, i.label);
    }
  });
}
