/**
 * The environment the language server is started with: the extension host's, minus variables that
 * only cost the server time. Kept free of `vscode` so it can be tested as a plain function.
 */

/**
 * Variables the server has no use for and node acts on before any of our code runs.
 * NODE_EXTRA_CA_CERTS: node 20 reads and parses the whole certificate file at start-up, eagerly
 * (on the development VM, where it names the system bundle, `node -e 0` takes 140 ms with it and
 * 45 ms without). The server never opens a TLS connection: it works offline from its bundled
 * database and the user's files.
 */
const UNUSED_BY_SERVER = ['NODE_EXTRA_CA_CERTS'];

/**
 * Overrides for the server's environment. vscode-languageclient merges them over the extension
 * host's environment, and node's `fork` leaves out a variable whose value is undefined.
 */
export function serverEnvOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const name of UNUSED_BY_SERVER) if (name in env) out[name] = undefined;
  return out;
}
