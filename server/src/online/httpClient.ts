/**
 * The only code of ML Papers that opens network connections, and only when a caller was allowed to
 * (mlPapers.online.enabled, or the user's "just this once"). What it guarantees:
 *   - HTTPS to a fixed allow-list of hosts (ALLOWED_HOSTS), nothing else; redirects are followed by hand
 *     (at most MAX_REDIRECTS) and only to allow-listed hosts: doi.org answers content negotiation with a
 *     redirect to the registration agency's API (api.crossref.org or data.crossref.org for Crossref DOIs,
 *     api.datacite.org or data.crosscite.org for DataCite ones, which include arXiv's 10.48550 DOIs);
 *   - a time limit per request and a size limit per answer (read stops at the limit);
 *   - retries with back-off on 429 and 503, honouring Retry-After up to a cap;
 *   - arXiv's request rate: at most one request every 3 seconds (https://info.arxiv.org/help/api/tou.html);
 *   - a sentence saying what went wrong on every failure: `fetchText` never throws.
 *
 * Tests only: ML_PAPERS_ONLINE_TEST_ENDPOINTS=http://127.0.0.1:PORT sends every request for an
 * allow-listed host to that local server instead (https://api.crossref.org/works → http://127.0.0.1:PORT/api.crossref.org/works),
 * over plain HTTP. The allow-list holds as ever: a URL or redirect to any other host is refused, and the
 * override must name a loopback address, so it cannot send requests to another machine.
 */
import type * as http from 'node:http';
import { VERSION } from '../version';
import { proxyFor, tunnel } from './proxy';

/** The hosts ML Papers may ask (see the file comment for why each). */
export const ALLOWED_HOSTS: ReadonlySet<string> = new Set([
  'export.arxiv.org',
  'doi.org',
  'api.crossref.org',
  'data.crossref.org',
  'api.datacite.org',
  'data.crosscite.org',
  'api.semanticscholar.org',
]);

/** Hosts whose operators ask for a minimum time between requests (arXiv: one every 3 seconds). */
const MIN_INTERVAL_MS: Record<string, number> = { 'export.arxiv.org': 3000 };
const MAX_REDIRECTS = 5;

export interface FetchOptions {
  accept?: string;
  method?: 'GET' | 'POST';
  /** JSON request body (POST). */
  json?: unknown;
  /** Per attempt, from the request to the last byte. */
  timeoutMs?: number;
  maxBytes?: number;
  /** Retries after a 429 or 503. */
  retries?: number;
  /** Longest Retry-After honoured; a longer wait is reported instead. */
  maxRetryWaitMs?: number;
}

export type FetchResult =
  | { ok: true; status: number; body: string; url: string }
  /** `retryAfter`: the server's Retry-After header, on a failed answer that has one. */
  | { ok: false; message: string; status?: number; body?: string; retryAfter?: string };

const DEFAULTS = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, retries: 2, maxRetryWaitMs: 20_000 };

/** What the test override gives: the loopback origin every allow-listed host is sent to. */
function testEndpoint(): URL | undefined {
  const raw = process.env.ML_PAPERS_ONLINE_TEST_ENDPOINTS;
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]') ? u : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a request for `url` really goes, or why it may not: an allow-listed HTTPS host (sent to the
 * test server when the override is set), never anything else.
 */
export function routeOf(url: string): { target: URL; host: string } | { refused: string } {
  let u: URL;
  try { u = new URL(url); } catch { return { refused: `not a URL: ${url}` }; }
  if (u.protocol !== 'https:') return { refused: `only HTTPS is allowed (${u.protocol}//${u.host})` };
  if (!ALLOWED_HOSTS.has(u.hostname) || (u.port && u.port !== '443') || u.username || u.password) return { refused: `${u.host} is not one of the services ML Papers may contact` };
  const test = testEndpoint();
  if (process.env.ML_PAPERS_ONLINE_TEST_ENDPOINTS && !test) return { refused: 'ML_PAPERS_ONLINE_TEST_ENDPOINTS must be an http://127.0.0.1:PORT address' };
  const target = test ? new URL(`${test.origin}/${u.hostname}${u.pathname}${u.search}`) : u;
  return { target, host: u.hostname };
}

