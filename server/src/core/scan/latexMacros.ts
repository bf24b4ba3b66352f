/**
 * What a LaTeX document defines around cite commands, found in one pass before the scan proper:
 * `\newcommand{\mycite}[1]{\citep{#1}}` (and `\renewcommand`, `\providecommand`,
 * `\DeclareRobustCommand`), `\def\mycite#1{\citet{#1}}` (and `\gdef`, `\edef`, `\xdef`),
 * `\NewDocumentCommand{\mycite}{m}{\cite{#1}}` (and its Renew/Provide/Declare forms),
 * `\let\mycite\citep`, and biblatex's `\DeclareCiteCommand{\mycite}` and `\DeclareMultiCiteCommand`.
 *
 * A definition whose body passes one of its parameters as the keys of a known cite command makes
 * a cite command; the keys then sit in that parameter's argument at every use. Definitions are read
 * in document order, so a macro built on an earlier macro is one too. Comments, verbatim
 * environments, `\verb` and `\iffalse` blocks are passed over as the scan passes over them.
 */
import { BACKSLASH, isAsciiLetter, isBlank, isWs, LBRACE, LBRACKET, lineEnd, matchingClose, NL, PERCENT, RBRACE, RBRACKET, STAR } from './chars';

/** natbib and biblatex cite commands taking `[..][..]{keys}`. */
export const LATEX_CITES: ReadonlySet<string> = new Set([
  'cite', 'Cite', 'citep', 'citet', 'citealp', 'citealt', 'citeauthor', 'citeyear', 'citeyearpar', 'citenum',
  'Citep', 'Citet', 'Citealp', 'Citealt', 'Citeauthor', 'nocite', 'parencite', 'Parencite', 'textcite', 'Textcite',
  'autocite', 'Autocite', 'footcite', 'Footcite', 'footcitetext', 'smartcite', 'Smartcite', 'supercite', 'fullcite',
  'footfullcite', 'citetitle', 'Citetitle', 'citeurl', 'citedate', 'citepalias', 'citetalias',
]);
/** biblatex multicite commands: `\cites(pre)(post)[..][..]{a}[..]{b}`. */
export const LATEX_MULTICITES: ReadonlySet<string> = new Set([
  'cites', 'Cites', 'parencites', 'Parencites', 'textcites', 'Textcites', 'autocites', 'Autocites', 'footcites',
  'footcitetexts', 'smartcites', 'Smartcites', 'supercites',
]);
/** Environments whose body is not TeX: nothing in them is cited or defined. */
export const VERBATIM_ENVS: ReadonlySet<string> = new Set(['verbatim', 'verbatim*', 'Verbatim', 'Verbatim*', 'BVerbatim', 'LVerbatim', 'lstlisting', 'minted', 'comment']);

const NEWCOMMANDS = new Set(['newcommand', 'renewcommand', 'providecommand', 'DeclareRobustCommand']);
const DEFS = new Set(['def', 'gdef', 'edef', 'xdef']);
const DOCUMENT_COMMANDS = new Set(['NewDocumentCommand', 'RenewDocumentCommand', 'ProvideDocumentCommand', 'DeclareDocumentCommand']);
/** Any defining command the pass reads. */
const DEFINING = /\\(?:(?:new|renew|provide)command|DeclareRobustCommand|[gex]?def|(?:New|Renew|Provide|Declare)DocumentCommand|Declare(?:Multi)?CiteCommand|let)(?![A-Za-z])/;
/** Bodies longer than this are not looked for (bounds the brace matching on broken input). */
const MAX_BODY = 1 << 16;
/** Bodies longer than this are not read for a cite command to wrap. */
const MAX_WRAPPER = 4096;

/** A command the document made a cite command. */
export interface CiteMacro {
  /** Takes several key groups, like `\cites`. */
  multi: boolean;
  /** How many mandatory `{..}` arguments come before the one holding the keys (0: the first). */
  keyArg: number;
}

/** One definition the scan must treat specially: its header is not prose, its bodies are not citations. */
export interface LatexDefinition {
  /** The defining command's backslash. */
  start: number;
  /** Where the body starts (the first body's `{`); `end` when the definition has no body to scan (`\let`, `\DeclareCiteCommand`). */
  bodyStart: number;
  /** Just past the last body. */
  end: number;
  /** The defined command, without backslash. */
  name: string;
}

export interface LatexDefinitions {
  /** In document order, none inside another's body. */
  defs: LatexDefinition[];
  /** The commands that became cite commands, by name. */
  macros: Map<string, CiteMacro>;
}

