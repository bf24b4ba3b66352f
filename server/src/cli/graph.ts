/**
 * `ml-papers graph`: the related-papers graph of the notes given, as SVG, Graphviz DOT or Mermaid:
 * the same model and writers (core/paperGraph.ts, core/paperGraphWriters.ts) as the editor's panel,
 * so the SVG is the one its "Export SVG" saves.
 */
import * as path from 'node:path';
import { paperGraph } from '../core/paperGraph';
import { graphToDot, graphToMermaid, graphToSvg } from '../core/paperGraphWriters';
import { NOTE_EXTENSIONS, languageOfPath } from '../languages';
import { UsageError, value } from './args';
import { atomicWrite } from './atomicWrite';
import type { Command } from './command';
import { docBibUris, expandInputs, extraBibs, folderInputs, keysCitedIn, loadIndex, readDocs } from './inputs';
import { rel } from './output';

const FORMATS = ['svg', 'dot', 'mermaid'] as const;
type GraphFormat = (typeof FORMATS)[number];

/** The format --format names, else the one --out's extension implies, else SVG. */
function formatFor(given: string | undefined, out: string | undefined): GraphFormat {
  if (given !== undefined) {
    if (!(FORMATS as readonly string[]).includes(given)) throw new UsageError(`--format must be svg, dot or mermaid, not "${given}"`);
    return given as GraphFormat;
  }
  const ext = out ? path.extname(out).toLowerCase() : '';
  return ext === '.dot' || ext === '.gv' ? 'dot' : ext === '.mmd' || ext === '.mermaid' || ext === '.md' ? 'mermaid' : 'svg';
}

export const graphCommand: Command = {
  name: 'graph',
  synopsis: '<files or folders…>    the related-papers graph (SVG, DOT, Mermaid)',
  help: `Usage: ml-papers graph <files or folders…> [--format svg|dot|mermaid] [--out file]

The papers the Markdown/LaTeX files cite, on a time axis by year, with the database's relations
between them (builds on, improves on, follow-up, honourable mention of, same family) and, faded,
the papers they build on that the files do not cite. Node size follows the citation count.
  --format   svg (default; what the VS Code panel shows and exports), dot (Graphviz: dot -Tpng),
             or mermaid (a flowchart that GitHub renders in Markdown)
  --out      write to this file (atomically) instead of stdout; its extension picks the format
             when --format is not given (.svg, .dot/.gv, .mmd/.md); in a .md file the Mermaid
             flowchart is written inside a \`\`\`mermaid block`,
  valueFlags: ['--format', '--out'],
  async run(run) {
    const { args } = run;
    if (!args.positional.length) throw new UsageError('graph needs files or folders, e.g. ml-papers graph notes/ --format mermaid');
    const out = value(args, '--out');
    const format = formatFor(value(args, '--format'), out);
    const files = (await expandInputs(args.positional, NOTE_EXTENSIONS)).filter((f) => languageOfPath(f) !== 'bibtex');
    if (!files.length) throw new UsageError(`no Markdown or LaTeX files in ${args.positional.join(', ')}`);
    const docs = await readDocs(run, files);
    const { index, project } = await loadIndex(run, folderInputs(args.positional), docs, extraBibs(run));
    const graph = paperGraph(keysCitedIn(run, docs, project), index, { preferUris: docs.flatMap((d) => docBibUris(run, project, d)) });
    const title = `Related papers of ${files.length === 1 ? path.basename(files[0]) : args.positional.join(', ')}`;
    let text = format === 'svg' ? graphToSvg(graph, { title }) : format === 'dot' ? graphToDot(graph, { title }) : graphToMermaid(graph);
    if (format === 'mermaid' && out && path.extname(out).toLowerCase() === '.md') text = `\`\`\`mermaid\n${text}\`\`\`\n`;
    const cited = graph.nodes.filter((n) => n.status === 'cited').length;
    const summary = `${cited} cited paper${cited === 1 ? '' : 's'}, ${graph.nodes.length - cited} suggested, ${graph.edges.length} relation${graph.edges.length === 1 ? '' : 's'}`;
    if (out) {
      await atomicWrite(path.resolve(out), text);
      process.stderr.write(`${rel(path.resolve(out))}: ${summary} (${format})\n`);
    } else {
      process.stdout.write(text);
      process.stderr.write(`ml-papers: ${summary}\n`);
    }
    return 0;
  },
};
