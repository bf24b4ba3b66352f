/**
 * The online look-up through an HTTP proxy, for networks that allow no direct connection: an HTTP
 * CONNECT tunnel to the allow-listed host, inside which TLS runs end to end (the proxy sees the host
 * name, never the request). The proxy is the one VS Code's `http.proxy` names (the client passes it as
 * ML_PAPERS_HTTPS_PROXY), else HTTPS_PROXY / https_proxy as every command-line tool reads them;
 * NO_PROXY / no_proxy lists hosts asked directly. Only http:// proxies: the tunnel itself is TLS.
 */
import type * as net from 'node:net';

/** The proxy to reach `host` through, undefined for a direct connection, or why the setting is unusable. */
export function proxyFor(host: string, env: NodeJS.ProcessEnv = process.env): URL | { unusable: string } | undefined {
  const raw = (env.ML_PAPERS_HTTPS_PROXY || env.HTTPS_PROXY || env.https_proxy || '').trim();
  if (!raw || bypassed(host, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  let u: URL;
  try { u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`); } catch { return { unusable: `the proxy "${raw}" is not an address` }; }
  if (u.protocol !== 'http:') return { unusable: `the proxy ${u.protocol}//${u.host} is not an http:// proxy, the only kind the look-up can tunnel through` };
  return u;
}

/** NO_PROXY: `*`, or host names that match the host or a parent domain (`arxiv.org`, `.arxiv.org`). */
function bypassed(host: string, noProxy: string): boolean {
  return noProxy.split(/[\s,]+/).filter(Boolean).some((entry) => {
    const name = entry.replace(/:\d+$/, '').replace(/^\*?\./, '').toLowerCase();
    return entry === '*' || host === name || host.endsWith(`.${name}`);
  });
}

/**
 * A socket tunnelled through `proxy` to `host`:443 (CONNECT), with the proxy's basic credentials when
 * its URL has them. Resolves with the socket, or a sentence saying why there is none.
 */
export function tunnel(proxy: URL, host: string, timeoutMs: number): Promise<net.Socket | { error: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('node:http') as typeof import('node:http');
  const auth = proxy.username ? { 'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` } : {};
  return new Promise((resolve) => {
    const req = http.request({ host: proxy.hostname, port: Number(proxy.port) || 80, method: 'CONNECT', path: `${host}:443`, headers: { Host: `${host}:443`, ...auth }, timeout: timeoutMs });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) { resolve(socket); return; }
      socket.destroy();
      resolve({ error: `the proxy ${proxy.host} refused the tunnel to ${host} (HTTP ${res.statusCode}${res.statusMessage ? ` ${res.statusMessage}` : ''})` });
    });
    req.on('timeout', () => { req.destroy(); resolve({ error: `the proxy ${proxy.host} did not open a tunnel to ${host} within ${Math.round(timeoutMs / 1000)} s` }); });
    req.on('error', (e) => resolve({ error: `the proxy ${proxy.host}: ${e.message}` }));
    req.end();
  });
}
