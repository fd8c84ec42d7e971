'use strict';
// Shared helpers for the unit tests: the extension's modules load as CommonJS.
const path = require('node:path');
const { JSDOM } = require('jsdom');

const EXT = path.resolve(__dirname, '../../../extension');
const load = (rel) => require(path.join(EXT, rel));

/** A jsdom document whose body holds `html`. */
function dom(html, url = 'https://x.com/home') {
  const jsdom = new JSDOM(`<!doctype html><body>${html}</body>`, { url, pretendToBeVisual: true });
  return jsdom.window.document;
}

/** Draft.js markup for lines of text, as X renders it. */
function draftHtml(lines, testid = 'tweetTextarea_0') {
  const blocks = lines.map((line, i) => {
    const key = `k${i}-0-0`;
    const inner = line === ''
      ? `<span data-offset-key="${key}"><br data-text="true"></span>`
      : `<span data-offset-key="${key}"><span data-text="true">${line}</span></span>`;
    return `<div class="" data-block="true" data-editor="abc" data-offset-key="${key}"><div data-offset-key="${key}" class="public-DraftStyleDefault-block public-DraftStyleDefault-ltr">${inner}</div></div>`;
  }).join('');
  return `<div class="DraftEditor-root"><div class="DraftEditor-editorContainer"><div aria-label="Post text" class="notranslate public-DraftEditor-content" contenteditable="true" role="textbox" data-testid="${testid}"><div data-contents="true">${blocks}</div></div></div></div>`;
}

/** Lexical markup (Facebook, Instagram DMs) for paragraphs; '' is an empty paragraph. */
function lexicalHtml(paragraphs, label = "What's on your mind?") {
  const ps = paragraphs.map((p) => (p === '' ? '<p dir="auto"><br></p>'
    : `<p dir="auto">${p.split('\n').map((seg) => `<span data-lexical-text="true">${seg}</span>`).join('<br>')}</p>`)).join('');
  return `<div contenteditable="true" role="textbox" spellcheck="true" data-lexical-editor="true" aria-label="${label}">${ps}</div>`;
}

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
    now: () => now,
  };
}

module.exports = { EXT, load, dom, draftHtml, lexicalHtml, fakeTimers };
