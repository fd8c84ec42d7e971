'use strict';
/*
 * Review before posting from the keyboard, in jsdom: Enter in a comment box
 * (with or without a site's suggestion list open, within the debounce or
 * not), and Enter or Space on a focused post button that is not a real
 * <button> (Facebook's and Instagram's div[role=button]). The extension must
 * never post by itself after a key press, and never make posting impossible.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { lexicalHtml } = require('./helpers');
const { contentPage, STUDENT } = require('./page');

const FB_COMMENT = `<div role="article">${lexicalHtml([''], 'Write a comment…')}</div>`;

/** Facebook with one comment box that posts on Enter, as the site does. */
function facebookComment(opts) {
  const p = contentPage(Object.assign({ html: FB_COMMENT, url: 'https://www.facebook.com/' }, opts));
  const box = p.doc.querySelector('[data-lexical-editor]');
  const posts = [];
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      posts.push(box.textContent);
    }
  });
  return Object.assign({ box, posts }, p);
}

const reviewPanel = (p) => {
  const panel = p.shadow().querySelector('.panel');
  return panel.hidden ? null : panel.getAttribute('aria-label') === 'Second Look: before you post' && panel;
};

test('Enter on a clean comment within the debounce posts at once, with one press', async () => {
  const p = facebookComment({ local: { debounceMs: 350 } });
  await p.until(() => p.host(), 'the host');
  p.typeLexical(p.box, 'Great game tonight!');
  p.box.focus();
  const { down } = p.key(p.box, 'Enter');
  assert.equal(down.defaultPrevented, true, 'the site handled it');
  assert.deepEqual(p.posts, ['Great game tonight!'], 'one Enter, one comment, nothing held');
  assert.equal(reviewPanel(p), null);
});

test('Enter within the debounce goes through when the last answer, moved onto the new text, does not hold', async () => {
  const p = facebookComment({ local: { debounceMs: 300 } });
  await p.until(() => p.host(), 'the host');
  p.typeLexical(p.box, STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  // The name is gone from the draft; the new check has not answered yet.
  p.typeLexical(p.box, 'Congratulations to my student!');
  p.key(p.box, 'Enter');
  assert.deepEqual(p.posts, ['Congratulations to my student!']);
  assert.equal(reviewPanel(p), null);
});

test('Enter within the debounce is held when the last answer still holds the edited draft; "Post anyway" lets the next Enter through', async () => {
  const p = facebookComment({ local: { debounceMs: 300 } });
  await p.until(() => p.host(), 'the host');
  p.typeLexical(p.box, STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  const edited = `${STUDENT} Go team`;
  p.typeLexical(p.box, edited);
  p.box.focus();
  const { down, up } = p.key(p.box, 'Enter');
  assert.equal(down.defaultPrevented, true);
  assert.equal(up.defaultPrevented, true, 'its keyup is held too');
  assert.deepEqual(p.posts, []);
  const panel = reviewPanel(p);
  assert.ok(panel, 'the review prompt');
  assert.equal(panel.querySelector('.words').textContent, '\u201cImani Wells\u201d', 'the words, found in the edited draft');
  panel.querySelector('.post-anyway').click();
  await p.sleep(400); // past the debounce: the extension must not post by itself
  assert.deepEqual(p.posts, [], 'a key press is never replayed');
  assert.equal(p.shadow().querySelector('.notice').textContent, 'Press Enter to post.');
  assert.equal(p.doc.activeElement, p.box, 'back in the draft');
  p.key(p.box, 'Enter');
  assert.deepEqual(p.posts, [edited]);
  // Once: the same draft again is held again.
  p.key(p.box, 'Enter');
  assert.deepEqual(p.posts, [edited]);
  assert.ok(reviewPanel(p));
});

for (const [name, attr, value] of [
  ['a suggestion list is open (aria-expanded)', 'aria-expanded', 'true'],
  ['a suggestion is highlighted (aria-activedescendant)', 'aria-activedescendant', 'mention-1'],
]) {
  test(`Enter while ${name} picks the suggestion: never held, never posted by the extension`, async () => {
    const p = contentPage({
      html: '<form><textarea aria-label="Add a comment…"></textarea><div role="button">Post</div></form><ul id="suggest" hidden><li id="mention-1">@imani.coach</li></ul>',
      url: 'https://www.instagram.com/p/x/', local: { debounceMs: 350 },
    });
    await p.until(() => p.host(), 'the host');
    const ta = p.doc.querySelector('textarea');
    const list = p.doc.getElementById('suggest');
    const posts = [];
    p.doc.querySelector('form div[role="button"]').addEventListener('click', () => { posts.push(ta.value); ta.value = ''; });
    // The site: Enter picks the open suggestion, otherwise posts.
    ta.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.shiftKey) return;
      e.preventDefault();
      if (!list.hidden) {
        ta.value = ta.value.replace(/@\w*$/, '@imani.coach ');
        list.hidden = true;
        ta.removeAttribute(attr);
      } else posts.push(ta.value);
    });
    // A draft the companion holds, then a mention typed after it.
    p.typeValue(ta, STUDENT);
    await p.until(() => p.hook().verdict === 'stop', 'stop');
    p.typeValue(ta, `${STUDENT} Thanks @ima`);
    list.hidden = false;
    ta.setAttribute(attr, value);
    p.key(ta, 'Enter');
    assert.equal(ta.value, `${STUDENT} Thanks @imani.coach `, 'the site picked the suggestion');
    assert.equal(list.hidden, true);
    assert.equal(reviewPanel(p), null);
    await p.sleep(500);
    assert.deepEqual(posts, [], 'nothing posted');
    // The list closed, Enter posts: now the review applies.
    p.key(ta, 'Enter');
    assert.deepEqual(posts, []);
    assert.ok(reviewPanel(p));
  });
}

