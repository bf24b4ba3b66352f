/**
 * TeX in bib field values → plain Unicode text for display and search.
 *
 * Handles what bibliographies actually contain: accents in all their spellings (`{\"o}`, `\"{o}`,
 * `\"o`, `\c c`), named letters (`\ss`, `\o`, `\aa`), escaped specials, dashes and ties, font
 * commands (their argument is kept) and math (its text is kept). Unknown commands drop their name
 * and keep their arguments, which is the least surprising plain-text reading.
 */

/** Accent commands → combining marks. */
const ACCENTS: Readonly<Record<string, string>> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  c: '\u0327', v: '\u030c', u: '\u0306', H: '\u030b', r: '\u030a', k: '\u0328', d: '\u0323', b: '\u0331', t: '\u0361',
};

/** Commands that stand for a character or a short text. */
const SYMBOLS: Readonly<Record<string, string>> = {
  aa: 'å', AA: 'Å', o: 'ø', O: 'Ø', ss: 'ß', SS: 'SS', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', l: 'ł', L: 'Ł',
  i: 'ı', j: 'ȷ', dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  textendash: '–', textemdash: '—', textquoteright: '’', textquoteleft: '‘', textquotedblleft: '“',
  textquotedblright: '”', textasciitilde: '~', textbackslash: '\\', textunderscore: '_', textbar: '|',
  textless: '<', textgreater: '>', textregistered: '®', texttrademark: '™', textcopyright: '©', copyright: '©',
  textdegree: '°', textbullet: '•', textperiodcentered: '·', textellipsis: '…', ldots: '…', dots: '…',
  pounds: '£', euro: '€', S: '§', P: '¶', dag: '†', ddag: '‡', guillemotleft: '«', guillemotright: '»',
  LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX', slash: '/', space: ' ', quad: ' ', qquad: ' ',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ',
  Psi: 'Ψ', Omega: 'Ω', infty: '∞', times: '×', cdot: '·', pm: '±', leq: '≤', le: '≤', geq: '≥', ge: '≥',
  neq: '≠', ne: '≠', approx: '≈', sim: '∼', to: '→', rightarrow: '→', leftarrow: '←', ell: 'ℓ', partial: '∂',
  nabla: '∇', sum: '∑', prod: '∏', in: '∈', log: 'log', exp: 'exp', min: 'min', max: 'max',
};

/** Single-character commands: escaped specials and spacing. */
const CHAR_COMMANDS: Readonly<Record<string, string>> = {
  '&': '&', '%': '%', '_': '_', '$': '$', '#': '#', '{': '{', '}': '}', ' ': ' ', ',': ' ', ';': ' ',
  ':': ' ', '!': '', '\\': ' ', '-': '', '/': '', '@': '', '\n': ' ', '\t': ' ', '\r': ' ',
};

const BACKSLASH = 92, LBRACE = 123, RBRACE = 125, TILDE = 126, DASH = 45, DOLLAR = 36;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12;
}

/**
 * Converts a bib field value (inner TeX kept, as `parseBib` returns it) to plain text.
 * Braces are removed and whitespace is collapsed to single spaces; never throws.
 */
export function latexToText(value: string): string {
  // Fast path: most values are plain text; return them as they are when nothing needs doing.
  let plain = true;
  let prevSpace = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === BACKSLASH || c === LBRACE || c === RBRACE || c === TILDE || c === DASH || c === DOLLAR) { plain = false; break; }
    const ws = isWs(c);
    if (ws && (prevSpace || c !== 32)) { plain = false; break; }
    prevSpace = ws;
  }
  if (plain && !prevSpace) return value;
  if (plain) return value.replace(/\s+/g, ' ').trim();
  const state: State = { s: value, i: 0, combining: false };
  let out = convert(state, -1);
  if (state.combining) out = out.normalize('NFC');
  return out.replace(/\s+/g, ' ').trim();
}

interface State {
  s: string;
  i: number;
  /** True once a combining mark was emitted, so the result needs NFC normalisation. */
  combining: boolean;
}