/**
 * The definitions of `text`, and which of them make cite commands given the built-in commands plus
 * `extra` (user-configured names, without backslash, taking their keys in the first argument).
 * One linear pass; never throws.
 */
export function latexDefinitions(text: string, extra: Iterable<string> = []): LatexDefinitions {
  const n = text.length;
  const defs: LatexDefinition[] = [];
  const macros = new Map<string, CiteMacro>();
  // Most documents define nothing of interest: one native search says so without the pass.
  if (!DEFINING.test(text)) return { defs, macros };
  const known = new Set(extra);
  const kindOf = (name: string): CiteMacro | undefined => {
    if (LATEX_CITES.has(name) || known.has(name)) return { multi: false, keyArg: 0 };
    if (LATEX_MULTICITES.has(name)) return { multi: true, keyArg: 0 };
    return macros.get(name);
  };

  /** The command name at `p` (a backslash): letters, or one other character; `end` is past it. */
  function commandAt(p: number): { name: string; end: number } | undefined {
    if (text.charCodeAt(p) !== BACKSLASH) return undefined;
    let e = p + 1;
    while (e < n && isAsciiLetter(text.charCodeAt(e))) e++;
    // `\my@cite` (a package's internal name) is read no further than LaTeX outside \makeatletter would.
    if (e === p + 1 || text.charCodeAt(e) === 64) return undefined;
    return { name: text.slice(p + 1, e), end: e };
  }
  function skipWs(p: number): number {
    while (p < n && isWs(text.charCodeAt(p))) p++;
    return p;
  }
  // Brace matching is bounded per group and in total, so that a file of unclosed definitions stays linear.
  let budget = 4 * n + 65536;
  /** The `{..}` group at `p`: index past its `}`, or -1. */
  function group(p: number, open = LBRACE, close = RBRACE): number {
    if (text.charCodeAt(p) !== open) return -1;
    const limit = Math.min(n, p + (budget > 0 ? MAX_BODY : 64));
    budget -= limit - p;
    return matchingClose(text, p, limit, open, close);
  }
  /** The defined name at `p`: `{\name}` or `\name`; undefined when neither. */
  function definedName(p: number): { name: string; end: number } | undefined {
    p = skipWs(p);
    if (text.charCodeAt(p) === LBRACE) {
      const c = commandAt(skipWs(p + 1));
      if (!c) return undefined;
      const e = skipWs(c.end);
      return text.charCodeAt(e) === RBRACE ? { name: c.name, end: e + 1 } : undefined;
    }
    return commandAt(p);
  }
  /** Records a definition with bodies [bodyStart, end), and makes `name` a cite macro when its body passes a parameter as keys. */
  function define(start: number, name: string, bodyStart: number, end: number, params: Array<number | undefined>): void {
    defs.push({ start, name, bodyStart, end });
    // A body wrapping a cite command is short; long ones (environments, page layouts) are not read.
    const m = end - bodyStart <= MAX_WRAPPER ? citeInBody(text.slice(bodyStart + 1, end - 1), kindOf) : undefined;
    if (!m) return;
    if (m.param === undefined) { macros.set(name, { multi: m.multi, keyArg: 0 }); return; }
    const keyArg = params[m.param - 1];
    if (keyArg !== undefined) macros.set(name, { multi: m.multi, keyArg });
  }

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === PERCENT) { i = lineEnd(text, i); continue; }
    if (c !== BACKSLASH) { i++; continue; }
    let j = i + 1;
    if (j >= n) break;
    if (!isAsciiLetter(text.charCodeAt(j))) { i = j + 1; continue; }
    while (j < n && isAsciiLetter(text.charCodeAt(j))) j++;
    const name = text.slice(i + 1, j);
    let afterStar = j;
    if (text.charCodeAt(afterStar) === STAR) afterStar++;
    if (name === 'iffalse') { i = iffalseEnd(text, j); continue; }
    if (name === 'begin' || name === 'verb' || name === 'lstinline') { i = verbatimEnd(text, afterStar, name); continue; }

    if (NEWCOMMANDS.has(name)) {
      // \newcommand{\name}[N][default]{body}
      const d = definedName(afterStar);
      if (!d) { i = j; continue; }
      let p = skipWs(d.end);
      let count = 0, optionalFirst = false;
      const nArgs = /^\[\s*(\d)\s*\]/.exec(text.slice(p, p + 8));
      if (nArgs) {
        count = Number(nArgs[1]);
        p = skipWs(p + nArgs[0].length);
        const e = group(p, LBRACKET, RBRACKET);
        if (e > 0) { optionalFirst = true; p = skipWs(e); }
      }
      const end = group(p);
      if (end < 0) { i = j; continue; }
      const params: Array<number | undefined> = [];
      for (let k = 1; k <= count; k++) params.push(optionalFirst ? (k === 1 ? undefined : k - 2) : k - 1);
      define(i, d.name, p, end, params);
      i = end;
      continue;
    }
    if (DEFS.has(name)) {
      // \def\name#1#2{body}: undelimited parameters are mandatory arguments in order.
      const d = commandAt(skipWs(j));
      if (!d) { i = j; continue; }
      const brace = text.slice(d.end, d.end + 64).indexOf('{') + d.end;
      const paramText = brace < d.end ? undefined : text.slice(d.end, brace);
      if (paramText === undefined || /[}%\n]/.test(paramText)) { i = j; continue; }
      const end = group(brace);
      if (end < 0) { i = j; continue; }
      const undelimited = /^\s*(#\d)*\s*$/.test(paramText);
      const count = (paramText.match(/#\d/g) ?? []).length;
      const params: Array<number | undefined> = [];
      for (let k = 0; k < count; k++) params.push(undelimited ? k : undefined);
      define(i, d.name, brace, end, params);
      i = end;
      continue;
    }
    if (DOCUMENT_COMMANDS.has(name)) {
      // \NewDocumentCommand{\name}{spec}{body}
      const d = definedName(j);
      if (!d) { i = j; continue; }
      const specStart = skipWs(d.end);
      const specEnd = group(specStart);
      if (specEnd < 0) { i = j; continue; }
      const p = skipWs(specEnd);
      const end = group(p);
      if (end < 0) { i = j; continue; }
      define(i, d.name, p, end, documentCommandParams(text.slice(specStart + 1, specEnd - 1)));
      i = end;
      continue;
    }
    if (name === 'DeclareCiteCommand' || name === 'DeclareMultiCiteCommand') {
      // \DeclareCiteCommand{\name}[wrapper]{precode}{loopcode}{sepcode}{postcode}: a cite command with
      // the usual arguments. \DeclareMultiCiteCommand{\names}[wrapper]{\cite}{sep}: a multicite.
      const d = definedName(afterStar);
      if (!d) { i = j; continue; }
      let p = skipWs(d.end);
      const w = group(p, LBRACKET, RBRACKET);
      if (w > 0) p = skipWs(w);
      let end = d.end;
      for (let k = 0; k < (name === 'DeclareCiteCommand' ? 4 : 2); k++) {
        const e = group(p);
        if (e < 0) break;
        end = e;
        p = skipWs(e);
      }
      defs.push({ start: i, name: d.name, bodyStart: end, end });
      macros.set(d.name, { multi: name === 'DeclareMultiCiteCommand', keyArg: 0 });
      i = end;
      continue;
    }
    if (name === 'let') {
      // \let\mycite\citep or \let\mycite=\citep
      const d = commandAt(skipWs(j));
      if (!d) { i = j; continue; }
      let p = skipWs(d.end);
      if (text.charCodeAt(p) === 61) p = skipWs(p + 1);
      const target = commandAt(p);
      if (!target) { i = d.end; continue; }
      const kind = kindOf(target.name);
      if (kind) {
        defs.push({ start: i, name: d.name, bodyStart: target.end, end: target.end });
        macros.set(d.name, kind);
      }
      i = target.end;
      continue;
    }
    i = j;
  }
  return { defs, macros };
}

