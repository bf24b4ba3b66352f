// The paper picker's query side: debounce, cancelling superseded requests, and showing only the
// newest query's answer whatever order the answers arrive in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchFeed } from '../../client/src/searchFeed';

interface Pending { query: string; signal: AbortSignal; answer(rows: string[]): void; fail(e: Error): void }

/** A feed over a fake server whose answers the test releases by hand, and a log of what the sink saw. */
function harness(debounceMs = 5) {
  const requests: Pending[] = [];
  const log: string[] = [];
  const feed = new SearchFeed<string>(
    (query, signal) => new Promise((resolve, reject) => requests.push({ query, signal, answer: resolve, fail: reject })),
    {
      show: (rows, query) => log.push(`show ${query}: ${rows.join(',')}`),
      busy: (b) => log.push(`busy ${b}`),
      failed: (e, query) => log.push(`failed ${query}: ${(e as Error).message}`),
    },
    debounceMs,
  );
  return { feed, requests, log };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test('a slow answer to an old query does not replace the quick answer to the newer one', async () => {
  const { feed, requests, log } = harness();
  const first = feed.now('Res');
  const second = feed.now('ResNet');
  assert.deepEqual(requests.map((r) => r.query), ['Res', 'ResNet']);
  assert.equal(requests[0].signal.aborted, true, 'the superseded request is cancelled');
  assert.equal(requests[1].signal.aborted, false);
  requests[1].answer(['he2016deep', 'targ2016resnet']);
  await second;
  requests[0].answer(['targ2016resnet', 'he2016deep']);
  await first;
  assert.deepEqual(log, ['busy true', 'busy true', 'show ResNet: he2016deep,targ2016resnet', 'busy false']);
});

test('keystrokes within the debounce time send one search, for the last text', async () => {
  const { feed, requests, log } = harness(20);
  feed.type('R');
  feed.type('Re');
  feed.type('ResNet');
  assert.equal(requests.length, 0, 'nothing is sent while typing');
  assert.equal(log[0], 'busy true', 'busy from the first keystroke: the rows are not yet for the text');
  await tick(60);
  assert.deepEqual(requests.map((r) => r.query), ['ResNet']);
  requests[0].answer(['he2016deep']);
  await tick();
  assert.deepEqual(log.slice(-2), ['show ResNet: he2016deep', 'busy false']);
});

test('an answer that arrives while a newer query waits out its debounce is shown, and busy stays on', async () => {
  const { feed, requests, log } = harness(20);
  const first = feed.now('Res');
  feed.type('ResNet');
  requests[0].answer(['a']);
  await first;
  assert.deepEqual(log, ['busy true', 'busy true', 'show Res: a'], 'no "busy false": ResNet is still to come');
  await tick(60);
  requests[1].answer(['he2016deep']);
  await tick();
  assert.deepEqual(log.slice(-2), ['show ResNet: he2016deep', 'busy false']);
});

test('a failure is reported for the newest query only; the stale one fails silently', async () => {
  const { feed, requests, log } = harness();
  const first = feed.now('a');
  const second = feed.now('ab');
  requests[0].fail(new Error('cancelled'));
  await first;
  requests[1].fail(new Error('server gone'));
  await second;
  assert.deepEqual(log, ['busy true', 'busy true', 'failed ab: server gone', 'busy false']);
});

test('after dispose nothing reaches the picker: pending timers and answers are dropped', async () => {
  const { feed, requests, log } = harness(5);
  const pending = feed.now('x');
  feed.type('xy');
  feed.dispose();
  assert.equal(requests[0].signal.aborted, true);
  requests[0].answer(['late']);
  await pending;
  await tick(30);
  feed.type('xyz');
  assert.equal(requests.length, 1, 'the debounced query never went out');
  assert.deepEqual(log, ['busy true', 'busy true']);
});
