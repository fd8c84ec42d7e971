'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('./helpers');

const { createScheduler, BACKOFF_MS } = load('src/content/scheduler.js');

/** Manual timers: advance(ms) runs what is due. */
function fakeTimers() {
  let now = 0;
  let id = 0;
  const due = new Map();
  return {
    setTimeout(fn, ms) { id += 1; due.set(id, { at: now + ms, fn }); return id; },
    clearTimeout(t) { due.delete(t); },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = Array.from(due.entries()).filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
        await new Promise((r) => setImmediate(r));
      }
      now = end;
      await new Promise((r) => setImmediate(r));
    },
    pending: () => due.size,
  };
}

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

test('offline answers are retried with a capped back-off, and recover', async () => {
  let online = false;
  const { s, timers, draft, sent, results } = setup(() => Promise.resolve({ status: online ? 'ok' : 'offline' }));
  draft.text = 'hello';
  s.run(true);
  await timers.advance(0);
  assert.equal(sent.length, 1);
  let elapsed = 0;
  for (const wait of BACKOFF_MS) {
    await timers.advance(wait);
    elapsed += wait;
  }
  assert.equal(sent.length, 1 + BACKOFF_MS.length);
  online = true;
  await timers.advance(BACKOFF_MS[BACKOFF_MS.length - 1]);
  assert.equal(results[results.length - 1][1], 'ok');
  const count = sent.length;
  await timers.advance(60000);
  assert.equal(sent.length, count, 'no more retries once it answers');
  assert.ok(elapsed < 20000);
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
