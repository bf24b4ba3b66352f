// When the extension asks before going online, and what it tells the user otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSENT_BUTTONS, nextStep, servicesPhrase } from '../../client/src/onlineConsent';
import type { OnlineRefusal } from '../../server/src/protocol';

const arxiv = { id: 'arxiv' as const, name: 'arXiv', host: 'export.arxiv.org' };
const s2 = { id: 'semanticscholar' as const, name: 'Semantic Scholar', host: 'api.semanticscholar.org' };
const refusal = (reason: OnlineRefusal['reason'], message = 'x'): OnlineRefusal => ({ ok: false, reason, message, services: [arxiv, s2] });

test('the prompt names every service and host it would contact, and offers Enable, Just this once, Never', () => {
  const step = nextStep(refusal('disabled'), false, 'look up 2106.09685');
  assert.equal(step.kind, 'ask');
  assert.match((step as { message: string }).message, /look up 2106\.09685 online\?/);
  assert.match((step as { message: string }).message, /arXiv \(export\.arxiv\.org\) and Semantic Scholar \(api\.semanticscholar\.org\)/);
  assert.deepEqual([...CONSENT_BUTTONS], ['Enable', 'Just this once', 'Never']);
});

test('after "Never" the user is not asked again but told how to turn it on', () => {
  const step = nextStep(refusal('disabled'), true, 'look up 2106.09685');
  assert.equal(step.kind, 'inform');
  assert.match((step as { message: string }).message, /mlPapers\.online\.enabled/);
});

test('an untrusted workspace, a paper nobody knows and a failing service are each said plainly, never asked about', () => {
  assert.deepEqual(nextStep(refusal('untrusted'), false, 'w'), { kind: 'inform', level: 'warning', message: 'ML Papers: online look-up is not available in an untrusted workspace.' });
  assert.deepEqual(nextStep(refusal('not-found', 'no service knows 2999.00001'), false, 'w'), { kind: 'inform', level: 'info', message: 'ML Papers: no service knows 2999.00001' });
  assert.deepEqual(nextStep(refusal('failed', 'arXiv: timed out after 10 s'), false, 'w'), { kind: 'inform', level: 'error', message: 'ML Papers: arXiv: timed out after 10 s' });
  assert.deepEqual(nextStep({ ok: true }, true, 'w'), { kind: 'done' });
});

test('services are listed in prose', () => {
  assert.equal(servicesPhrase([arxiv]), 'arXiv (export.arxiv.org)');
  assert.equal(servicesPhrase([arxiv, s2, { id: 'doi', name: 'doi.org', host: 'doi.org' }]), 'arXiv (export.arxiv.org), Semantic Scholar (api.semanticscholar.org) and doi.org (doi.org)');
});
