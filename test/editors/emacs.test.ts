// Emacs as the LSP client: `emacs --batch` (Debian's emacs-nox, 28.2 on bookworm) with Eglot (Debian's
// elpa-eglot, 1.9; Eglot is built in from Emacs 29) starts `node dist/server.js --stdio` from the README's
// configuration, opens a small project (a Markdown note with a refs.bib, a LaTeX main.tex that \input's a
// chapter, the .bib itself), and an Elisp driver asks for hover and completion the way Eglot's own
// commands do, collects the published diagnostics and what Flymake shows, and writes it all to a JSON file.
// Eglot 1.9 sends one languageId for every mode of an `eglot-server-programs` entry (that of the buffer that
// started the server), so the README gives each language its own entry: a shared entry had main.tex read
// as Markdown, with no LaTeX diagnostics. Emacs has no markdown-mode of its own: the init file defines a stand-in
// `markdown-mode` (derived from text-mode) when the markdown-mode package is absent; Eglot only sees the name.
// This test fails (never skips) when emacs is missing: `npm test` installs it (scripts/setup.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { positionOf } from '../server/lspClient';
import { bib, md } from './notes';

const server = path.resolve('dist/server.js');
/** 0-based line and character of `needle` (plus `delta`) in `text`, as the Lisp driver takes them. */
const pos = (text: string, needle: string, delta = 0): [number, number] => { const p = positionOf(text, needle, delta); return [p.line, p.character]; };


const mainTex = `\\documentclass{article}
\\begin{document}
As shown by \\citet{he2016deep} and \\citep{Vaswani.Attention.2017}.
Unknown: \\cite{nobody2099nothing}.
\\input{chapters/intro}
\\bibliography{refs}
\\end{document}
`;

const chapterTex = `\\section{Introduction}
Optimised with \\citep{kingma2014adam}.
Also unknown: \\citet{nobody2099chapter}.
Complete here: \\cite{adam
`;


/** A Lisp literal: strings (JSON escapes are Elisp escapes), numbers, lists, plists with keyword keys. */
const el = (v: unknown): string => {
  if (v === null || v === undefined || v === false) return 'nil';
  if (v === true) return 't';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `(${v.map(el).join(' ')})`;
  return `(${Object.entries(v as Record<string, unknown>).map(([k, x]) => `:${k} ${el(x)}`).join(' ')})`;
};

/**
 * The user's init file: the README's Emacs configuration (one `eglot-server-programs` entry per language,
 * `eglot-ensure` in each mode, settings through `eglot-workspace-configuration`), with the absolute
 * node and server paths of this checkout.
 */
function initEl(): string {
  return `
;; Emacs has no markdown-mode of its own; the markdown-mode package provides it. A stand-in with the same name.
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown")
  (add-to-list 'auto-mode-alist '("\\\\.md\\\\'" . markdown-mode)))

(with-eval-after-load 'eglot
  (dolist (modes '((markdown-mode) (latex-mode LaTeX-mode) (bibtex-mode)))
    (add-to-list 'eglot-server-programs
                 (cons modes '(${el(process.execPath)} ${el(server)} "--stdio")))))
(dolist (hook '(markdown-mode-hook latex-mode-hook LaTeX-mode-hook bibtex-mode-hook))
  (add-hook hook (lambda ()
                   ;; List every paper the server matched (on key, title, alias or author): Eglot's default
                   ;; flex style keeps only the keys that contain the typed letters in order.
                   (setq-local completion-category-overrides
                               (cons '(eglot (styles basic)) completion-category-overrides))
                   (eglot-ensure))))
(setq-default eglot-workspace-configuration '(:mlPapers (:bibFormat "bibtex")))
`;
}

interface DocCase {
  name: string;
  file: string;
  /** Expect published diagnostics for this document (wait for them). */
  diagnostics: boolean;
  hover?: [number, number];
  completion?: [number, number];
  /** The completion candidate to accept, as a user picking it from *Completions* would. */
  choose?: string;
}

