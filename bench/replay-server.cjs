// The transport floor: a language server built on the same library as ours (vscode-languageserver)
// that answers completion and hover with answers recorded from our server, in the same order,
// without any index or document model. Timed with the same client and the same request sequence,
// it shows what a stdio round trip between two node processes costs on this machine, so that
// latency targets can be read against it (bench/server-bench.mjs transportFloor).
const { createConnection, ProposedFeatures } = require('vscode-languageserver/node');

const connection = createConnection(ProposedFeatures.all);
let completions = [];
let hover = null;
let next = 0;
connection.onInitialize(() => ({ capabilities: { textDocumentSync: 1, hoverProvider: true, completionProvider: { triggerCharacters: ['@', '{', ','] } } }));
connection.onRequest('bench/replay', (p) => { completions = p.completions; hover = p.hover; next = 0; return completions.length; });
connection.onCompletion(() => (completions.length ? completions[next++ % completions.length] : null));
connection.onHover(() => hover);
connection.listen();
