'use strict';
/*
 * The options page in jsdom with IT's managed values: only what IT set is
 * locked, and nothing IT set is ever copied into the staff member's own
 * settings (chrome.storage.local), not even by "Test connection".
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { JSDOM } = require('jsdom');
const { EXT } = require('./helpers');

const DIR = path.join(EXT, 'src/options');
const HTML = fs.readFileSync(path.join(DIR, 'options.html'), 'utf8').replace(/<script[^>]*><\/script>/g, '');
const SCRIPTS = ['../shared/protocol.js', '../shared/settings.js', 'options.js'].map((f) => fs.readFileSync(path.join(DIR, f), 'utf8'));

function optionsPage({ local = {}, managed = {} } = {}) {
  const { window } = new JSDOM(HTML, { url: 'chrome-extension://id/src/options/options.html', runScripts: 'outside-only' });
  const store = JSON.parse(JSON.stringify(local));
  const listeners = [];
  const sent = [];
  window.chrome = {
    runtime: {
      sendMessage: async (m) => {
        sent.push(m);
        return m.kind === 'health' ? { status: 'ok', health: { status: 'ok', version: '1', rules_version: 'r1' } } : { status: 'ok', result: { verdict: 'ok', findings: [] } };
      },
    },
    storage: {
      local: { get: async () => JSON.parse(JSON.stringify(store)), set: async (p) => { Object.assign(store, JSON.parse(JSON.stringify(p))); listeners.forEach((l) => l(p, 'local')); } },
      managed: { get: async () => JSON.parse(JSON.stringify(managed)) },
      onChanged: { addListener: (l) => listeners.push(l) },
    },
  };
  for (const s of SCRIPTS) window.eval(s);
  const $ = (sel) => window.document.querySelector(sel);
  const site = (id) => $(`input[name=site][value="${id}"]`);
  const settle = () => new Promise((r) => setTimeout(r, 30));
  return { window, $, site, store, sent, settle };
}

test('IT sets one site: only that checkbox is locked; the others stay the staff member\'s', async () => {
  const o = optionsPage({ local: { enabledSites: { instagram: false } }, managed: { enabledSites: { x: false } } });
  await o.settle();
  assert.deepEqual(['facebook', 'x', 'instagram'].map((s) => [o.site(s).checked, o.site(s).disabled]),
    [[true, false], [false, true], [false, false]]);
  assert.equal(o.$('#managed-note').hidden, false);
  o.site('instagram').checked = true;
  o.site('instagram').dispatchEvent(new o.window.Event('change', { bubbles: true }));
  await o.settle();
  assert.deepEqual(o.store.enabledSites, { facebook: true, instagram: true }, 'IT\'s site is not copied into local');
});

test('"Test connection" with IT\'s port and token copies nothing into local settings; Save is off', async () => {
  const o = optionsPage({ managed: { companionPort: 4400, pairingToken: 'fleet-token' } });
  await o.settle();
  assert.equal(o.$('#companionPort').disabled, true);
  assert.equal(o.$('#pairingToken').disabled, true);
  assert.equal(o.$('#save-connection').disabled, true);
  o.$('#test-connection').click();
  await o.settle();
  assert.match(o.$('#connection-status').textContent, /^Connected/);
  assert.deepEqual(o.store, {}, 'nothing IT set was written to chrome.storage.local');
});

test('IT sets the port only: "Test connection" saves the staff member\'s token, not the port', async () => {
  const o = optionsPage({ managed: { companionPort: 4400 } });
  await o.settle();
  assert.equal(o.$('#save-connection').disabled, false);
  o.$('#pairingToken').value = ' my-token ';
  o.$('#test-connection').click();
  await o.settle();
  assert.deepEqual(o.store, { pairingToken: 'my-token' });
});

test('without IT, nothing is locked and the port is checked before saving', async () => {
  const o = optionsPage();
  await o.settle();
  assert.equal(o.$('#managed-note').hidden, true);
  assert.ok(['facebook', 'x', 'instagram'].every((s) => !o.site(s).disabled));
  o.$('#companionPort').value = '99999';
  o.$('#save-connection').click();
  await o.settle();
  assert.match(o.$('#connection-status').textContent, /from 1 to 65535/);
  assert.deepEqual(o.store, {});
});