/**
 * The names of the cite commands `text` defines (see the module comment), without backslash: what a
 * project passes as `customCiteCommands` when scanning the files that use a preamble's macros.
 * Such a name takes its keys in its first argument. [] when there are none.
 */
export function citeMacrosDefinedIn(text: string): string[] {
  return [...latexDefinitions(text).macros.keys()];
}

/**
 * Past the `\fi` closing the `\iffalse` whose name ends at `p`, or past an `\else`/`\or` at its
 * level (what follows is typeset). Nested conditionals (`\if…` commands) are counted as TeX counts
 * them when skipping; comments are passed over. The text's end when nothing closes it.
 */
export function iffalseEnd(text: string, p: number): number {
  const n = text.length;
  let depth = 0;
  let i = p;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === PERCENT) { i = lineEnd(text, i); continue; }
    if (c !== BACKSLASH) { i++; continue; }
    let j = i + 1;
    while (j < n && isAsciiLetter(text.charCodeAt(j))) j++;
    if (j === i + 1) { i += 2; continue; }
    const name = text.slice(i + 1, j);
    if (name === 'fi') { if (depth-- === 0) return j; }
    else if ((name === 'else' || name === 'or') && depth === 0) return j;
    // \iff (the symbol) and \ifthenelse (a macro) are not conditionals.
    else if (name.startsWith('if') && name !== 'iff' && name !== 'ifthenelse') depth++;
    i = j;
  }
  return n;
}

