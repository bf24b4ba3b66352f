/**
 * Process entry of the language server. `node dist/server.js --stdio` for any LSP editor;
 * the VS Code client starts the same file over IPC. `--stdio` is read and written with our own
 * framing (stdioTransport.ts); `--node-ipc` and `--socket=N` are vscode-languageserver's, which
 * picks them from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { StdioMessageReader, StdioMessageWriter } from './stdioTransport';
import { VERSION } from './version';

if (process.argv.includes('--version')) {
  process.stdout.write(`ml-papers-lsp ${VERSION}\n`);
  process.exit(0);
}
if (process.argv.includes('--help') || process.argv.length <= 2) {
  process.stdout.write('Usage: ml-papers-lsp --stdio\n\nStarts the ML Papers language server speaking LSP over stdin/stdout\n(also: --node-ipc, --socket=PORT).\n');
  process.exit(0);
}

// --stdio gets our own framing (stdioTransport.ts says why); other transports are the library's.
const stdio = process.argv.includes('--stdio');
const stdinReader = stdio ? new StdioMessageReader(process.stdin) : undefined;
const connection = stdinReader ? createConnection(ProposedFeatures.all, stdinReader, new StdioMessageWriter(process.stdout)) : createConnection(ProposedFeatures.all);
if (stdinReader) {
  // The connection does not report what its reader skipped; the editor's log should.
  stdinReader.onError((e) => connection.console.error(e.message));
  // What vscode-languageserver does for stdio streams: the editor closing our input ends us.
  const end = (): never => process.exit(stdinReader.shutdownRequested ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
}
// Anything a dependency prints must not corrupt the stdio JSON-RPC stream.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`));
process.on('uncaughtException', (e) => connection.console.error(`Uncaught exception: ${e.stack ?? e.message}`));

startServer(connection);
connection.listen();
