// The online look-up through an HTTP proxy, with nothing leaving the machine: a local CONNECT proxy
// that sends every tunnel to a local TLS server holding a test certificate for export.arxiv.org and
// doi.org (test/fixtures/online/tls, made for these tests), which the look-up trusts through
// ML_PAPERS_EXTRA_CA_CERTS as a TLS-inspecting proxy's users do. The client asks for the real https://
// addresses; TLS runs end to end inside the tunnel, checked against that certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fetchText } from '../../server/src/online/httpClient';
import { proxyFor } from '../../server/src/online/proxy';
import { fixture } from '../onlineMock';

const tls = path.resolve('test/fixtures/online/tls');
const connects: string[] = [];
/** The proxy's tunnels (no longer its HTTP connections, so closeAllConnections does not reach them). */
const tunnels: net.Socket[] = [];
const requests: string[] = [];
let tlsServer: https.Server;
let proxy: http.Server;
/** Tunnels to this host name are refused as an unauthenticated proxy refuses them. */
const REFUSED = 'doi.org:443';

before(async () => {
  tlsServer = https.createServer({ key: readFileSync(path.join(tls, 'test-key.pem')), cert: readFileSync(path.join(tls, 'test-cert.pem')) }, (req, res) => {
    requests.push(`${req.headers.host} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/atom+xml' });
    res.end(fixture('arxiv-1605.08386.xml'));
  });
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  const tlsPort = (tlsServer.address() as AddressInfo).port;
  proxy = http.createServer((_req, res) => { res.writeHead(405); res.end(); });
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(`${req.url} ${req.headers['proxy-authorization'] ?? ''}`.trim());
    tunnels.push(client);
    if (req.url === REFUSED) { client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n'); return; }
    // Whatever host is asked for, the tunnel ends at the local TLS server: nothing reaches the internet.
    const upstream = net.connect(tlsPort, '127.0.0.1', () => {
      tunnels.push(upstream);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  delete process.env.ML_PAPERS_ONLINE_TEST_ENDPOINTS;
  delete process.env.NODE_EXTRA_CA_CERTS;
  delete process.env.NO_PROXY;
  delete process.env.no_proxy;
  process.env.ML_PAPERS_EXTRA_CA_CERTS = path.join(tls, 'test-cert.pem');
  process.env.ML_PAPERS_HTTPS_PROXY = `http://reader:s%3Acret@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

after(async () => {
  for (const t of tunnels) t.destroy();
  proxy.closeAllConnections();
  tlsServer.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await new Promise((resolve) => tlsServer.close(resolve));
});

test('through the proxy: a CONNECT tunnel to the allow-listed host with the proxy\'s credentials, and TLS checked inside it', async () => {
  const r = await fetchText('https://export.arxiv.org/api/query?id_list=1605.08386', { accept: 'application/atom+xml' });
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.match(r.body, /Heat-bath random walks with Markov bases/);
  assert.deepEqual(connects, [`export.arxiv.org:443 Basic ${Buffer.from('reader:s:cret').toString('base64')}`]);
  assert.deepEqual(requests, ['export.arxiv.org /api/query?id_list=1605.08386']);
});

test('a proxy that refuses the tunnel gets a sentence, not a hang or a throw', async () => {
  const r = await fetchText('https://doi.org/10.1126/science.169.3946.635');
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.message, /Cannot reach doi\.org: the proxy 127\.0\.0\.1:\d+ refused the tunnel to doi\.org \(HTTP 407 Proxy Authentication Required\)/);
});

test('the allow-list still holds behind a proxy: another host is refused before any tunnel', async () => {
  const before = connects.length;
  const r = await fetchText('https://example.com/');
  assert.equal(r.ok, false);
  assert.equal(connects.length, before);
});

test('which proxy: ML_PAPERS_HTTPS_PROXY (VS Code\'s http.proxy), then HTTPS_PROXY; NO_PROXY hosts go direct; only http:// proxies', () => {
  assert.equal(proxyFor('doi.org', {}), undefined);
  assert.equal(String(proxyFor('doi.org', { HTTPS_PROXY: 'proxy.corp:3128' })), 'http://proxy.corp:3128/');
  assert.equal(String(proxyFor('doi.org', { ML_PAPERS_HTTPS_PROXY: 'http://a:8080', https_proxy: 'http://b:8080' })), 'http://a:8080/');
  assert.equal(proxyFor('export.arxiv.org', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'localhost, .arxiv.org' }), undefined);
  assert.equal(proxyFor('doi.org', { HTTPS_PROXY: 'http://p:1', no_proxy: '*' }), undefined);
  assert.equal(String(proxyFor('api.crossref.org', { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'arxiv.org' })), 'http://p:1/');
  assert.match(JSON.stringify(proxyFor('doi.org', { HTTPS_PROXY: 'socks5://p:1080' })), /not an http:\/\/ proxy/);
});