/** The next time each throttled host may be asked (module state: one schedule per process). */
const nextSlot = new Map<string, number>();

/** Waits for the host's turn (arXiv: 3 s after the previous request), reserving the slot first so concurrent callers queue. */
async function throttle(host: string): Promise<void> {
  const raw = testEndpoint() ? process.env.ML_PAPERS_ONLINE_TEST_ARXIV_INTERVAL_MS : undefined;
  const interval = raw && Number(raw) >= 0 && MIN_INTERVAL_MS[host] ? Number(raw) : MIN_INTERVAL_MS[host];
  if (!interval) return;
  const now = Date.now();
  const at = Math.max(now, nextSlot.get(host) ?? 0);
  nextSlot.set(host, at + interval);
  if (at > now) await sleep(at - now);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** GET (or POST) `url` and read the answer as text, within the limits; never throws. */
export async function fetchText(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const o = { ...DEFAULTS, ...options };
  try {
    let current = url;
    let method = o.method ?? 'GET';
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const r = await withRetries(current, method, o);
      if (!('redirect' in r)) return r;
      const next = new URL(r.redirect, current).toString();
      const route = routeOf(next);
      if ('refused' in route) return { ok: false, message: `Refused a redirect from ${new URL(current).host} to ${next}: ${route.refused}` };
      if (r.status === 303) method = 'GET';
      current = next;
    }
    return { ok: false, message: `Too many redirects from ${url}` };
  } catch (e) {
    return { ok: false, message: `Request to ${url} failed: ${(e as Error).message}` };
  }
}

type Attempt = FetchResult | { redirect: string; status: number };