/**
 * For `\begin` (or `\verb`, `\lstinline`) whose name ends at `j`: past the verbatim
 * environment or argument it opens, or `j` when it opens none.
 */
export function verbatimEnd(text: string, j: number, name: string): number {
  const n = text.length;
  if (name === 'begin') {
    // Blanks and at most one line break, as between any command and its argument.
    let p = j, lines = 0;
    while (p < n && (isBlank(text.charCodeAt(p)) || (text.charCodeAt(p) === NL && ++lines < 2))) p++;
    if (text.charCodeAt(p) !== LBRACE) return j;
    const close = text.slice(p, p + 64).indexOf('}') + p;
    const env = close < p ? '' : text.slice(p + 1, close);
    if (!VERBATIM_ENVS.has(env)) return j;
    const endTag = `\\end{${env}}`;
    const e = text.indexOf(endTag, close + 1);
    return e < 0 ? n : e + endTag.length;
  }
  const delim = text.charCodeAt(j);
  if (j >= n || isAsciiLetter(delim) || isWs(delim) || delim === STAR) return j;
  const closer = delim === LBRACE ? RBRACE : delim;
  let e = j + 1;
  while (e < n && text.charCodeAt(e) !== closer && text.charCodeAt(e) !== NL) e++;
  return e < n && text.charCodeAt(e) === closer ? e + 1 : e;
}

/**
 * For each parameter of an xparse argument spec (`m`, `o`, `O{x}`, `s`, ...), the index of the
 * mandatory `{..}` argument it is, or undefined for optional and delimited ones.
 */
function documentCommandParams(spec: string): Array<number | undefined> {
  const out: Array<number | undefined> = [];
  let mandatory = 0;
  let i = 0;
  const skipGroup = (): void => {
    while (i < spec.length && isWs(spec.charCodeAt(i))) i++;
    if (spec[i] !== '{') return;
    let depth = 0;
    for (; i < spec.length; i++) {
      if (spec[i] === '{') depth++;
      else if (spec[i] === '}' && --depth === 0) { i++; return; }
    }
  };
  while (i < spec.length) {
    const c = spec[i++];
    if (c === 'm' || c === 'l' || c === 'v' || c === 'b') out.push(mandatory++);
    else if (c === 'o' || c === 's') out.push(undefined);
    else if (c === 'O') { skipGroup(); out.push(undefined); }
    else if (c === 't') { i++; out.push(undefined); }
    else if (c === 'd' || c === 'r') { i += 2; out.push(undefined); }
    else if (c === 'D' || c === 'R') { i += 2; skipGroup(); out.push(undefined); }
    else if (c === 'e') { skipGroup(); out.push(undefined); }
    else if (c === 'E') { skipGroup(); skipGroup(); out.push(undefined); }
    else if (c === '>' || c === '=') skipGroup();
    // '+', '!' and blanks qualify or separate the next argument.
  }
  return out;
}

/**
 * The cite command a definition's body makes: the first known cite command whose key group holds
 * a parameter (`\citep[#2]{#1}` → param 1), or, for a body that is a bare cite command (`\citep`),
 * that command's kind with no param. Undefined when the body passes no keys to a cite command.
 */
function citeInBody(body: string, kindOf: (name: string) => CiteMacro | undefined): { multi: boolean; param?: number } | undefined {
  // Bounded repetitions keep each attempt short, whatever the body holds.
  const re = /\\([A-Za-z]+)\*?\s*((?:\[[^\]]{0,200}\]\s*|\([^)]{0,200}\)\s*){0,4})\{([^{}]{0,500})\}/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const kind = kindOf(m[1]);
    // A macro whose keys are not its first argument is not followed through another macro.
    if (!kind || kind.keyArg !== 0) continue;
    const param = /#(\d)/.exec(m[3]);
    if (param) return { multi: kind.multi, param: Number(param[1]) };
  }
  const bare = /^\s*\\([A-Za-z]+)\*?\s*$/.exec(body);
  const kind = bare ? kindOf(bare[1]) : undefined;
  return kind && kind.keyArg === 0 ? { multi: kind.multi } : undefined;
}