/** Facebook's post dialog: a Lexical box and a div[role=button] "Post" that posts on click and on Enter/Space. */
function facebookDialog(opts) {
  const p = contentPage(Object.assign({
    html: `<div role="dialog" aria-label="Create post">${lexicalHtml([''], "What's on your mind?")}<div role="button" tabindex="0" aria-label="Post">Post</div></div>`,
    url: 'https://www.facebook.com/',
  }, opts));
  const box = p.doc.querySelector('[data-lexical-editor]');
  const button = p.doc.querySelector('[aria-label="Post"]');
  const posts = [];
  const post = () => posts.push(box.textContent);
  button.addEventListener('click', post);
  // Like a site's div button: Enter on keydown, Space on keyup.
  button.addEventListener('keydown', (e) => { if (e.key === 'Enter') post(); });
  button.addEventListener('keyup', (e) => { if (e.key === ' ') post(); });
  return Object.assign({ box, button, posts }, p);
}

for (const key of ['Enter', ' ']) {
  test(`${key === ' ' ? 'Space' : 'Enter'} on a focused div[role=button] Post is reviewed like a click; "Post anyway" presses it once`, async () => {
    const p = facebookDialog();
    await p.until(() => p.host(), 'the host');
    p.typeLexical(p.box, STUDENT);
    await p.until(() => p.hook().verdict === 'stop', 'stop');
    p.button.focus();
    const { down, up } = p.key(p.button, key);
    assert.equal(down.defaultPrevented, true);
    assert.equal(up.defaultPrevented, true);
    assert.deepEqual(p.posts, [], 'held');
    assert.ok(reviewPanel(p));
    reviewPanel(p).querySelector('.post-anyway').click();
    assert.deepEqual(p.posts, [STUDENT], 'posted once, by pressing the site\'s own button');
  });
}

test('Enter on a focused Post button with the check still running waits for it, then holds', async () => {
  const p = facebookDialog({ local: { debounceMs: 300 } });
  await p.until(() => p.host(), 'the host');
  p.typeLexical(p.box, STUDENT);
  p.button.focus();
  p.key(p.button, 'Enter');
  assert.deepEqual(p.posts, []);
  await p.until(() => reviewPanel(p), 'the review prompt once checked');
  assert.deepEqual(p.posts, []);
});

test('a clean draft: Enter on the Post button goes straight through', async () => {
  const p = facebookDialog();
  await p.until(() => p.host(), 'the host');
  p.typeLexical(p.box, 'Family reading night is on Thursday.');
  await p.until(() => p.hook().verdict === 'ok', 'ok');
  p.key(p.button, 'Enter');
  assert.deepEqual(p.posts, ['Family reading night is on Thursday.']);
});

test('a real <button> is left to its click (no double review)', async () => {
  const p = contentPage({
    html: '<form><textarea aria-label="Add a comment…"></textarea><button type="submit">Post</button></form>',
    url: 'https://www.instagram.com/p/x/',
  });
  await p.until(() => p.host(), 'the host');
  const ta = p.doc.querySelector('textarea');
  p.typeValue(ta, STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  const button = p.doc.querySelector('button');
  p.doc.querySelector('form').addEventListener('submit', (e) => e.preventDefault());
  const { down } = p.key(button, 'Enter');
  assert.equal(down.defaultPrevented, false, 'the keydown is the browser\'s; the click it makes is reviewed');
  button.click();
  assert.ok(reviewPanel(p));
});

test('the review prompt names what holds the post: "check before posting" for review-level findings', async () => {
  const warn = (text) => (text.includes('hopeless')
    ? [{ rule_id: 'negative-remark', severity: 'warning', title: 'Negative remark', message: 'm', offset: text.indexOf('hopeless'), length: 8, suggestions: [], policy: null }] : []);
  const p = facebookDialog({ local: { reviewBeforePosting: 'review' }, respond: (m) => ({ status: 'ok', result: { verdict: 'review', findings: warn(m.text) } }) });
  await p.until(() => p.host(), 'the host');
  p.typeLexical(p.box, 'The new schedule is hopeless.');
  await p.until(() => p.hook().verdict === 'review', 'review');
  p.button.click();
  const intro = reviewPanel(p).querySelector('p').textContent;
  assert.match(intro, /ask you to check before posting/);
  assert.doesNotMatch(intro, /not to post/);
});