/** One request, repeated after a 429 or 503 as the server asks (Retry-After) or with doubling waits. */
async function withRetries(url: string, method: 'GET' | 'POST', o: FetchOptions & typeof DEFAULTS): Promise<Attempt> {
  for (let attempt = 0; ; attempt++) {
    const r = await once(url, method, o);
    if ('redirect' in r || r.ok || (r.status !== 429 && r.status !== 503)) return r;
    if (attempt >= o.retries) return { ...r, message: `${r.message} (gave up after ${attempt + 1} attempts)` };
    const wait = retryAfterMs(r.retryAfter) ?? 1000 * 2 ** attempt;
    if (wait > o.maxRetryWaitMs) return { ok: false, status: r.status, message: `${new URL(url).host} asks to wait ${Math.ceil(wait / 1000)} s before asking again (HTTP ${r.status}); try later` };
    await sleep(wait);
  }
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

let certificates: string[] | null | undefined;
/**
 * The certificates a TLS-inspecting proxy needs, for users who name them in NODE_EXTRA_CA_CERTS. The VS
 * Code client passes that variable on as ML_PAPERS_EXTRA_CA_CERTS (client/src/serverEnv.ts), because node
 * reads NODE_EXTRA_CA_CERTS eagerly at every start, which only a look-up needs: read here, once, on the
 * first HTTPS request, and added to node's own roots. An unreadable file is reported once and ignored.
 */
function extraCertificates(): string[] | undefined {
  if (certificates !== undefined) return certificates ?? undefined;
  const file = process.env.ML_PAPERS_EXTRA_CA_CERTS;
  certificates = null;
  if (!file || process.env.NODE_EXTRA_CA_CERTS) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pem = (require('node:fs') as typeof import('node:fs')).readFileSync(file, 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    certificates = [...(require('node:tls') as typeof import('node:tls')).rootCertificates, pem];
  } catch (e) {
    process.stderr.write(`ml-papers: cannot read the certificates of ML_PAPERS_EXTRA_CA_CERTS (${file}): ${(e as Error).message}\n`);
  }
  return certificates ?? undefined;
}

/** TLS to `host` inside a proxy's tunnel, checked against the same roots as a direct connection. */
function tlsOver(socket: import('node:net').Socket, host: string, ca: string[] | undefined): import('node:net').Socket {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tls = require('node:tls') as typeof import('node:tls');
  return tls.connect({ socket, servername: host, ...(ca ? { ca } : {}) });
}

/** A single request over the routed connection. */
async function once(url: string, method: 'GET' | 'POST', o: FetchOptions & typeof DEFAULTS): Promise<Attempt> {
  const route = routeOf(url);
  if ('refused' in route) return { ok: false, message: `Refused ${url}: ${route.refused}` };
  await throttle(route.host);
  const payload = o.json === undefined ? undefined : Buffer.from(JSON.stringify(o.json));
  const headers: Record<string, string> = { 'User-Agent': `ml-papers/${VERSION} (citation look-up in editors)`, Accept: o.accept ?? 'application/json', 'Accept-Encoding': 'identity' };
  if (payload) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = String(payload.length); }
  // Loaded on first use: https brings tls and crypto, which a server that never looks a paper up should
  // not load at start-up (test/server/launch.test.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib: typeof http = route.target.protocol === 'https:' ? require('node:https') : require('node:http');
  // Through the user's proxy, when there is one: a CONNECT tunnel, TLS inside it.
  const proxy = route.target.protocol === 'https:' ? proxyFor(route.host) : undefined;
  if (proxy && 'unusable' in proxy) return { ok: false, message: `Cannot reach ${route.host}: ${proxy.unusable}` };
  const socket = proxy ? await tunnel(proxy, route.host, o.timeoutMs) : undefined;
  if (socket && 'error' in socket) return { ok: false, message: `Cannot reach ${route.host}: ${socket.error}` };
  return new Promise((resolve) => {
    let settled = false;
    // A tunnel serves one request: it is closed with the answer (the proxy would otherwise hold it open).
    const finish = (r: Attempt) => { if (!settled) { settled = true; clearTimeout(timer); if (socket) socket.destroy(); resolve(r); } };
    const ca = route.target.protocol === 'https:' ? extraCertificates() : undefined;
    // With no agent, node takes the connection from createConnection: the TLS socket inside the tunnel.
    // defaultPort: without an agent node would take 80 and send "Host: <host>:80".
    const connection = socket ? { createConnection: () => tlsOver(socket, route.host, ca), defaultPort: 443 } : {};
    const req = lib.request(route.target, { method, headers, ...(ca ? { ca } : {}), ...connection }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
        res.resume();
        finish({ redirect: res.headers.location, status });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (declared > o.maxBytes) { req.destroy(); finish({ ok: false, status, message: `${route.host} answered ${Math.round(declared / 1024)} KB, more than the ${Math.round(o.maxBytes / 1024)} KB limit` }); return; }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > o.maxBytes) { req.destroy(); finish({ ok: false, status, message: `${route.host} answered more than the ${Math.round(o.maxBytes / 1024)} KB limit` }); return; }
        chunks.push(c);
      });
      res.on('error', (e) => finish({ ok: false, status, message: `${route.host}: ${e.message}` }));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (status >= 200 && status < 300) finish({ ok: true, status, body, url });
        else finish({ ok: false, status, body, message: `${route.host} answered HTTP ${status}`, retryAfter: header(res.headers['retry-after']) });
      });
    });
    const timer = setTimeout(() => { req.destroy(); finish({ ok: false, message: `${route.host} did not answer within ${Math.round(o.timeoutMs / 100) / 10} s` }); }, o.timeoutMs);
    req.on('error', (e) => finish({ ok: false, message: `Could not reach ${route.host}: ${e.message}` }));
    req.end(payload);
  });
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
