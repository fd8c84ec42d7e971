'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load, fakeTimers } = require('./helpers');

const { createScheduler, BACKOFF_MS } = load('src/content/scheduler.js');

function setup(sendImpl) {
  const timers = fakeTimers();
  const draft = { text: '', context: { platform: 'x' } };
  const sent = [];
  const results = [];
  const s = createScheduler({
    delay: 350, timers,
    read: () => ({ text: draft.text, context: draft.context }),
    send: (text, context) => { sent.push(text); return sendImpl ? sendImpl(text, sent.length) : Promise.resolve({ status: 'ok', text }); },
    onResult: (text, context, answer) => results.push([text, answer.status]),
  });
  return { s, timers, draft, sent, results };
}

test('typing is debounced: one check after the pause, with the last text', async () => {
  const { s, timers, draft, sent, results } = setup();
  for (const t of ['I', 'Im', 'Ima', 'Imani']) {
    draft.text = t;
    s.touch();
    await timers.advance(100);
  }
  assert.deepEqual(sent, []);
  await timers.advance(350);
  assert.deepEqual(sent, ['Imani']);
  assert.deepEqual(results, [['Imani', 'ok']]);
});

test('a stale answer is dropped when a newer check started', async () => {
  const resolvers = [];
  const { s, timers, draft, results } = setup(() => new Promise((r) => resolvers.push(r)));
  draft.text = 'first';
  s.touch();
  await timers.advance(350);
  draft.text = 'second';
  s.touch();
  await timers.advance(350);
  assert.equal(resolvers.length, 2);
  resolvers[1]({ status: 'ok' });
  resolvers[0]({ status: 'ok' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(results, [['second', 'ok']]);
});

test('run() checks at once; an unchanged draft with a check running is not sent twice', async () => {
  let resolve;
  const { s, draft, sent } = setup(() => new Promise((r) => { resolve = r; }));
  draft.text = 'now';
  const p1 = s.run(false);
  const p2 = s.run(false);
  assert.equal(p1, p2);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sent, ['now']);
  assert.equal(s.busy(), true);
  resolve({ status: 'ok' });
  await p1;
  assert.equal(s.busy(), false);
});

test('a draft answered but not checked (busy, error) is retried at each back-off step, then stops', async () => {
  let status = 'busy';
  const { s, timers, draft, sent, results } = setup(() => Promise.resolve({ status }));
  draft.text = 'hello';
  s.run(true);
  await timers.advance(0);
  assert.equal(sent.length, 1);
  // Each retry comes exactly one back-off step after the previous answer: not a moment before.
  for (const [i, wait] of BACKOFF_MS.entries()) {
    await timers.advance(wait - 1);
    assert.equal(sent.length, 1 + i, `retry ${i + 1} came early`);
    await timers.advance(1);
    assert.equal(sent.length, 2 + i, `retry ${i + 1} did not come after ${wait} ms`);
  }
  // Capped: the last step repeats.
  const last = BACKOFF_MS[BACKOFF_MS.length - 1];
  await timers.advance(last - 1);
  assert.equal(sent.length, 1 + BACKOFF_MS.length);
  status = 'error';
  await timers.advance(1);
  assert.equal(sent.length, 2 + BACKOFF_MS.length);
  status = 'ok';
  await timers.advance(last);
  assert.deepEqual(results[results.length - 1], ['hello', 'ok']);
  const count = sent.length;
  await timers.advance(10 * last);
  assert.equal(sent.length, count, 'no more retries once it answers');
  assert.equal(timers.pending(), 0);
});

test('a companion that cannot be reached is not retried box by box (the page\'s connection watch does it)', async () => {
  for (const status of ['offline', 'unpaired']) {
    const { s, timers, draft, sent, results } = setup(() => Promise.resolve({ status }));
    draft.text = 'hello';
    s.run(true);
    await timers.advance(60000);
    assert.equal(sent.length, 1, status);
    assert.deepEqual(results, [['hello', status]]);
    assert.equal(timers.pending(), 0);
  }
});

test('destroy stops everything', async () => {
  const { s, timers, draft, sent } = setup();
  draft.text = 'x';
  s.touch();
  s.destroy();
  await timers.advance(1000);
  assert.deepEqual(sent, []);
  assert.equal(timers.pending(), 0);
});
