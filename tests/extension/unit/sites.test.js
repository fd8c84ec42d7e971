'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load, dom, draftHtml, lexicalHtml } = require('./helpers');

const S = load('src/sites/registry.js');
load('src/sites/x.js');
load('src/sites/facebook.js');
load('src/sites/instagram.js');

const loc = (url) => new URL(url);

test('each host gets its adapter; other hosts none', () => {
  assert.equal(S.forHost('x.com').id, 'x');
  assert.equal(S.forHost('mobile.twitter.com').id, 'x');
  assert.equal(S.forHost('www.facebook.com').id, 'facebook');
  assert.equal(S.forHost('web.facebook.com.').id, 'facebook');
  assert.equal(S.forHost('www.instagram.com').id, 'instagram');
  assert.equal(S.forHost('notx.com'), null);
  assert.equal(S.forHost('facebook.com.evil.example'), null);
  assert.deepEqual(S.all().map((a) => a.platform).sort(), ['facebook', 'instagram', 'twitter']);
});

test('X: the post box, a reply in a dialog, a DM; media in the composer', () => {
  const x = S.forHost('x.com');
  const doc = dom(`<main><div class="c">${draftHtml(['hi'])}<div data-testid="attachments"></div><div data-testid="toolBar"></div><button data-testid="tweetButtonInline">Post</button></div></main>` +
    `<div id="layers"><div role="dialog"><article data-testid="tweet">Original</article>${draftHtml(['re'], 'tweetTextarea_0')}<button data-testid="tweetButton">Reply</button></div></div>` +
    `<div data-testid="dmComposerTextInput">${draftHtml(['dm'], 'x')}</div>`);
  const editors = Array.from(doc.querySelectorAll(x.editorSelector)).filter((el) => !el.parentElement.closest(x.editorSelector));
  assert.equal(editors.length, 3);
  const [post, reply, dm] = editors;
  assert.equal(x.surface(post, loc('https://x.com/home')), 'post');
  assert.equal(x.surface(reply, loc('https://x.com/home')), 'reply');
  assert.equal(x.surface(dm, loc('https://x.com/messages/1-2')), 'dm');
  assert.equal(x.surface(post, loc('https://x.com/highline/status/123')), 'reply');
  assert.equal(x.hasMedia(post), false);
  doc.querySelector('[data-testid="attachments"]').innerHTML = '<img src="blob:https://x.com/1">';
  assert.equal(x.hasMedia(post), true);
  assert.ok(x.composerRoot(post).contains(doc.querySelector('[data-testid="tweetButtonInline"]')));
  assert.equal(x.isSubmitKey({ key: 'Enter', ctrlKey: true }, 'post'), true);
  assert.equal(x.isSubmitKey({ key: 'Enter' }, 'post'), false);
  assert.equal(x.isSubmitKey({ key: 'Enter' }, 'dm'), true);
  assert.equal(x.isSubmitKey({ key: 'Enter', shiftKey: true }, 'dm'), false);
});

test('X: the handle comes from the account switcher', () => {
  const x = S.forHost('x.com');
  assert.equal(x.handle(dom('<div data-testid="SideNav_AccountSwitcher_Button">Ms H <span>@MrHTeachesMath</span></div>')), '@mrhteachesmath');
  assert.equal(x.handle(dom('')), null);
});

test('Facebook: create-post dialog, comment, reply and Messenger boxes', () => {
  const fb = S.forHost('www.facebook.com');
  const doc = dom(`<div role="dialog">${lexicalHtml(['p'])}<img src="blob:https://www.facebook.com/9"><div role="button" aria-label="Post">Post</div></div>` +
    `<div role="article">${lexicalHtml(['c'], 'Write a comment…')}</div>` +
    `<div role="article">${lexicalHtml(['r'], 'Reply to Ana')}</div>` +
    `<div role="article"><div role="article">${lexicalHtml(['r2'], 'Escribe una respuesta')}</div></div>`, 'https://www.facebook.com/');
  const [post, comment, reply, nested] = doc.querySelectorAll(fb.editorSelector);
  const home = loc('https://www.facebook.com/');
  assert.equal(fb.surface(post, home), 'post');
  assert.equal(fb.surface(comment, home), 'comment');
  assert.equal(fb.surface(reply, home), 'reply');
  assert.equal(fb.surface(nested, home), 'reply', 'structure works when the label is in another language');
  assert.equal(fb.surface(post, loc('https://www.facebook.com/messages/t/1')), 'dm');
  assert.equal(fb.hasMedia(post), true);
  assert.equal(fb.hasMedia(comment), false);
  assert.equal(fb.isSubmitKey({ key: 'Enter' }, 'comment'), true);
  assert.equal(fb.isSubmitKey({ key: 'Enter' }, 'post'), false);
});

test('Instagram: comment textarea, caption (media attached), DM', () => {
  const ig = S.forHost('www.instagram.com');
  const doc = dom('<form><textarea aria-label="Add a comment…"></textarea><div role="button">Post</div></form>' +
    '<div role="dialog"><div role="button">Share</div><div contenteditable="true" aria-label="Write a caption..."></div></div>' +
    `<section>${lexicalHtml(['dm'], 'Message')}</section>`);
  const [comment, caption, dm] = doc.querySelectorAll(ig.editorSelector);
  const direct = loc('https://www.instagram.com/direct/t/1/');
  assert.equal(ig.surface(comment, loc('https://www.instagram.com/p/x/')), 'comment');
  assert.equal(ig.surface(caption, loc('https://www.instagram.com/')), 'post');
  assert.equal(ig.surface(dm, direct), 'dm');
  assert.equal(ig.hasMedia(caption), true);
  assert.equal(ig.hasMedia(comment), false);
  const post = doc.querySelector('form div[role="button"]');
  assert.ok(post.matches(ig.submitSelector) && ig.isSubmitButton(post));
  const other = doc.createElement('div');
  other.setAttribute('role', 'button');
  other.textContent = 'Like';
  doc.querySelector('form').appendChild(other);
  assert.equal(ig.isSubmitButton(other), false);
  assert.ok(ig.composerRoot(comment).contains(post));
});

test('an adapter missing a field is refused', () => {
  assert.throws(() => S.register({ id: 'broken' }), /lacks/);
});
