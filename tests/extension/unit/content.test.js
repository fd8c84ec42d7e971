'use strict';
/*
 * The content scripts in jsdom, loaded in manifest order with a fake
 * `chrome`: the wiring of debounce, messaging, staleness, the test hook and
 * review before posting, without a browser. (Geometry and painting are
 * covered in Chromium by the end-to-end tests.)
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { draftHtml } = require('./helpers');
const { contentPage, finding } = require('./page');

const STUDENT = 'Congratulations to my student Imani Wells!';

/** A page at x.com with one Draft.js box and a post button, the content scripts loaded. */
function page({ respond, local, trustTestEvents = true } = {}) {
  const p = contentPage({
    html: `<main><div id="c">${draftHtml([''])}<div data-testid="toolBar"></div><button data-testid="tweetButtonInline">Post</button></div></main>`,
    url: 'https://x.com/home', respond, local, trust: trustTestEvents,
  });
  const { window, doc } = p;
  const editor = doc.querySelector('[data-testid="tweetTextarea_0"]');
  const foreign = [];
  const watch = new window.MutationObserver((records) => foreign.push(...records));
  watch.observe(editor, { subtree: true, childList: true, attributes: true, characterData: true });
  const posts = [];
  doc.querySelector('[data-testid="tweetButtonInline"]').addEventListener('click', () => posts.push(editorText()));

  function editorText() {
    return Array.from(editor.querySelectorAll('[data-text="true"]')).map((s) => s.textContent).join('\n');
  }
  /** Types like Draft.js renders: replaces the block's content, then (like a browser) fires input. */
  function setText(text) {
    const span = editor.querySelector('span[data-offset-key]');
    span.innerHTML = text ? '<span data-text="true"></span>' : '<br data-text="true">';
    if (text) span.firstChild.textContent = text;
    watch.takeRecords(); // our own edits are not foreign
    editor.dispatchEvent(new window.InputEvent('input', { bubbles: true, inputType: 'insertText' }));
  }
  return Object.assign({}, p, { editor, posts, foreign, setText });
}

test('a typed draft is checked once after the pause, with its context; the hook says stop', async () => {
  const p = page();
  await p.until(() => p.host(), 'the host');
  for (const t of ['Congr', 'Congratulations to my', STUDENT]) {
    p.setText(t);
    assert.equal(p.hook().verdict, 'checking');
    await new Promise((r) => setTimeout(r, 5));
  }
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  const checks = p.sent.filter((m) => m.kind === 'check');
  assert.equal(checks.length, 1);
  assert.equal(checks[0].text, STUDENT);
  assert.deepEqual(JSON.parse(JSON.stringify(checks[0].context)), { platform: 'twitter', surface: 'post', account: 'personal', has_media: false, disclaimer_in_profile: false });
  assert.equal(p.hook().rules, 'student-name');
  assert.equal(p.foreign.length, 0, 'the editor\'s DOM was not touched');
  assert.ok(!p.editor.contains(p.host()));
  p.close();
});

test('an answer for text that has since changed is never shown', async () => {
  const resolvers = [];
  const p = page({ respond: (m) => new Promise((r) => resolvers.push(() => r({ status: 'ok', result: { verdict: 'stop', findings: finding(m.text) } }))) });
  await p.until(() => p.host(), 'the host');
  p.setText(STUDENT);
  await p.until(() => resolvers.length === 1, 'first check');
  p.setText('All clear now.');
  resolvers[0]();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(p.hook().verdict, 'checking');
  await p.until(() => resolvers.length === 2, 'second check');
  resolvers[1]();
  await p.until(() => p.hook().verdict === 'ok', 'ok for the new text');
  p.close();
});

test('offline and unpaired answers show as offline with the reason', async () => {
  const p = page({ respond: () => ({ status: 'unpaired', reason: 'bad token' }) });
  await p.until(() => p.host(), 'the host');
  p.setText(STUDENT);
  await p.until(() => p.hook().verdict === 'offline', 'offline');
  assert.equal(p.hook().status, 'unpaired');
  p.close();
});

