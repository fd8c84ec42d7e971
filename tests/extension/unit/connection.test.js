'use strict';
/*
 * Reconnecting: the background's one status watch (shared back-off, one
 * health request for many askers, "it is back" told to the waiting tabs), the
 * page's one connection watch, and what a page shows while the companion is
 * away and when it comes back, for boxes typed in or not.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { load, fakeTimers } = require('./helpers');
const { contentPage, STUDENT } = require('./page');

load('src/shared/protocol.js');
const { createStatusWatch, BACKOFF_MS } = load('src/background/status.js');
const { createConnection } = load('src/content/connection.js');

test('background: failures from every tab count up one back-off; the first answer after resets it', async () => {
  const told = [];
  const watch = createStatusWatch({ health: async () => ({ status: 'ok' }), notify: (s) => told.push(s) });
  const waits = [];
  for (let i = 0; i < BACKOFF_MS.offline.length + 2; i += 1) waits.push(watch.observe({ status: 'offline' }).retryInMs);
  assert.deepEqual(waits, [...BACKOFF_MS.offline, 15000, 15000]);
  assert.equal(watch.observe({ status: 'unpaired' }).retryInMs, 60000, 'a refused token is asked about far less often');
  assert.deepEqual(told, []);
  watch.observe({ status: 'busy' }); // an answer, even "busy", means it is there
  assert.deepEqual(told, ['ok'], 'the waiting tabs are told once');
  assert.equal(watch.observe({ status: 'offline' }).retryInMs, BACKOFF_MS.offline[0], 'a new outage starts the back-off again');
});

test('background: an answer from the cache while away is no news of the companion', async () => {
  const told = [];
  const watch = createStatusWatch({ health: async () => ({ status: 'offline' }), notify: (s) => told.push(s) });
  watch.observe({ status: 'offline' });
  watch.observe({ status: 'offline' });
  const cached = { status: 'ok', result: { findings: [] }, cached: true };
  assert.equal(watch.observe(cached), cached, 'passed on as it is');
  assert.deepEqual(told, [], 'the waiting tabs are not told it is back');
  assert.equal(watch.status, 'offline');
  assert.equal(watch.observe({ status: 'offline' }).retryInMs, BACKOFF_MS.offline[2], 'the back-off goes on counting');
});

test('background: health questions that arrive together share one request', async () => {
  let requests = 0;
  let clock = 0;
  const watch = createStatusWatch({
    health: () => { requests += 1; return new Promise((r) => setImmediate(() => r({ status: 'offline' }))); },
    notify: () => {}, now: () => clock,
  });
  const answers = await Promise.all(Array.from({ length: 12 }, () => watch.health()));
  assert.equal(requests, 1);
  assert.ok(answers.every((a) => a.status === 'offline' && a.retryInMs === 1000));
  clock += 500;
  await watch.health();
  assert.equal(requests, 1, 'reused within a second');
  clock += 600;
  await watch.health();
  assert.equal(requests, 2);
});

test('page: while away, one health question at the back-off the background gives; onChange when back', async () => {
  const timers = fakeTimers();
  let status = 'offline';
  const asked = [];
  const changes = [];
  const c = createConnection({
    timers,
    ask: async () => { asked.push(timers.now()); return { status, retryInMs: 4000 }; },
    onChange: (s) => changes.push(s),
  });
  c.report({ status: 'offline', retryInMs: 2000 });
  c.report({ status: 'offline', retryInMs: 2000 }); // a second box's answer: still one timer
  assert.deepEqual(changes, ['offline']);
  await timers.advance(1999);
  assert.deepEqual(asked, []);
  await timers.advance(1);
  assert.deepEqual(asked, [2000]);
  await timers.advance(4000);
  assert.deepEqual(asked, [2000, 6000], 'the next one at the background\'s new retryInMs');
  status = 'ok';
  await timers.advance(4000);
  assert.deepEqual(changes, ['offline', 'ok']);
  await timers.advance(60000);
  assert.equal(asked.length, 3, 'no questions once it is back');
  assert.equal(timers.pending(), 0);
});

test('page: told by the background that the companion is back, it looks at once', async () => {
  const timers = fakeTimers();
  let status = 'offline';
  const asked = [];
  const changes = [];
  const c = createConnection({ timers, ask: async () => { asked.push(timers.now()); return { status }; }, onChange: (s) => changes.push(s) });
  c.report({ status: 'offline', retryInMs: 15000 });
  status = 'ok';
  c.heard('ok');
  await timers.advance(0);
  assert.deepEqual(asked, [0]);
  assert.deepEqual(changes, ['offline', 'ok']);
  assert.equal(timers.pending(), 0, 'the pending retry was dropped');
});

test('page: an answer from the background\'s cache while away keeps the page waiting on its retry', async () => {
  const timers = fakeTimers();
  const asked = [];
  const changes = [];
  const c = createConnection({ timers, ask: async () => { asked.push(timers.now()); return { status: 'offline', retryInMs: 1000 }; }, onChange: (s) => changes.push(s) });
  c.report({ status: 'offline', retryInMs: 1000 });
  c.report({ status: 'ok', result: { findings: [] }, cached: true });
  assert.deepEqual(changes, ['offline']);
  assert.equal(c.waiting, true, 'the retry still stands');
  await timers.advance(1000);
  assert.deepEqual(asked, [1000]);
});

/** Instagram's feed: three posts, each with a comment textarea; each gets a layout box (jsdom has none). */
function feed(opts) {
  const html = [0, 1, 2].map(() => '<article><form><textarea aria-label="Add a comment…"></textarea><div role="button">Post</div></form></article>').join('');
  const p = contentPage(Object.assign({ html, url: 'https://www.instagram.com/' }, opts));
  const boxes = Array.from(p.doc.querySelectorAll('textarea'));
  boxes.forEach((ta, i) => {
    ta.getBoundingClientRect = () => ({ left: 100, right: 500, top: 100 + i * 200, bottom: 140 + i * 200, width: 400, height: 40, x: 100, y: 100 + i * 200 });
  });
  const badgeShown = (i) => !p.shadow(i).querySelector('.badge').hidden;
  return Object.assign({ boxes, badgeShown }, p);
}