/** Converts until the closing brace of the current group (`stop` = `}`) or the end (`stop` = -1). */
function convert(st: State, stop: number): string {
  const s = st.s;
  let out = '';
  while (st.i < s.length) {
    const c = s.charCodeAt(st.i);
    if (c === RBRACE) {
      st.i++;
      if (stop === RBRACE) return out;
      continue; // A stray closing brace prints nothing.
    }
    if (c === LBRACE) { st.i++; out += convert(st, RBRACE); continue; }
    if (c === BACKSLASH) { out += command(st); continue; }
    if (c === TILDE) { st.i++; out += ' '; continue; }
    if (c === DOLLAR) { st.i++; continue; } // Math delimiters vanish; the math text stays.
    if (c === DASH) {
      if (s.charCodeAt(st.i + 1) === DASH) {
        if (s.charCodeAt(st.i + 2) === DASH) { st.i += 3; out += '—'; } else { st.i += 2; out += '–'; }
        continue;
      }
      st.i++; out += '-'; continue;
    }
    // Copy a run of ordinary characters at once.
    const start = st.i;
    let j = st.i + 1;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if (d === BACKSLASH || d === LBRACE || d === RBRACE || d === TILDE || d === DASH || d === DOLLAR) break;
      j++;
    }
    st.i = j;
    out += s.slice(start, j);
  }
  return out;
}

/** Reads one command at `\` and returns its text. */
function command(st: State): string {
  const s = st.s;
  let j = st.i + 1;
  if (j >= s.length) { st.i = j; return ''; }
  const first = s[j];
  let name: string;
  if (isLetter(s.charCodeAt(j))) {
    while (j < s.length && isLetter(s.charCodeAt(j))) j++;
    name = s.slice(st.i + 1, j);
    if (s.charCodeAt(j) === 42 /* * */) j++;
  } else {
    name = first;
    j++;
  }
  st.i = j;
  const letters = isLetter(name.charCodeAt(0));
  const mark = ACCENTS[name];
  if (mark !== undefined) {
    // Letter accents (`\c c`) take a space before their argument; symbol accents (`\"o`) do not.
    if (letters) skipSpaces(st);
    const base = argument(st);
    // `d{\'}Aspremont`: an accent on nothing is how bibliographies spell a bare apostrophe.
    if (!base) return letters ? '' : name;
    st.combining = true;
    const cp = base.codePointAt(0)!;
    const firstChar = String.fromCodePoint(cp);
    // An accent on a dotless i or j means the plain letter with that accent.
    const letter = firstChar === 'ı' ? 'i' : firstChar === 'ȷ' ? 'j' : firstChar;
    return letter + mark + base.slice(firstChar.length);
  }
  if (letters) {
    // TeX skips blanks after a control word; `\ss{}` style empty groups are dropped as well.
    skipSpaces(st);
    if (s.charCodeAt(st.i) === LBRACE && s.charCodeAt(st.i + 1) === RBRACE) st.i += 2;
    const sym = SYMBOLS[name];
    if (sym !== undefined) return sym;
    if (name === 'href') { skipGroup(st); return ''; } // \href{url}{text}: the text follows as a group.
    // Everything else (\emph, \textbf, font switches, unknown macros) prints nothing itself;
    // its arguments follow as groups and are kept.
    return '';
  }
  return CHAR_COMMANDS[name] ?? name;
}

function skipSpaces(st: State): void {
  while (st.i < st.s.length && isWs(st.s.charCodeAt(st.i))) st.i++;
}

/** Skips one `{...}` group (when present) without converting it. */
function skipGroup(st: State): void {
  const s = st.s;
  if (s.charCodeAt(st.i) !== LBRACE) return;
  let depth = 0;
  for (; st.i < s.length; st.i++) {
    const c = s.charCodeAt(st.i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE && --depth === 0) { st.i++; return; }
  }
}

/** The converted text of one argument: a group, a command, or a single character. */
function argument(st: State): string {
  const s = st.s;
  if (st.i >= s.length) return '';
  const c = s.charCodeAt(st.i);
  if (c === LBRACE) { st.i++; return convert(st, RBRACE); }
  if (c === BACKSLASH) return command(st);
  if (c === RBRACE) return '';
  const cp = s.codePointAt(st.i)!;
  const ch = String.fromCodePoint(cp);
  st.i += ch.length;
  return ch;
}