/**
 * The driver, loaded after the init file. For each document: visit it (the mode hook runs `eglot-ensure`,
 * which connects on the next command: batch Emacs runs no command loop, so the driver runs
 * `post-command-hook` itself), wait for the connection, for diagnostics and for Flymake, then hover via
 * `textDocument/hover` and Eglot's own rendering (what eldoc shows), and completion through
 * `eglot-completion-at-point` (the table `completion-at-point` uses), accepting one candidate through its
 * exit function. Writes JSON and exits.
 */
function driverEl(out: string, docs: DocCase[]): string {
  return `
(require 'json)
(require 'cl-lib)
(require 'eglot)
(defvar mlp-published nil "publishDiagnostics params, newest first.")
(defvar mlp-opened nil "didOpen params sent, newest first.")
(defvar mlp-configuration nil "What Eglot answered to workspace/configuration.")
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics) (push params mlp-published))))
(advice-add 'jsonrpc-notify :before
            (lambda (_conn method params)
              (when (eq method :textDocument/didOpen) (push (plist-get params :textDocument) mlp-opened))))
(advice-add 'eglot-handle-request :filter-return
            (lambda (ret) (push ret mlp-configuration) ret)
            '((name . mlp-configuration)))

(defun mlp-wait (pred timeout)
  (let ((end (+ (float-time) timeout)) ok)
    (while (and (not (setq ok (funcall pred))) (< (float-time) end))
      (accept-process-output nil 0.05))
    (and ok t)))

(defun mlp-goto (line-char)
  (goto-char (point-min))
  (forward-line (car line-char))
  (forward-char (cadr line-char)))

(defun mlp-line-col (pt)
  (save-excursion (goto-char pt) (vector (1- (line-number-at-pos)) (current-column))))

(defun mlp-last-published (uri)
  (cl-find uri mlp-published :key (lambda (p) (plist-get p :uri)) :test #'equal))

(defun mlp-doc (doc)
  (let* ((file (plist-get doc :file)) r)
    (find-file file)
    (run-hooks 'post-command-hook)
    (push (cons "mode" (symbol-name major-mode)) r)
    (push (cons "attached" (mlp-wait (lambda () (bound-and-true-p eglot--managed-mode)) 20)) r)
    (let* ((server (eglot-current-server))
           (uri (eglot--path-to-uri buffer-file-name)))
      (push (cons "uri" uri) r)
      (push (cons "serverPid" (process-id (jsonrpc--process server))) r)
      (push (cons "serverModes" (vconcat (mapcar #'symbol-name (eglot--major-modes server)))) r)
      (push (cons "projectRoot" (expand-file-name (project-root (eglot--project server)))) r)
      (push (cons "languageId" (plist-get (cl-find uri mlp-opened :key (lambda (d) (plist-get d :uri)) :test #'equal) :languageId)) r)
      (push (cons "snippetSupport"
                  (if (eq t (plist-get (plist-get (plist-get (plist-get (eglot-client-capabilities server) :textDocument) :completion) :completionItem) :snippetSupport)) t :json-false))
            r)
      (when (plist-get doc :diagnostics)
        (push (cons "diagnosticsArrived"
                    (mlp-wait (lambda () (let ((p (mlp-last-published uri))) (and p (> (length (plist-get p :diagnostics)) 0)))) 15))
              r)
        (push (cons "diagnostics"
                    (vconcat (mapcar (lambda (d)
                                       (let ((start (plist-get (plist-get d :range) :start)))
                                         (list (cons "line" (plist-get start :line)) (cons "character" (plist-get start :character))
                                               (cons "severity" (plist-get d :severity)) (cons "code" (plist-get d :code))
                                               (cons "message" (plist-get d :message)))))
                                     (plist-get (mlp-last-published uri) :diagnostics))))
              r)
        ;; What the user sees: Flymake's diagnostics in the buffer (Eglot is its backend).
        (flymake-start)
        (mlp-wait (lambda () (flymake-diagnostics)) 5)
        (push (cons "flymake"
                    (vconcat (mapcar (lambda (d)
                                       (list (cons "at" (mlp-line-col (flymake-diagnostic-beg d)))
                                             (cons "type" (symbol-name (flymake-diagnostic-type d)))
                                             (cons "text" (flymake-diagnostic-text d))))
                                     (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))
              r))
      (when (plist-get doc :hover)
        (mlp-goto (plist-get doc :hover))
        (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
          (push (cons "hover" hover) r)
          (push (cons "hoverShown" (and hover (eglot--hover-info (plist-get hover :contents) (plist-get hover :range)))) r)))
      (when (plist-get doc :completion)
        (mlp-goto (plist-get doc :completion))
        ;; What M-x completion-at-point asks: the buffer's capfs, Eglot's first.
        (let* ((capf (run-hook-with-args-until-success 'completion-at-point-functions))
               (beg (nth 0 capf)) (end (nth 1 capf)) (table (nth 2 capf)) (props (nthcdr 3 capf))
               (typed (buffer-substring-no-properties beg end))
               (found (completion-all-completions typed table nil (length typed)))
               (sorter (completion-metadata-get (completion-metadata typed table nil) 'display-sort-function))
               shown chosen)
          (when (consp found) (setcdr (last found) nil))
          (setq shown (if sorter (funcall sorter found) found))
          (push (cons "capf" (format "%s" (car completion-at-point-functions))) r)
          (push (cons "typed" typed) r)
          (push (cons "candidates" (vconcat (mapcar #'substring-no-properties shown))) r)
          ;; The same table under Eglot's own default styles, without the README's override.
          (let ((completion-category-overrides (default-value 'completion-category-overrides)))
            (let ((plain (completion-all-completions typed table nil (length typed))))
              (when (consp plain) (setcdr (last plain) nil))
              (push (cons "candidatesEglotDefault" (vconcat (mapcar #'substring-no-properties plain))) r)))
          (push (cons "items" (vconcat (mapcar (lambda (c)
                                                  (let ((item (get-text-property 0 'eglot--lsp-item c)))
                                                    (list (cons "label" (plist-get item :label))
                                                          (cons "insertTextFormat" (plist-get item :insertTextFormat))
                                                          (cons "newText" (plist-get (plist-get item :textEdit) :newText)))))
                                                shown)))
                r)
          (setq chosen (cl-find (plist-get doc :choose) shown :test #'string=))
          (when chosen
            ;; As choosing it in *Completions* does: replace the typed text, then Eglot's exit function applies the textEdit.
            (completion--replace beg end chosen)
            (goto-char (+ beg (length chosen)))
            (funcall (plist-get props :exit-function) chosen 'finished)
            (push (cons "lineAfterCompletion" (buffer-substring-no-properties (line-beginning-position) (line-end-position))) r)
            (set-buffer-modified-p nil)))))
    (nreverse r)))

(let ((results (list (cons "emacs" emacs-version)
                     (cons "eglot" (or (ignore-errors (package-desc-version (cadr (assq 'eglot package-alist)))) (locate-library "eglot"))))))
  (condition-case err
      (dolist (doc '${el(docs)})
        (push (cons (plist-get doc :name) (mlp-doc doc)) results))
    (error (push (cons "error" (error-message-string err)) results)))
  (push (cons "configuration" (vconcat (delq nil (mapcar (lambda (c) (and (vectorp c) c)) mlp-configuration)))) results)
  (with-temp-file ${el(out)}
    (let ((json-false :json-false) (json-encoding-pretty-print nil))
      (insert (json-encode (nreverse results)))))
  (dolist (s (eglot--all-servers)) (ignore-errors (eglot-shutdown s)))
  (kill-emacs 0))
`;
}

