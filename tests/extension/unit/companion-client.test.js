'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('./helpers');

load('src/shared/protocol.js');
const C = load('src/background/companion.js');

const RESULT = { verdict: 'stop', score: 90, rules_version: 'v1', elapsed_ms: 2,
  findings: [{ rule_id: 'student-name', severity: 'stop', title: 'T', message: 'M', offset: 0, length: 5, suggestions: [], policy: null }] };

function fakeFetch(handler) {
  const calls = [];
  const f = async (url, init) => {
    calls.push({ url, init });
    return handler(url, init, calls.length);
  };
  f.calls = calls;
  return f;
}

const json = (status, body) => ({ status, json: async () => body });
const settings = async () => ({ companionPort: 4309, pairingToken: 'secret' });

test('a check posts JSON with the token to 127.0.0.1 and returns the cleaned result', async () => {
  const fetch = fakeFetch(() => json(200, RESULT));
  const client = C.createClient({ fetch, getSettings: settings });
  const r = await client.check('Imani', { platform: 'twitter' }, 'e1');
  assert.equal(r.status, 'ok');
  assert.equal(r.result.findings[0].rule_id, 'student-name');
  const { url, init } = fetch.calls[0];
  assert.equal(url, 'http://127.0.0.1:4309/v1/check');
  assert.equal(init.method, 'POST');
  assert.equal(init.headers['X-Second-Look-Token'], 'secret');
  assert.equal(init.headers['Content-Type'], 'application/json');
  assert.equal(init.credentials, 'omit');
  assert.deepEqual(JSON.parse(init.body), { text: 'Imani', context: { platform: 'twitter', surface: 'post', account: 'personal', has_media: false, disclaimer_in_profile: false } });
});

test('an unchanged draft is answered from the cache', async () => {
  const fetch = fakeFetch(() => json(200, RESULT));
  const client = C.createClient({ fetch, getSettings: settings });
  await client.check('same', {}, 'e1');
  const again = await client.check('same', {}, 'e1');
  assert.equal(again.cached, true);
  assert.equal(fetch.calls.length, 1);
  await client.check('same', { account: 'district' }, 'e1');
  assert.equal(fetch.calls.length, 2, 'another context is another check');
  client.clearCache();
  await client.check('same', {}, 'e1');
  assert.equal(fetch.calls.length, 3);
});

test('401 is "unpaired", a refused connection is "offline", 413 "too-long", 429 "busy"', async () => {
  for (const [handler, status] of [
    [() => json(401, { error: 'unauthorized', reason: 'missing token' }), 'unpaired'],
    [() => { throw new TypeError('Failed to fetch'); }, 'offline'],
    [() => json(413, { error: 'too long' }), 'too-long'],
    [() => json(429, { error: 'busy' }), 'busy'],
    [() => ({ status: 200, json: async () => { throw new SyntaxError('bad'); } }), 'error'],
  ]) {
    const client = C.createClient({ fetch: fakeFetch(handler), getSettings: settings });
    assert.equal((await client.check('x', {}, 'k')).status, status);
  }
  const long = C.createClient({ fetch: fakeFetch(() => json(200, RESULT)), getSettings: settings });
  assert.equal((await long.check('a'.repeat(20001), {}, 'k')).status, 'too-long');
});

test('a newer check from the same editor aborts the one in flight', async () => {
  let release;
  const fetch = fakeFetch((url, init, n) => new Promise((resolve, reject) => {
    if (n === 1) {
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      release = resolve;
    } else resolve(json(200, RESULT));
  }));
  const client = C.createClient({ fetch, getSettings: settings });
  const first = client.check('one', {}, 'e1');
  await new Promise((r) => setImmediate(r));
  assert.equal(fetch.calls.length, 1, 'the first request is in flight');
  const second = await client.check('two', {}, 'e1');
  assert.equal(second.status, 'ok');
  assert.equal((await first).status, 'aborted');
  assert.equal(fetch.calls[0].init.signal.aborted, true, 'the first request itself was aborted');
  assert.equal(fetch.calls[1].init.signal.aborted, false);
  assert.equal(JSON.parse(fetch.calls[1].init.body).text, 'two');
  assert.equal(typeof release, 'function');
});

test('cached answers are not reused once the companion reports new rules, nor after a minute', async () => {
  let version = 'v1';
  let clock = 0;
  const fetch = fakeFetch((url) => json(200, url.endsWith('/v1/health') ? { status: 'ok', rules_version: version } : Object.assign({}, RESULT, { rules_version: version })));
  const client = C.createClient({ fetch, getSettings: settings, now: () => clock });
  await client.check('same', {}, 'e1');
  assert.equal((await client.check('same', {}, 'e1')).cached, true);
  // New rules (seen by a health answer, or by another draft's check): the old answer is not reused.
  version = 'v2';
  await client.health();
  const fresh = await client.check('same', {}, 'e1');
  assert.equal(fresh.cached, undefined);
  assert.equal(fresh.result.rules_version, 'v2');
  assert.equal((await client.check('same', {}, 'e1')).cached, true);
  // A new roster keeps rules_version: an answer a minute old is asked again.
  clock += C.CACHE_TTL_MS;
  assert.equal((await client.check('same', {}, 'e1')).cached, undefined);
  assert.equal(fetch.calls.filter((c) => c.url.endsWith('/v1/check')).length, 3);
});

test('the length limit counts code points, as the companion does: 20,000 emoji are not refused here', async () => {
  const fetch = fakeFetch(() => json(200, RESULT));
  const client = C.createClient({ fetch, getSettings: settings });
  assert.equal((await client.check('\u{1F389}'.repeat(20000), {}, 'k')).status, 'ok');
  assert.equal((await client.check('\u{1F389}'.repeat(20001), {}, 'k')).status, 'too-long');
  assert.equal(fetch.calls.length, 1);
});

test('checks from different editors do not cancel each other', async () => {
  const fetch = fakeFetch(async () => json(200, RESULT));
  const client = C.createClient({ fetch, getSettings: settings });
  const [a, b] = await Promise.all([client.check('a', {}, 'e1'), client.check('b', {}, 'e2')]);
  assert.equal(a.status, 'ok');
  assert.equal(b.status, 'ok');
});

test('health and rules use GET with the token', async () => {
  const fetch = fakeFetch((url) => json(200, url.endsWith('/v1/health') ? { status: 'ok', version: '1' } : { rules_version: 'v', rules: [] }));
  const client = C.createClient({ fetch, getSettings: async () => ({ companionPort: 5555, pairingToken: 't' }) });
  const h = await client.health();
  assert.equal(h.health.status, 'ok');
  assert.equal(fetch.calls[0].url, 'http://127.0.0.1:5555/v1/health');
  assert.equal(fetch.calls[0].init.method, 'GET');
  assert.equal(fetch.calls[0].init.headers['Content-Type'], undefined);
  const r = await client.rules();
  assert.equal(r.rules.rules_version, 'v');
});