test('boxes nobody typed in say "offline" while the companion is away, and recover when it is back; one question per retry, not one per box', async () => {
  let online = false;
  const p = feed({ health: () => (online ? { status: 'ok', health: {} } : { status: 'offline', retryInMs: 40 }) });
  await p.until(() => p.hosts().length === 3 && p.hosts().every((_, i) => p.hook(i).verdict === 'offline'), 'every box offline');
  await p.sleep(200);
  const healthWhileAway = p.sent.filter((m) => m.kind === 'health').length;
  assert.ok(healthWhileAway >= 2 && healthWhileAway <= 8, `about one health question every 40 ms, for the page: ${healthWhileAway}`);
  online = true;
  await p.until(() => p.hosts().every((_, i) => p.hook(i).verdict === 'ok'), 'every box ok again');
  assert.equal(p.checks().length, 0, 'nothing to check: nobody typed');
});

test('the background saying "it is back" recovers a page without waiting for its next retry', async () => {
  let online = false;
  const p = feed({ health: () => (online ? { status: 'ok', health: {} } : { status: 'offline', retryInMs: 600000 }) });
  await p.until(() => p.hook(0) && p.hook(0).verdict === 'offline', 'offline');
  online = true;
  p.message({ kind: 'companion-status', status: 'ok' });
  await p.until(() => p.hosts().every((_, i) => p.hook(i).verdict === 'ok'), 'every box ok');
});

test('a typed draft is checked again when the companion comes back', async () => {
  let online = false;
  const p = feed({
    health: () => (online ? { status: 'ok', health: {} } : { status: 'offline', retryInMs: 40 }),
    respond: (m) => (online ? require('./page').answer(m) : { status: 'offline', retryInMs: 40 }),
  });
  await p.until(() => p.hook(1) && p.hook(1).verdict === 'offline', 'offline');
  p.typeValue(p.boxes[1], STUDENT);
  await p.until(() => p.checks().length === 1, 'the check');
  await p.sleep(150);
  assert.equal(p.checks().length, 1, 'the box does not retry on its own: the page watch does');
  online = true;
  await p.until(() => p.hook(1).verdict === 'stop', 'stop once back');
});