let dir: string;
let results: any;
let emacsOutput = '';

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlp-emacs-'));
  const ws = path.join(dir, 'ws');
  mkdirSync(path.join(ws, 'chapters'), { recursive: true });
  writeFileSync(path.join(ws, 'notes.md'), md);
  writeFileSync(path.join(ws, 'main.tex'), mainTex);
  writeFileSync(path.join(ws, 'chapters', 'intro.tex'), chapterTex);
  writeFileSync(path.join(ws, 'refs.bib'), bib);
  // A git repository, as a user's project is: project.el (and so Eglot) takes its root as the project,
  // so main.tex and chapters/intro.tex share one server rooted there.
  const git = spawnSync('git', ['init', '-q', ws], { encoding: 'utf8' });
  assert.equal(git.status, 0, `git init (the test needs git): ${git.error ?? git.stderr}`);
  const home = path.join(dir, 'home');
  mkdirSync(home);
  writeFileSync(path.join(dir, 'init.el'), initEl());
  const out = path.join(dir, 'out.json');
  const docs: DocCase[] = [
    { name: 'markdown', file: path.join(ws, 'notes.md'), diagnostics: true, hover: pos(md, '@he2016deep', 3), completion: pos(md, '[@resn', 6), choose: 'he2016deep' },
    { name: 'latexMain', file: path.join(ws, 'main.tex'), diagnostics: true, hover: pos(mainTex, '{he2016deep}', 3) },
    { name: 'latexChapter', file: path.join(ws, 'chapters', 'intro.tex'), diagnostics: true, hover: pos(chapterTex, '{kingma2014adam}', 3), completion: pos(chapterTex, '\\cite{adam', 10), choose: 'kingma2015adam' },
    { name: 'bibtex', file: path.join(ws, 'refs.bib'), diagnostics: false },
  ];
  writeFileSync(path.join(dir, 'drive.el'), driverEl(out, docs));
  // A private HOME: no user init file, packages, eglot or server state of the person running the tests
  // (batch mode reads no init file anyway; -l loads ours). Debian's site-start makes elpa-eglot loadable.
  const r = spawnSync('emacs', ['--batch', '-l', path.join(dir, 'init.el'), '-l', path.join(dir, 'drive.el')], {
    cwd: ws, env: { ...process.env, HOME: home }, encoding: 'utf8', timeout: 90000, killSignal: 'SIGKILL',
  });
  emacsOutput = `${r.stderr ?? ''}${r.stdout ?? ''}`;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('emacs is not installed: install Debian\'s emacs-nox and elpa-eglot packages (apt-get install -y emacs-nox elpa-eglot); this test does not skip.');
  }
  assert.equal(r.signal, null, `emacs was killed (timeout): ${emacsOutput}`);
  assert.ok(existsSync(out), `emacs wrote no results (exit ${r.status}): ${emacsOutput}`);
  results = JSON.parse(readFileSync(out, 'utf8'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

const docNames = ['markdown', 'latexMain', 'latexChapter', 'bibtex'];

test('the installed Emacs and Eglot ran the driver without errors', () => {
  assert.equal(results.error, undefined, `${results.error}\n${emacsOutput}`);
  assert.match(results.emacs, /^\d+\.\d+/);
  assert.ok(Number(results.emacs.split('.')[0]) >= 28, results.emacs);
  assert.ok(results.eglot, 'eglot is loadable (elpa-eglot on Emacs 28, built in from 29)');
});

test('every document attaches, with its own language id; the LaTeX files share one server rooted at the project', () => {
  const expected: Record<string, [string, string]> = {
    markdown: ['markdown-mode', 'markdown'], latexMain: ['latex-mode', 'latex'], latexChapter: ['latex-mode', 'latex'], bibtex: ['bibtex-mode', 'bibtex'],
  };
  for (const name of docNames) {
    const r = results[name];
    assert.ok(r, `no results for ${name}: ${JSON.stringify(results).slice(0, 2000)}\n${emacsOutput}`);
    assert.equal(r.mode, expected[name][0], name);
    assert.equal(r.attached, true, name);
    assert.equal(r.languageId, expected[name][1], `${name} was opened as ${r.languageId}`);
    assert.equal(r.projectRoot, `${path.join(dir, 'ws')}/`, name);
  }
  assert.equal(results.latexMain.serverPid, results.latexChapter.serverPid, 'main.tex and its chapter share a server');
  assert.notEqual(results.markdown.serverPid, results.latexMain.serverPid);
  assert.equal(results.markdown.snippetSupport, false, 'Eglot advertises snippets only with yasnippet');
});

test('settings reach the server through eglot-workspace-configuration', () => {
  const answers: any[] = results.configuration;
  assert.ok(answers.length > 0, 'the server asked for workspace/configuration');
  assert.ok(answers.some((a) => JSON.stringify(a).includes('"bibFormat":"bibtex"')), JSON.stringify(answers));
});

const diag = (r: any) => r.diagnostics.map((d: any) => `${d.line + 1}:${d.character + 1} ${d.code} ${d.message}`);
const shown = (r: any) => r.flymake.map((d: any) => `${d.at[0] + 1}:${d.at[1] + 1} ${d.type} ${d.text}`);

test('markdown: diagnostics are published and Flymake shows them', () => {
  const r = results.markdown;
  assert.equal(r.diagnosticsArrived, true);
  const messages = diag(r);
  assert.ok(messages.some((m: string) => /^7:11 unknown-key Unknown citation key 'vaswani2017atention'\. Did you mean 'vaswani2017attention'\?/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m: string) => /^6:21 missing-from-bib 'he2016deep' is in the ML Papers database but not in refs\.bib/.test(m)), messages.join('\n'));
  const flymake = shown(r);
  assert.ok(flymake.some((m: string) => /^7:11 eglot-warning ml-papers \[unknown-key\]: Unknown citation key 'vaswani2017atention'/.test(m)), flymake.join('\n'));
});

test('LaTeX: diagnostics in the main file and in the \\input chapter', () => {
  const main = results.latexMain;
  assert.equal(main.diagnosticsArrived, true);
  assert.ok(diag(main).some((m: string) => /^4:16 unknown-key Unknown citation key 'nobody2099nothing'/.test(m)), diag(main).join('\n'));
  assert.ok(shown(main).some((m: string) => /^4:16 eglot-\w+ ml-papers \[unknown-key\]: Unknown citation key 'nobody2099nothing'/.test(m)), shown(main).join('\n'));
  const chapter = results.latexChapter;
  assert.equal(chapter.diagnosticsArrived, true);
  assert.ok(diag(chapter).some((m: string) => /^3:22 unknown-key Unknown citation key 'nobody2099chapter'/.test(m)), diag(chapter).join('\n'));
  assert.ok(shown(chapter).some((m: string) => /^3:22 eglot-\w+ ml-papers \[unknown-key\]: Unknown citation key 'nobody2099chapter'/.test(m)), shown(chapter).join('\n'));
});

for (const [name, title, author] of [
  ['markdown', /Deep Residual Learning for Image Recognition/, /Kaiming He/],
  ['latexMain', /Deep Residual Learning for Image Recognition/, /Kaiming He/],
  ['latexChapter', /Adam: A Method for Stochastic Optimization/, /Diederik P\. Kingma/],
] as const) {
  test(`${name}: hover shows the paper, as Eglot renders it`, () => {
    const h = results[name].hover;
    const text = typeof h?.contents === 'string' ? h.contents : h?.contents?.value ?? JSON.stringify(h);
    assert.match(text, title);
    assert.match(text, author);
    assert.match(results[name].hoverShown, title);
  });
}

for (const [name, typed, wanted, line] of [
  ['markdown', 'resn', 'he2016deep', 'Complete here: [@he2016deep'],
  ['latexChapter', 'adam', 'kingma2015adam', 'Complete here: \\cite{kingma2015adam'],
] as const) {
  test(`${name}: completion at '${typed}' lists papers in completion-at-point, and accepting one inserts the key`, () => {
    const r = results[name];
    assert.equal(r.capf, 'eglot-completion-at-point');
    assert.equal(r.typed, typed);
    assert.ok(r.candidates.length > 0, JSON.stringify(r).slice(0, 500));
    assert.ok(r.candidates.slice(0, 5).includes(wanted), r.candidates.slice(0, 10).join(', '));
    for (const i of r.items) {
      assert.notEqual(i.insertTextFormat, 2, `${i.label} is a snippet`);
      assert.equal(i.newText, i.label);
    }
    assert.equal(r.lineAfterCompletion, line);
  });
}

test('without the README\'s completion style, Eglot 1.9\'s flex style hides papers matched on their title', () => {
  // A tripwire for the README's `completion-category-overrides` line: when an Eglot upgrade shows
  // he2016deep for 'resn' by itself, the line can go.
  const plain: string[] = results.markdown.candidatesEglotDefault;
  assert.ok(plain.every((c) => /r.*e.*s.*n/.test(c)), plain.join(', '));
  assert.ok(!plain.includes('he2016deep'), plain.join(', '));
});
