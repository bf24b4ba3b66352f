/**
 * A deterministic synthetic bibliography with the traits of the real files the tests cannot commit
 * (see test/fixtures/bib/real/README.md): many entries, `@string` macros used with `#`
 * concatenation written without spaces, `crossref`s, quoted and braced values, parenthesised
 * entries, bare month macros, TeX accents and UTF-8, `\:` in file fields, trailing commas,
 * `%` comments and `@comment` blocks, and a few duplicate keys.
 */
export interface SyntheticBib {
  text: string;
  /** Entries the file holds, duplicates included. */
  entries: number;
  /** Keys of the later copies of a duplicated key, in file order. */
  duplicateKeys: string[];
  /** `@string` macros defined. */
  strings: number;
}

/** mulberry32: the same seed always gives the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const families = ['M{\\"u}ller', 'Garc{\\\'\\i}a', 'd{\\\'}Aspremont', 'Łukasiewicz', 'Schrödinger', 'Smith', 'Chen', 'Nakamura', 'O\'Neil', '{van der Berg}'];
const given = ['Anna', 'Jos{\\\'e}', 'Wei', 'Zoë', 'K.', 'Jean-Pierre', 'Ólafur'];
const words = ['deep', 'sparse', 'graph', 'learning', 'networks', 'attention', 'kernel', 'optimisation', 'swarm', 'bandits', 'language', 'models'];
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function syntheticBib(n: number, seed = 42): SyntheticBib {
  const r = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const out: string[] = ['% A synthetic bibliography (test/syntheticBib.ts); @misc{not_an_entry, in a comment}\n'];
  const macros = ['jmlr', 'nips', 'icml', 'ppsn_suffix', 'springer', 'and'];
  out.push('@string{jmlr = "Journal of Machine Learning Research"}\n@String{nips = {Advances in Neural Information Processing Systems}}\n');
  out.push('@string{icml = "Proceedings of ICML" # ""}\n@STRING( springer = "Springer (Berlin)" )\n@string{ppsn_suffix = ""}\n@string{and = " and "}\n');
  out.push('@preamble{"\\providecommand{\\noopsort}[1]{}"}\n@comment{ a comment block with {braces} and an @article{inside, } }\n');
  const keys: string[] = [];
  const duplicateKeys: string[] = [];
  let entries = 0;
  for (let i = 0; i < n; i++) {
    const dup = i > 10 && i % 97 === 0;
    const key = dup ? keys[Math.floor(r() * keys.length)] : `${pick(['smith', 'chen', 'muller', 'garcia'])}${1990 + (i % 35)}${pick(words)}_${i}`;
    if (dup) duplicateKeys.push(key);
    else keys.push(key);
    entries++;
    const title = `${pick(words)} ${pick(words)} for {${pick(words).toUpperCase()}} ${pick(words)}`;
    const authors = Array.from({ length: 1 + Math.floor(r() * 4) }, () => `${pick(families)}, ${pick(given)}`);
    const kind = i % 7;
    const fields: string[] = [];
    if (kind === 0) fields.push(`author = "${authors[0]}" #and# "${authors.at(-1)}"`);
    else fields.push(`author = {${authors.join(' and ')}}`);
    fields.push(kind === 1 ? `title = "${title}"` : `title = {${title}}`);
    if (kind === 2) fields.push('journal = jmlr', `volume = ${1 + (i % 25)}`);
    else if (kind === 3) fields.push('booktitle = nips #ppsn_suffix', `crossref = {proc${i % 5}}`);
    else if (kind === 4) fields.push('booktitle = icml', `file = {arXiv\\:${1500 + (i % 99)}.0${1000 + i} PDF:/home/u/Zotero/storage/X${i}/paper.pdf:application/pdf}`);
    else fields.push('publisher = springer');
    fields.push(`year = ${1990 + (i % 35)}`, `month = ${pick(months)}`);
    if (kind === 5) fields.push(`abstract = {${Array.from({ length: 40 }, () => pick(words)).join(' ')} (50\\% of it, {nested {braces}}).}`);
    const type = pick(['article', 'inproceedings', 'Article', 'INPROCEEDINGS', 'misc', 'techreport']);
    const [open, close] = kind === 6 ? ['(', ')'] : ['{', '}'];
    const indent = pick(['  ', '\t', '    ']);
    const trailing = r() < 0.5 ? ',' : '';
    if (r() < 0.1) out.push(`% ${pick(words)} notes for ${key}\n`);
    out.push(`@${type}${open}${key},\n${fields.map((f) => `${indent}${f}`).join(',\n')}${trailing}\n${close}\n\n`);
  }
  for (let p = 0; p < 5; p++) {
    out.push(`@proceedings{proc${p},\n  title = {Proceedings ${p}},\n  editor = {Editor, E.},\n  year = 2020\n}\n`);
    entries++;
  }
  return { text: out.join(''), entries, duplicateKeys, strings: macros.length };
}
