/**
 * A local stand-in for the online services, on 127.0.0.1 over plain HTTP, for the tests
 * (ML_PAPERS_ONLINE_TEST_ENDPOINTS=<origin> sends the client's requests for https://<host>/<path> to
 * <origin>/<host>/<path>). It answers with the REAL recorded responses in test/fixtures/online/
 * (SOURCES.md says where each was recorded), and builds the failure cases no recording covers from the
 * services' documented formats, each marked below: a malformed answer (a recorded one cut in half),
 * a 5 MB answer, a slow answer, 429 with Retry-After, a redirect off the allow-list.
 */
import * as http from 'node:http';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

const FIXTURES = path.resolve('test/fixtures/online');
export const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** The ids and DOIs the mock knows, for the tests. */
export const MOCK = {
  /** In arxiv-1605.08386.xml (recorded). */
  arxivId: '1605.08386',
  arxivKey: 'stanley2016heat',
  /** Recorded: an empty feed. */
  unknownArxivId: '0000.00001',
  /** Recorded: arXiv's HTTP 400 error entry. */
  badArxivId: 'abc',
  /** Built: the recorded feed cut in half. */
  malformedArxivId: '9999.00001',
  /** Built: a 5 MB feed. */
  hugeArxivId: '9999.00002',
  /** Built: the answer comes after `slowMs`. */
  slowArxivId: '9999.00003',
  /** doi.org's recorded 302 to api.crossref.org, then Crossref's recorded CSL-JSON. */
  doi: '10.1126/science.169.3946.635',
  doiKey: 'frank1970structure',
  /** Recorded: doi.org's 404 page. */
  unknownDoi: '10.1126/foo',
  /** Built: CSL-JSON cut in half. */
  malformedDoi: '10.9999/malformed',
  /** Built: doi.org redirecting to a host off the allow-list. */
  offListDoi: '10.9999/elsewhere',
  /** In s2-batch.json (recorded), by its DOI. */
  s2Doi: '10.2139/ssrn.288970',
} as const;

export interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; at: number }

export class OnlineMock {
  readonly seen: Seen[] = [];
  /** Answers to give before the normal one, in order (e.g. a 429 with Retry-After). */
  readonly queued: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
  slowMs = 3000;
  private server?: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        this.seen.push({ method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers, body, at: Date.now() });
        const q = this.queued.shift();
        if (q) { res.writeHead(q.status, q.headers ?? {}); res.end(q.body ?? ''); return; }
        this.answer(new URL(req.url ?? '/', 'http://mock'), res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server ? this.server.close(() => resolve()) : resolve());
  }

  /** Requests for a host's paths (`/export.arxiv.org/...` → the arXiv ones). */
  requestsTo(host: string): Seen[] {
    return this.seen.filter((s) => s.url.startsWith(`/${host}/`));
  }

  private answer(u: URL, res: http.ServerResponse): void {
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => { res.writeHead(status, { 'Content-Type': type, ...headers }); res.end(body); };
    const [host, ...rest] = u.pathname.slice(1).split('/');
    const p = '/' + rest.join('/');
    const atom = 'application/atom+xml; charset=utf-8';
    if (host === 'export.arxiv.org' && p === '/api/query') {
      const id = u.searchParams.get('id_list');
      if (!id) return send(200, atom, fixture('arxiv-search-testing.xml'));
      if (id === MOCK.arxivId) return send(200, atom, fixture('arxiv-1605.08386.xml'));
      if (id === MOCK.badArxivId) return send(400, atom, fixture('arxiv-bad-id.xml'));
      if (id === MOCK.malformedArxivId) { const x = fixture('arxiv-1605.08386.xml'); return send(200, atom, x.slice(0, x.length >> 1)); }
      if (id === MOCK.hugeArxivId) return send(200, atom, '<?xml version="1.0"?><feed>' + ' '.repeat(5 * 1024 * 1024) + '</feed>');
      if (id === MOCK.slowArxivId) { setTimeout(() => { if (!res.destroyed) send(200, atom, fixture('arxiv-not-found.xml')); }, this.slowMs); return; }
      return send(200, atom, fixture('arxiv-not-found.xml'));
    }
    if (host === 'doi.org') {
      const doi = decodeURIComponent(p.slice(1));
      // The recorded answer: 302 to Crossref's transform URL (its body names the same link).
      if (doi === MOCK.doi) return send(302, 'text/html;charset=utf-8', fixture('doi-redirect.html'), { Location: 'https://api.crossref.org/v1/works/10.1126%2Fscience.169.3946.635/transform' });
      if (doi === MOCK.offListDoi) return send(302, 'text/html', '', { Location: 'https://evil.example.com/steal' });
      if (doi === MOCK.malformedDoi) { const x = fixture('doi-science.169.3946.635.csl.json'); return send(200, 'application/vnd.citationstyles.csl+json', x.slice(0, x.length >> 1)); }
      return send(404, 'text/html;charset=utf-8', fixture('doi-not-found.html'));
    }
    if (host === 'api.crossref.org') {
      if (p === '/v1/works/10.1126%2Fscience.169.3946.635/transform') return send(200, 'application/vnd.citationstyles.csl+json', fixture('doi-science.169.3946.635.csl.json'));
      if (p === '/works' && u.searchParams.has('query.bibliographic')) return send(200, 'application/json', fixture('crossref-works-query-ecology.json'));
      // Crossref's documented answer for an unknown DOI: 404 with the text "Resource not found." (built).
      return send(404, 'text/plain', 'Resource not found.');
    }
    if (host === 'api.semanticscholar.org') {
      if (p === '/graph/v1/paper/batch') return send(200, 'application/json', fixture('s2-batch.json'));
      if (p === '/graph/v1/paper/search') return send(200, 'application/json', fixture('s2-search-turing.json'));
      return send(404, 'application/json', fixture('s2-not-found.json'));
    }
    send(404, 'text/plain', 'not a mocked service');
  }
}
