/**
 * The environment the language server is started with: the extension host's, minus variables that
 * only cost the server time, plus one that saves it memory. Kept free of `vscode` so it can be
 * tested as a plain function.
 */

/**
 * Variables node acts on before any of our code runs, which the server needs later or never.
 * NODE_EXTRA_CA_CERTS: node 20 reads and parses the whole certificate file at start-up, eagerly,
 * which can take longer than the rest of node's start (bench/DESIGN.md §6), although the server opens
 * a TLS connection only for the opt-in online look-up. It gets the file's name under another variable,
 * which the look-up reads on its first request (server/src/online/httpClient.ts).
 */
const DEFERRED = { NODE_EXTRA_CA_CERTS: 'ML_PAPERS_EXTRA_CA_CERTS' } as const;

/**
 * glibc gives each thread that allocates its own malloc arena and keeps what was freed in it. The
 * index workers allocate the search arrays of a big file (they are then handed to the server
 * thread) and stop once it is indexed; with two arenas instead of one per thread, the server with a
 * big bib holds clearly less memory, once indexed and after many requests, and indexes as fast
 * (bench/DESIGN.md §7). Only read by glibc at process
 * start, so it has to be in the environment; a value the user set is kept.
 */
const MALLOC_ARENAS = '2';

/**
 * Overrides for the server's environment. vscode-languageclient merges them over the extension
 * host's environment, and node's `fork` leaves out a variable whose value is undefined.
 */
export function serverEnvOverrides(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, httpProxy?: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  // VS Code's `http.proxy` setting, for the online look-up (server/src/online/proxy.ts); HTTPS_PROXY
  // from the environment is read there too.
  if (httpProxy?.trim()) out.ML_PAPERS_HTTPS_PROXY = httpProxy.trim();
  for (const [name, later] of Object.entries(DEFERRED)) {
    if (!(name in env)) continue;
    out[name] = undefined;
    out[later] = env[name];
  }
  if (platform === 'linux' && env.MALLOC_ARENA_MAX === undefined) out.MALLOC_ARENA_MAX = MALLOC_ARENAS;
  return out;
}
