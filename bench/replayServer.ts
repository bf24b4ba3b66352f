// The transport floor: a language server on the same library as ours (vscode-languageserver) and,
// by default, the same stdio framing (server/src/stdioTransport.ts), that answers completion and
// hover with answers recorded from our server, in the same order, without any index or document
// model. Timed with the same client and the same request sequence, it shows what a stdio round trip
// between two node processes costs on this machine, so that latency targets can be read against it
// (bench/server-bench.mjs transportFloor). `--library-framing` uses vscode-languageserver's own
// stdio reader and writer instead, to show what our framing changes.
import { createConnection, ProposedFeatures, type CompletionList, type Hover } from 'vscode-languageserver/node';
import { StdioMessageReader, StdioMessageWriter } from '../server/src/stdioTransport';

const connection = process.argv.includes('--library-framing')
  ? createConnection(ProposedFeatures.all)
  : createConnection(ProposedFeatures.all, new StdioMessageReader(process.stdin), new StdioMessageWriter(process.stdout));
let completions: Array<CompletionList | null> = [];
let hover: Hover | null = null;
let next = 0;
connection.onInitialize(() => ({ capabilities: { textDocumentSync: 1, hoverProvider: true, completionProvider: { triggerCharacters: ['@', '{', ','] } } }));
connection.onRequest('bench/replay', (p: { completions: Array<CompletionList | null>; hover: Hover | null }) => { completions = p.completions; hover = p.hover; next = 0; return completions.length; });
connection.onCompletion(() => (completions.length ? completions[next++ % completions.length] : null));
connection.onHover(() => hover);
process.stdin.on('end', () => process.exit(0));
connection.listen();