test('a draft retyped while away shows its cached warnings, and the page keeps to its back-off', async () => {
  let online = true;
  const known = new Map();
  // The background's cache, as it answers: a text checked before is answered while the companion is away.
  const respond = (m) => {
    if (online) { const a = require('./page').answer(m); known.set(m.text, a); return a; }
    return known.has(m.text) ? Object.assign({}, known.get(m.text), { cached: true }) : { status: 'offline', retryInMs: 100 };
  };
  const p = feed({ health: () => (online ? { status: 'ok', health: {} } : { status: 'offline', retryInMs: 100 }), respond });
  await p.until(() => p.hosts().length === 3 && p.hook(0).verdict === 'ok', 'the boxes watched');
  p.typeValue(p.boxes[0], STUDENT);
  await p.until(() => p.hook(0) && p.hook(0).verdict === 'stop', 'stop');
  online = false;
  p.typeValue(p.boxes[0], `${STUDENT} Go`);
  await p.until(() => p.hook(0).verdict === 'offline', 'offline');
  p.typeValue(p.boxes[0], STUDENT);
  await p.until(() => p.hook(0).verdict === 'stop', 'the cached warnings');
  const before = p.sent.filter((m) => m.kind === 'health').length;
  await p.sleep(300);
  const health = p.sent.filter((m) => m.kind === 'health').length - before;
  assert.ok(health <= 4, `about one health question every 100 ms, not a loop: ${health}`);
  assert.equal(p.hook(1).verdict, 'offline', 'the boxes nobody typed in still say the companion is away');
});

test('the offline badge shows on the box in use or one holding text, not on every post of a feed', async () => {
  const p = feed({ health: () => ({ status: 'offline', retryInMs: 600000 }) });
  await p.until(() => p.hosts().length === 3 && p.hook(2).verdict === 'offline', 'offline');
  await p.sleep(50); // a frame
  assert.deepEqual([0, 1, 2].map(p.badgeShown), [false, false, false]);
  p.boxes[1].focus();
  await p.until(() => p.badgeShown(1), 'the focused box\'s badge');
  assert.deepEqual([0, 1, 2].map(p.badgeShown), [false, true, false]);
  assert.equal(p.shadow(1).querySelector('.badge .label').textContent, 'off');
});

test('screen readers hear nothing at page load; the box in use speaks', async () => {
  const p = feed({ health: () => ({ status: 'offline', retryInMs: 600000 }) });
  await p.until(() => p.hosts().length === 3 && p.hook(2).verdict === 'offline', 'offline');
  assert.deepEqual([0, 1, 2].map(p.live), ['', '', '']);
  p.boxes[2].focus();
  assert.deepEqual([0, 1, 2].map(p.live), ['', '', 'Second Look: Companion not running']);
});

test('screen readers hear nothing for boxes that are fine at load, then the summary of the box typed in', async () => {
  const p = feed();
  await p.until(() => p.hosts().length === 3 && p.hosts().every((_, i) => p.hook(i).verdict === 'ok'), 'ok');
  p.boxes[0].focus();
  assert.deepEqual([0, 1, 2].map(p.live), ['', '', ''], 'an empty box that is fine says nothing');
  p.typeValue(p.boxes[0], STUDENT);
  await p.until(() => p.hook(0).verdict === 'stop', 'stop');
  assert.deepEqual([0, 1, 2].map(p.live), ['Second Look: 1 thing to fix before posting', '', '']);
});

test('a textarea the site empties without an input event loses its warnings', async () => {
  const p = feed();
  await p.until(() => p.hosts().length === 3, 'hosts');
  const ta = p.boxes[0];
  p.typeValue(ta, STUDENT);
  await p.until(() => p.hook(0).verdict === 'stop', 'stop');
  const mirror = p.shadow(0).querySelector('.mirror');
  await p.until(() => mirror.querySelector('.u-stop'), 'the underline');
  ta.value = ''; // React resets a controlled textarea after posting: no event at all
  await p.until(() => !mirror.querySelector('.u-stop'), 'the underline gone');
  await p.until(() => p.hook(0).verdict === 'ok', 'the hook back to ok');
  assert.equal(p.checks().length, 1, 'an empty box needs no check');
});
