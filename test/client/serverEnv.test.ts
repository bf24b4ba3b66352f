// The language server's environment: the extension host's, without what only slows the server down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { serverEnvOverrides } from '../../client/src/serverEnv';

/** How vscode-languageclient builds a forked server's environment: the host's, then the overrides. */
function merged(host: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...host, ELECTRON_RUN_AS_NODE: '1', ...serverEnvOverrides(host) };
}

test('the server starts without NODE_EXTRA_CA_CERTS (its file goes to the online look-up instead) and with everything else of the host', () => {
  const host = { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', ML_PAPERS_PROBE: 'kept' };
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.ML_PAPERS_EXTRA_CA_CERTS, process.env.ML_PAPERS_PROBE]))'], { env: merged(host), encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), [null, '/etc/ssl/certs/ca-certificates.crt', 'kept']);
});

test('a host without the variable gets no overrides at all (away from Linux)', () => {
  const { NODE_EXTRA_CA_CERTS: _, ...host } = process.env;
  assert.deepEqual(serverEnvOverrides(host, 'darwin'), {});
  assert.deepEqual(serverEnvOverrides(host, 'win32'), {});
});

test('on Linux the server gets two malloc arenas, unless the user chose a number', () => {
  const { MALLOC_ARENA_MAX: _, ...host } = process.env;
  assert.equal(serverEnvOverrides(host, 'linux').MALLOC_ARENA_MAX, '2');
  assert.equal('MALLOC_ARENA_MAX' in serverEnvOverrides({ ...host, MALLOC_ARENA_MAX: '8' }, 'linux'), false);
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.env.MALLOC_ARENA_MAX))'], { env: { ...host, ...serverEnvOverrides(host, 'linux') }, encoding: 'utf8' });
  assert.equal(child.stdout, '2');
});

test('VS Code\'s http.proxy setting reaches the online look-up as ML_PAPERS_HTTPS_PROXY; none set, none passed', () => {
  assert.equal(serverEnvOverrides({}, 'darwin', 'http://proxy.corp:3128').ML_PAPERS_HTTPS_PROXY, 'http://proxy.corp:3128');
  assert.equal('ML_PAPERS_HTTPS_PROXY' in serverEnvOverrides({}, 'darwin', ''), false);
  assert.equal('ML_PAPERS_HTTPS_PROXY' in serverEnvOverrides({}, 'darwin'), false);
});
