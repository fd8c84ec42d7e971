'use strict';
/*
 * A page in jsdom with the content scripts loaded in manifest order and a fake
 * `chrome` (storage local and managed, messages to the background). Shared by
 * the content-script tests; the answers come from `respond` and `health`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { JSDOM } = require('jsdom');
const { after } = require('node:test');
const { EXT } = require('./helpers');

// Every page is closed when the file's tests end, failed or not, so no timer keeps Node running.
const open = new Set();
after(() => { for (const w of open) w.close(); });

const manifest = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.json'), 'utf8'));
const SCRIPTS = manifest.content_scripts[0].js.map((f) => fs.readFileSync(path.join(EXT, f), 'utf8'));

const STUDENT = 'Congratulations to my student Imani Wells!';

/** The companion's answer for a draft: "Imani Wells" is a student's name (stop). */
function finding(text) {
  const at = text.indexOf('Imani Wells');
  return at < 0 ? [] : [{ rule_id: 'student-name', severity: 'stop', title: 'A student is named', message: 'm', offset: at, length: 11, suggestions: [], policy: null }];
}
const answer = (m) => ({ status: 'ok', result: { verdict: finding(m.text).length ? 'stop' : 'ok', findings: finding(m.text) } });

/**
 * @param {object} o
 * @param {string} o.html      the body
 * @param {string} o.url       the page's address (picks the site adapter)
 * @param {Function} [o.respond]  check message -> answer (or a promise of one)
 * @param {Function} [o.health]   () -> health answer
 * @param {object} [o.local]   chrome.storage.local to start with
 * @param {object} [o.managed] chrome.storage.managed (IT's values)
 * @param {boolean} [o.trust]  accept jsdom's untrusted events as typing (the test switch)
 */
function contentPage(o) {
  const jsdom = new JSDOM(`<!doctype html><body>${o.html}</body>`, { url: o.url, runScripts: 'outside-only', pretendToBeVisual: true });
  const { window } = jsdom;
  open.add(window);
  const sent = [];
  const store = Object.assign({ debounceMs: 30 }, o.local || {});
  const managed = Object.assign({}, o.managed || {});
  const listeners = [];
  const messageListeners = [];
  window.chrome = {
    runtime: {
      onMessage: { addListener: (l) => messageListeners.push(l) },
      sendMessage: async (msg) => {
        sent.push(msg);
        if (msg.kind === 'health') return (o.health || (() => ({ status: 'ok', health: { status: 'ok' } })))(msg);
        if (msg.kind === 'check') return (o.respond || answer)(msg);
        return { status: 'ok' };
      },
    },
    storage: {
      local: {
        get: async () => JSON.parse(JSON.stringify(store)),
        set: async (patch) => { Object.assign(store, patch); for (const l of listeners) l(patch, 'local'); },
      },
      managed: { get: async () => JSON.parse(JSON.stringify(managed)) },
      onChanged: { addListener: (l) => listeners.push(l) },
    },
  };
  // jsdom's events are never trusted; the extension checks only what a person typed.
  if (o.trust !== false) window.SecondLook = { acceptUntrustedEventsForTests: true };
  for (const src of SCRIPTS) window.eval(src);
  const doc = window.document;
  const hosts = () => Array.from(doc.querySelectorAll('[data-second-look-host]'));
  const host = (i = 0) => hosts()[i] || null;
  const hook = (i = 0) => host(i) && {
    verdict: host(i).getAttribute('data-second-look-verdict'), rules: host(i).getAttribute('data-second-look-rules'), status: host(i).getAttribute('data-second-look-status'),
  };
  const shadow = (i = 0) => host(i).shadowRoot;
  const live = (i = 0) => shadow(i).querySelector('[aria-live="polite"]').textContent;
  async function until(fn, what, ms = 3000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const v = fn();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`timed out: ${what}; hooks ${JSON.stringify(hosts().map((_, i) => hook(i)))}`);
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const message = (msg) => messageListeners.forEach((l) => l(msg, {}, () => {}));
  const key = (target, k, init) => {
    const e = new window.KeyboardEvent('keydown', Object.assign({ key: k, bubbles: true, cancelable: true }, init || {}));
    target.dispatchEvent(e);
    const up = new window.KeyboardEvent('keyup', Object.assign({ key: k, bubbles: true, cancelable: true }, init || {}));
    target.dispatchEvent(up);
    return { down: e, up };
  };
  /** A textarea or input changed as a person types: the value, then an input event. */
  const typeValue = (el, value) => {
    el.value = value;
    el.dispatchEvent(new window.InputEvent('input', { bubbles: true, inputType: 'insertText' }));
  };
  /** A Lexical box's text replaced (the editor renders, then the browser fires input). */
  const typeLexical = (el, text) => {
    el.innerHTML = text ? `<p dir="auto"><span data-lexical-text="true">${text}</span></p>` : '<p dir="auto"><br></p>';
    el.dispatchEvent(new window.InputEvent('input', { bubbles: true, inputType: 'insertText' }));
  };
  const setManaged = (patch) => {
    Object.assign(managed, patch);
    for (const l of listeners) l(patch, 'managed');
  };
  return {
    window, doc, sent, store, hosts, host, hook, shadow, live, until, sleep, message, key, typeValue, typeLexical, setManaged,
    checks: () => sent.filter((m) => m.kind === 'check'),
    close: () => window.close(),
  };
}

module.exports = { contentPage, finding, answer, STUDENT, SCRIPTS };