test('review before posting: a stop post is held; "Post anyway" posts it once', async () => {
  const p = page();
  await p.until(() => p.host(), 'the host');
  p.setText(STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  const button = p.doc.querySelector('[data-testid="tweetButtonInline"]');
  button.click();
  assert.deepEqual(p.posts, []);
  const panel = p.host().shadowRoot.querySelector('.panel');
  assert.equal(panel.hidden, false);
  assert.equal(panel.getAttribute('aria-label'), 'Second Look: before you post');
  panel.querySelector('.post-anyway').click();
  assert.deepEqual(p.posts, [STUDENT]);
  button.click();
  assert.deepEqual(p.posts, [STUDENT], 'the bypass was for one press only');
  p.close();
});

test('"Ignore for this draft" drops the finding from the badge and the hook', async () => {
  const p = page();
  await p.until(() => p.host(), 'the host');
  p.setText(STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  const shadow = p.host().shadowRoot;
  shadow.querySelector('.badge').click();
  const ignore = Array.from(shadow.querySelectorAll('.finding button')).find((b) => b.textContent === 'Ignore for this draft');
  ignore.click();
  assert.equal(p.hook().verdict, 'ok');
  assert.equal(p.hook().rules, '');
  p.doc.querySelector('[data-testid="tweetButtonInline"]').click();
  assert.deepEqual(p.posts, [STUDENT], 'an ignored finding does not hold the post');
  p.close();
});

test('marking a district account is stored per site and handle and rechecks with that context', async () => {
  const p = page();
  await p.until(() => p.host(), 'the host');
  p.setText('Reminder: the library is open until 5 today.');
  await p.until(() => p.hook().verdict === 'ok', 'ok');
  const shadow = p.host().shadowRoot;
  shadow.querySelector('.badge').click();
  const district = shadow.querySelector('input[value="district"]');
  district.checked = true;
  district.dispatchEvent(new p.window.Event('change'));
  assert.equal(p.store.accounts.x.account, 'district');
  await p.until(() => p.sent.some((m) => m.kind === 'check' && m.context.account === 'district'), 'a district check');
  assert.ok(shadow.querySelector('.checklist').textContent.includes('206-631-3002'));
  p.close();
});

test('a site turned off is not watched; turned on again, it is', async () => {
  const p = page({ local: { enabledSites: { x: false } } });
  await p.until(() => p.window.SecondLook.main, 'the content script started');
  await p.sleep(100);
  assert.equal(p.host(), null);
  // The same page, the site turned on: the box is watched (so the script was running all along).
  await p.window.chrome.storage.local.set({ enabledSites: { x: true } });
  await p.until(() => p.host(), 'the host once the site is on');
  p.close();
});

test('the keyboard shortcut opens the panel of the focused box; the live region says the summary', async () => {
  const p = page();
  await p.until(() => p.host(), 'the host');
  p.setText(STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  const shadow = p.host().shadowRoot;
  assert.equal(shadow.querySelector('[aria-live="polite"]').textContent, 'Second Look: 1 thing to fix before posting');
  p.editor.focus();
  p.message({ kind: 'open-panel' });
  const panel = shadow.querySelector('.panel');
  assert.equal(panel.hidden, false);
  assert.ok(panel.querySelector('li[data-rule="student-name"]'));
  assert.equal(shadow.activeElement, panel.querySelector('.close'), 'focus moves into the panel');
  panel.dispatchEvent(new p.window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  assert.equal(panel.hidden, true);
  assert.equal(p.doc.activeElement, p.editor, 'Escape returns to the draft');
  p.close();
});

test('"Don\'t show me this again" mutes a warning rule for good; stop rules cannot be muted', async () => {
  const warn = (text) => {
    const at = text.indexOf('hopeless');
    return at < 0 ? [] : [{ rule_id: 'negative-remark', severity: 'warning', title: 'Negative remark', message: 'm', offset: at, length: 8, suggestions: [], policy: null }];
  };
  const p = page({ respond: (m) => ({ status: 'ok', result: { verdict: 'review', findings: warn(m.text).concat(finding(m.text)) } }) });
  await p.until(() => p.host(), 'the host');
  p.setText('HR is hopeless. Imani Wells agrees.');
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  assert.equal(p.hook().rules, 'negative-remark student-name');
  const shadow = p.host().shadowRoot;
  shadow.querySelector('.badge').click();
  const [warningItem, stopItem] = ['negative-remark', 'student-name'].map((r) => shadow.querySelector(`li[data-rule="${r}"]`));
  assert.ok(!Array.from(stopItem.querySelectorAll('button')).some((b) => /show me this again/.test(b.textContent)));
  Array.from(warningItem.querySelectorAll('button')).find((b) => /show me this again/.test(b.textContent)).click();
  assert.deepEqual(Array.from(p.store.mutedRules), ['negative-remark']);
  await p.until(() => p.hook().rules === 'student-name', 'the muted rule gone from the hook');
  p.close();
});

test('text a script put in the box (no trusted input) is never checked or marked', async () => {
  const p = page({ trustTestEvents: false });
  await p.until(() => p.hook() && p.hook().verdict === 'ok', 'the empty box ok');
  p.setText(STUDENT);
  // The box saw the change (it went to "checking") and settled without a check.
  await p.until(() => p.shadow().querySelector('.badge').getAttribute('data-state') === 'untyped', 'the untyped state');
  await p.sleep(150); // several debounce periods
  assert.equal(p.checks().length, 0);
  assert.deepEqual(p.hook(), { verdict: 'checking', rules: '', status: 'ok' });
  assert.equal(p.shadow().querySelector('.badge .label').textContent, 'type to check');
  p.close();
});

test('IT\'s settings reach the content script: a site IT turned off is not watched, whatever the staff member chose', async () => {
  const p = contentPage({ html: draftHtml(['']), url: 'https://x.com/home', local: { enabledSites: { x: true } }, managed: { enabledSites: { x: false } } });
  await p.until(() => p.window.SecondLook.main, 'the content script started');
  await p.sleep(100);
  assert.equal(p.host(), null);
  p.setManaged({ enabledSites: { x: true } });
  await p.until(() => p.host(), 'watched once IT turns it on');
});

test('IT\'s "review off" wins over the staff member\'s "stop": a stop post goes out', async () => {
  const p = contentPage({
    html: `<div id="c">${draftHtml([''])}<div data-testid="toolBar"></div><button data-testid="tweetButtonInline">Post</button></div>`,
    url: 'https://x.com/home', local: { reviewBeforePosting: 'stop' }, managed: { reviewBeforePosting: 'off' },
  });
  await p.until(() => p.host(), 'the host');
  const editor = p.doc.querySelector('[data-testid="tweetTextarea_0"]');
  editor.querySelector('span[data-offset-key]').innerHTML = `<span data-text="true">${STUDENT}</span>`;
  editor.dispatchEvent(new p.window.InputEvent('input', { bubbles: true }));
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  let posted = 0;
  const button = p.doc.querySelector('[data-testid="tweetButtonInline"]');
  button.addEventListener('click', () => { posted += 1; });
  button.click();
  assert.equal(posted, 1);
  assert.equal(p.shadow().querySelector('.panel').hidden, true);
});

test('twitter.com is X too', async () => {
  const p = contentPage({ html: draftHtml(['']), url: 'https://twitter.com/home' });
  await p.until(() => p.host(), 'the host');
  assert.equal(p.host().getAttribute('data-second-look-site'), 'x');
});

test('boxes of the same kind are told apart on the hook by their number on the page', async () => {
  const p = contentPage({ html: [0, 1].map(() => '<form><textarea aria-label="Add a comment…"></textarea></form>').join(''), url: 'https://www.instagram.com/' });
  await p.until(() => p.hosts().length === 2, 'two hosts');
  assert.deepEqual(p.hosts().map((h) => h.getAttribute('data-second-look-editor')), ['1', '2']);
});
