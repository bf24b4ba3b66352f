// The reader's fast paths against the inputs that must make them fall back: hash collisions in the
// key, macro and field-name tables, names whose lowercase is not ASCII, values with inner braces,
// quotes and line breaks, and line numbers asked for out of order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBib } from '../../server/src/core/bibParser';
import type { BibParseResult } from '../../server/src/core/model';

function keys(r: BibParseResult): string[] {
  return r.entries.map((e) => e.key);
}
function messages(r: BibParseResult): string[] {
  return r.problems.map((p) => p.message);
}
/** 1-based line of an offset, counted the slow way. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

// "Aa" and "BB" have the same 31-multiplier hash (65·31 + 97 = 66·31 + 66), and so do all strings
// built from them; the key table must compare the keys themselves.
const COLLIDING_KEYS = ['Aa', 'BB', 'AaAa', 'AaBB', 'BBAa', 'BBBB'];

test('keys with equal hashes are different keys; a real duplicate among them is still found', () => {
  const text = COLLIDING_KEYS.map((k) => `@misc{${k}, note = {${k}}}`).join('\n') + '\n@misc{BBAa, note = {again}}\n';
  const r = parseBib(text);
  assert.deepEqual(keys(r), COLLIDING_KEYS);
  assert.deepEqual(r.entries.map((e) => e.fields.note), COLLIDING_KEYS);
  assert.deepEqual(messages(r), ["Duplicate key 'BBAa'; the entry at line 5 is kept and this one is ignored."]);
  assert.equal(r.problems[0].span.start, text.lastIndexOf('BBAa'));
});

test('keys are case-sensitive: Key and key are two entries', () => {
  const r = parseBib('@misc{Key, note = {1}}\n@misc{key, note = {2}}\n@misc{KEY, note = {3}}\n@misc{key, note = {4}}');
  assert.deepEqual(keys(r), ['Key', 'key', 'KEY']);
  assert.deepEqual(messages(r), ["Duplicate key 'key'; the entry at line 2 is kept and this one is ignored."]);
});

test('thousands of keys (the key table grows several times) with duplicates in every region', () => {
  const lines: string[] = [];
  const firstLine = new Map<string, number>();
  const expected: string[] = [];
  const defined: string[] = [];
  for (let i = 0; i < 5000; i++) {
    // Every 7th entry repeats a key defined earlier, near or far back.
    const key = i % 7 === 6 ? defined[(i * 37) % defined.length] : `k${i}`;
    if (firstLine.has(key)) expected.push(`Duplicate key '${key}'; the entry at line ${firstLine.get(key)} is kept and this one is ignored.`);
    else { firstLine.set(key, lines.length + 1); defined.push(key); }
    lines.push(`@misc{${key}, note = {${i}}}`);
  }
  const r = parseBib(lines.join('\n'));
  assert.equal(r.entries.length, firstLine.size);
  assert.deepEqual(messages(r), expected);
  assert.equal(expected.length, 714);
});

test('line numbers in messages stay right when problems point backwards and forwards', () => {
  const text = [
    '@misc{a, note = {1}}', // line 1
    '',
    '@misc{b, note = {2}}', // line 3
    '@misc{a, note = {dup of line 1}}',
    '@misc{c, note = {3}',
    '@misc{d, title = {never closed',
    '',
    '@misc{b, note = {dup of line 3}}', // line 8
    '@misc{a, note = {dup of line 1 again}}',
    '@misc{e, note = {5}',
  ].join('\n');
  const r = parseBib(text);
  assert.deepEqual(messages(r), [
    "Duplicate key 'a'; the entry at line 1 is kept and this one is ignored.",
    "Entry 'c' is missing a closing brace; it ends at line 5.",
    "The value of field 'title' in entry 'd' is missing a closing brace; the entry ends at line 6.",
    "Duplicate key 'b'; the entry at line 3 is kept and this one is ignored.",
    "Duplicate key 'a'; the entry at line 1 is kept and this one is ignored.",
    "Entry 'e' is missing a closing brace; it ends at line 10.",
  ]);
  // And far from the start, in a long file: the counter goes back from where it stands.
  const filler = Array.from({ length: 3000 }, (_, i) => `@misc{f${i}, note = {x}}`).join('\n');
  const long = `${filler}\n@misc{late, note = {1}}\n@misc{f2990, note = {dup}}\n@misc{late, note = {dup}}\n@misc{f5, note = {dup}}\n@misc{broken, note = {x}`;
  const lr = parseBib(long);
  const where = (key: string): number => lineAt(long, long.indexOf(`@misc{${key},`));
  assert.deepEqual(messages(lr), [
    `Duplicate key 'f2990'; the entry at line ${where('f2990')} is kept and this one is ignored.`,
    `Duplicate key 'late'; the entry at line ${where('late')} is kept and this one is ignored.`,
    `Duplicate key 'f5'; the entry at line ${where('f5')} is kept and this one is ignored.`,
    `Entry 'broken' is missing a closing brace; it ends at line ${lineAt(long, long.length)}.`,
  ]);
});

test('@string names with equal folded hashes ("az" and "c<") resolve to their own values, in any case', () => {
  // 97·31 + 122 = 99·31 + 60: the macro table has to compare the names.
  const text = '@string{az = "one"}\n@string{C< = "two"}\n@misc{k, note = AZ # c< # Az # " " # xaz}\n@string{aZ = "three"}\n@misc{j, note = az # C<}';
  const r = parseBib(text);
  assert.deepEqual(r.entries.map((e) => e.fields.note), ['onetwoone xaz', 'threetwo']);
  assert.deepEqual(r.strings, { az: 'three', 'c<': 'two' });
  assert.deepEqual(messages(r), ["Undefined @string macro 'xaz'."]);
  assert.equal(text.slice(r.problems[0].span.start, r.problems[0].span.end), 'xaz');
});

test('macro names that are not ASCII: Unicode lowercase, also when it turns into an ASCII name', () => {
  // U+212A KELVIN SIGN lowercases to an ASCII "k": "\u212Aey" names the macro "key".
  const text = '@string{ÄRGER = "anger"}\n@string{\u212Aey = "kelvin"}\n'
    + '@misc{a, note = ärger # "/" # Ärger # "/" # KEY # "/" # key}\n'
    + '@string{key = "ascii"}\n@misc{b, note = \u212Aey # "/" # \u212AEY # "/" # ÄRGER}\n'
    + '@misc{c, note = Überall}';
  const r = parseBib(text);
  assert.deepEqual(r.entries.map((e) => e.fields.note), ['anger/anger/kelvin/kelvin', 'ascii/ascii/anger', 'Überall']);
  assert.deepEqual(r.strings, { ärger: 'anger', key: 'ascii' });
  assert.deepEqual(messages(r), ["Undefined @string macro 'Überall'."]);
});

test('month macros apply until a file @string overrides them, in any case', () => {
  const r = parseBib('@misc{a, month = JAN # "/" # Feb}\n@string{feb = "Februar"}\n@misc{b, month = jan # "/" # FEB # "/" # dec}');
  assert.deepEqual(r.entries.map((e) => e.fields.month), ['January/February', 'January/Februar/December']);
  assert.deepEqual(r.strings, { feb: 'Februar' });
});

test('thousands of @strings (the macro table grows) all resolve', () => {
  const n = 3000;
  let text = '';
  for (let i = 0; i < n; i++) text += `@string{Mac${i} = "v${i}"}\n`;
  text += '@misc{k, note = ' + Array.from({ length: n }, (_, i) => (i % 2 ? `MAC${i}` : `mac${i}`)).join(' # ') + '}';
  const r = parseBib(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.entries[0].fields.note, Array.from({ length: n }, (_, i) => `v${i}`).join(''));
  assert.equal(Object.keys(r.strings).length, n);
});

test('duplicate fields: case variants, colliding names, names that are not ASCII, and per entry only', () => {
  // "az" and "c<" share a slot of the field-name table; "\u212Aey" lowercases to "key".
  const text = [
    '@misc{a, Title = {1}, az = {2}, c< = {3}, TITLE = {4}, C< = {5}, aZ = {6}}',
    '@misc{b, title = {7}, az = {8}}',
    '@misc{c, \u212Aey = {9}, key = {10}, tïtle = {11}, TÏTLE = {12}, title = {13}, TITLE = {14}}',
    '@misc{d, key = {15}, \u212AEY = {16}, az = {17}, c< = {18}, az = {19}}',
    '@misc{e, note = , note = {20}, note = {21}}',
  ].join('\n');
  const r = parseBib(text);
  assert.deepEqual(r.entries.map((e) => e.fields), [
    { title: '1', az: '2', 'c<': '3' },
    { title: '7', az: '8' },
    { key: '9', tïtle: '11', title: '13' },
    { key: '15', az: '17', 'c<': '18' },
    { note: '20' },
  ]);
  assert.deepEqual(messages(r), [
    "Duplicate field 'title' in entry 'a'; the first value is kept.",
    "Duplicate field 'c<' in entry 'a'; the first value is kept.",
    "Duplicate field 'az' in entry 'a'; the first value is kept.",
    "Duplicate field 'key' in entry 'c'; the first value is kept.",
    "Duplicate field 'tïtle' in entry 'c'; the first value is kept.",
    "Duplicate field 'title' in entry 'c'; the first value is kept.",
    "Duplicate field 'key' in entry 'd'; the first value is kept.",
    "Duplicate field 'az' in entry 'd'; the first value is kept.",
    "Missing value for field 'note' in entry 'e'.",
    "Duplicate field 'note' in entry 'e'; the first value is kept.",
  ]);
});

test('braced values: nested braces, line breaks, a "}" or "{" in the next field, unclosed before the next entry', () => {
  const text = [
    '@article{a,',
    '  title = {The {ACO} {Meta}-{H}euristic {{nested {deeply}}}},',
    '  abstract = {Line one',
    '    line two {with',
    '    a break} inside},',
    '  note = {plain}, year = {2001}',
    '}',
    '@misc{b, title = {no {close here,',
    '  note = {x}}',
    '@misc{c, title = {open {',
    '@misc{d, note = {after}}',
    '@misc{e, note = {{}}{}}',
  ].join('\n');
  const r = parseBib(text);
  assert.deepEqual(keys(r), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(r.entries[0].fields, {
    title: 'The {ACO} {Meta}-{H}euristic {{nested {deeply}}}',
    abstract: 'Line one\n    line two {with\n    a break} inside',
    note: 'plain', year: '2001',
  });
  assert.deepEqual(r.entries[1].fields, {});
  assert.deepEqual(r.entries[2].fields, {});
  assert.deepEqual(r.entries[3].fields, { note: 'after' });
  assert.deepEqual(r.entries[4].fields, { note: '{}' });
  assert.deepEqual(messages(r), [
    "The value of field 'title' in entry 'b' is missing a closing brace; the entry ends at line 9.",
    "The value of field 'title' in entry 'c' is missing a closing brace; the entry ends at line 10.",
    "Unexpected '{' in entry 'e'.",
  ]);
});

test('quoted values: braces protect quotes, stray closing braces, line breaks, unclosed before the next entry', () => {
  const text = [
    '@misc{a, title = "A {"quoted"} word", note = "{\\"o}ver {two}',
    '  lines", extra = "stray } brace", x = "{}"}',
    '@misc{b, title = "never closed,',
    '  note = {x}}',
    '@misc{c, title = "open {" # "x"',
    '@misc{d, note = "{after}" # {more}}',
  ].join('\n');
  const r = parseBib(text);
  assert.deepEqual(keys(r), ['a', 'b', 'c', 'd']);
  assert.deepEqual(r.entries[0].fields, {
    title: 'A {"quoted"} word',
    note: '{\\"o}ver {two}\n  lines',
    extra: 'stray } brace',
    x: '{}',
  });
  assert.deepEqual(r.entries[1].fields, {});
  assert.deepEqual(r.entries[3].fields, { note: '{after}more' });
  assert.deepEqual(messages(r), [
    "The value of field 'title' in entry 'b' is missing a closing quote; the entry ends at line 4.",
    "The value of field 'title' in entry 'c' is missing a closing quote; the entry ends at line 5.",
  ]);
});
