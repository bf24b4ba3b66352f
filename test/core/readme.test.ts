// The README's Architecture section is the map a newcomer follows: it must name every source file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('the README\'s Architecture section names every source file of the server and the client', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Architecture'), readme.indexOf('\n## ', readme.indexOf('## Architecture') + 1));
  const named = new Set(section.match(/[A-Za-z]+\.ts/g) ?? []);
  // A file in a folder of its own may be named by the folder's line (core/features/, …) with its stem.
  const stems = new Set(section.match(/[A-Za-z]+/g) ?? []);
  const missing = [...sources('server/src'), ...sources('client/src')].filter((f) => {
    const name = basename(f);
    return !named.has(name) && !(/\/(features|search|scan|cli)\//.test(f) && stems.has(name.replace(/\.ts$/, '')));
  });
  assert.deepEqual(missing, []);
});

test('every settings key the extension contributes is in the README\'s settings table', () => {
  const readme = readFileSync('README.md', 'utf8');
  const keys = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).contributes.configuration.properties).map((k) => k.replace(/^mlPapers\./, ''));
  const missing = keys.filter((k) => !readme.includes(`\`${k}\``));
  assert.deepEqual(missing, []);
});

test('the README states the database\'s paper count and its counts by year as the build gives them', () => {
  const readme = readFileSync('README.md', 'utf8');
  const papers = JSON.parse(readFileSync('server/data/papers.json', 'utf8')) as Array<{ issued?: { 'date-parts'?: number[][] } }>;
  const fmt = (n: number) => n.toLocaleString('en-US');
  assert.match(readme, new RegExp(`\\*\\*What it holds\\.\\*\\* ${fmt(papers.length)} papers`));
  const years = papers.map((p) => p.issued?.['date-parts']?.[0]?.[0] ?? 0);
  const span = (a: number, b: number) => years.filter((y) => y >= a && y <= b).length;
  assert.ok(readme.includes(`By year: 2012–2015: ${span(2012, 2015)}, 2016–2019: ${span(2016, 2019)}, 2020–2022: ${span(2020, 2022)}, 2023–2026: ${span(2023, 2026)}`));
});
