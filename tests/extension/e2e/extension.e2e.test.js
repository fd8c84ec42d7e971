'use strict';
/*
 * End to end: the unpacked extension in Debian's Chromium, the real companion
 * on loopback, fake X, Facebook and Instagram pages at their real host names
 * over HTTPS. One browser and one companion for the whole file, to keep the
 * suite short on a 2-core machine.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const H = require('./harness');

const STUDENT = 'Congratulations to my student Imani Wells on winning the spelling bee!';
const CLEAN = 'Reminder: the library is open until 5 today.';
const DOCS_IMG = path.join(H.REPO, 'docs/img');

let sites;
let companion;
let browser;

// A made-up roster: one student, and one on the Photo Opt-Out list.
const ROSTER = 'First Name,Last Name,Photo Opt-Out\nJordan,Alvarez,N\nMateo,Reyes,Y\n';

test.before(async () => {
  sites = await H.startSites();
  const roster = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'sl-roster-')), 'roster.csv');
  fs.writeFileSync(roster, ROSTER);
  companion = await H.startCompanion({ roster });
  browser = await H.launchBrowser(sites, companion);
});

test.after(() => H.shutdown({
  browser: () => browser && browser.close(),
  companion: () => companion && companion.stop(),
  sites: () => sites && sites.close(),
}));

async function open(url) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  // Nothing of the extension's may reach the page's console (no flood while the companion is away).
  page.consoleMessages = [];
  page.on('console', (m) => page.consoleMessages.push(`${m.type()}: ${m.text()}`));
  await page.goto(url);
  return page;
}

async function typeInto(page, selector, text) {
  // Typed before the extension watches the box, text would count as the site's own (never checked).
  await page.waitForSelector(H.hostSelector(), { state: 'attached' });
  await page.click(selector);
  await page.keyboard.type(text);
}

async function foreign(page) {
  return page.evaluate(() => window.__foreign);
}

async function posted(page) {
  return page.evaluate(() => window.__posted.map((p) => p.text));
}

/** The Second Look shadow root's element for a surface, as a locator. */
function ui(page, surface, css) {
  return page.locator(`${H.hostSelector(surface)} ${css}`);
}

/** The open panel leaves the draft (and, given, the post button) visible, and the underline is on screen. */
async function panelLeavesVisible(page, surface, selectors) {
  const panel = await ui(page, surface, '.panel').boundingBox();
  for (const sel of selectors) {
    const b = await page.locator(sel).first().boundingBox();
    const overlap = panel.x < b.x + b.width && b.x < panel.x + panel.width && panel.y < b.y + b.height && b.y < panel.y + panel.height;
    assert.ok(!overlap, `the panel ${JSON.stringify(panel)} covers ${sel} ${JSON.stringify(b)}`);
  }
}

/** Saves a screenshot in tests/extension/screenshots/; with UPDATE_DOCS_IMG=1 also into docs/img/. */
async function keepScreenshot(page, name, options) {
  const file = await H.screenshot(page, name, options);
  if (process.env.UPDATE_DOCS_IMG !== '1') return;
  fs.mkdirSync(DOCS_IMG, { recursive: true });
  fs.copyFileSync(file, path.join(DOCS_IMG, `${name}.png`));
}

test('x.com: a student\'s name is underlined exactly and the verdict is stop', async () => {
  const page = await open('https://x.com/home');
  await page.waitForSelector(H.hostSelector('post'), { state: 'attached' });
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  const h = await H.waitVerdict(page, 'post', 'stop');
  assert.ok(h.rules.split(' ').includes('student-name'), h.rules);
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Imani Wells']);
  // The underline is painted where the words are.
  const geometry = await page.evaluate(() => {
    const range = Array.from(CSS.highlights.get('second-look-stop'))[0];
    const node = Array.from(document.querySelectorAll('[data-testid="tweetTextarea_0"] [data-text="true"]')).map((s) => s.firstChild)
      .find((t) => t.data.includes('Imani Wells'));
    const own = document.createRange();
    own.setStart(node, node.data.indexOf('Imani Wells'));
    own.setEnd(node, node.data.indexOf('Imani Wells') + 11);
    const a = range.getBoundingClientRect();
    const b = own.getBoundingClientRect();
    return [a.left, a.top, a.width, a.height, b.left, b.top, b.width, b.height].map(Math.round);
  });
  assert.deepEqual(geometry.slice(0, 4), geometry.slice(4));
  assert.ok(geometry[2] > 20);
  await ui(page, 'post', '.badge').click();
  await ui(page, 'post', '.panel li[data-rule="student-name"]').waitFor();
  await panelLeavesVisible(page, 'post', ['[data-testid="tweetTextarea_0"]', '[data-testid="tweetButtonInline"]']);
  await keepScreenshot(page, 'x');
  assert.deepEqual(await foreign(page), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('x.com: the badge of an empty box opens its panel on a click at human speed', async () => {
  // The badge shows by the box in use. Pressing it moves the focus from the box to the badge, and
  // the badge must not take that as "box no longer in use" and hide under the pointer before the
  // button is released (a real click holds the button down for a tenth of a second or so).
  const page = await open('https://x.com/home');
  await page.waitForSelector(H.hostSelector('post'), { state: 'attached' });
  await page.click('[data-testid="tweetTextarea_0"]');
  const badge = ui(page, 'post', '.badge');
  await badge.waitFor({ state: 'visible' });
  const b = await badge.boundingBox();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(150);
  await page.mouse.up();
  await ui(page, 'post', '.panel').waitFor({ state: 'visible', timeout: 5000 });
  await page.keyboard.press('Escape');
  await ui(page, 'post', '.panel').waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('x.com: an emoji before a finding keeps the underline exact', async () => {
  const page = await open('https://x.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', '🎉🎉 Big news!');
  await page.keyboard.press('Enter');
  await page.keyboard.type(`👏 ${STUDENT}`);
  await H.waitVerdict(page, 'post', 'stop');
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Imani Wells']);
  assert.deepEqual(await foreign(page), []);
  await page.close();
});

test('x.com: review before posting holds a stop post; "Post anyway" lets it through once', async () => {
  const page = await open('https://x.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  await H.waitVerdict(page, 'post', 'stop');
  await page.click('[data-testid="tweetButtonInline"]');
  const review = ui(page, 'post', '.panel[aria-label="Second Look: before you post"]');
  await review.waitFor();
  assert.equal(await review.locator('li[data-rule="student-name"]').count(), 1);
  assert.deepEqual(await posted(page), []);
  await keepScreenshot(page, 'x-review');
  // "Edit" goes back to the draft; nothing is posted.
  await review.locator('button.edit').click();
  await review.waitFor({ state: 'hidden' });
  assert.deepEqual(await posted(page), []);
  // The keyboard shortcut is held too.
  await page.focus('[data-testid="tweetTextarea_0"]');
  await page.keyboard.press('Control+Enter');
  await review.waitFor();
  assert.deepEqual(await posted(page), []);
  // "Post anyway" after a key press: a key cannot be replayed, so the next press goes through.
  await review.locator('button.post-anyway').click();
  const notice = ui(page, 'post', '.notice');
  await notice.waitFor();
  assert.equal(await notice.textContent(), 'Press Ctrl+Enter to post.');
  assert.deepEqual(await posted(page), [], 'nothing posted by the extension itself');
  await page.keyboard.press('Control+Enter');
  await H.waitFor(async () => (await posted(page)).length === 1, { what: 'the post to go out' });
  assert.deepEqual(await posted(page), [STUDENT]);
  // Once: the same draft typed again is held again.
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  await H.waitVerdict(page, 'post', 'stop');
  await page.click('[data-testid="tweetButtonInline"]');
  await review.waitFor();
  assert.equal((await posted(page)).length, 1);
  await page.close();
});

test('x.com: a post clicked before the check finished is checked first, then held', async () => {
  const page = await open('https://x.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  await page.click('[data-testid="tweetButtonInline"]'); // within the debounce
  await ui(page, 'post', '.panel[aria-label="Second Look: before you post"]').waitFor();
  assert.deepEqual(await posted(page), []);
  await page.close();
});

test('x.com: a clean draft on a district account is ok, and the set-up checklist shows once', async () => {
  const page = await open('https://x.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', CLEAN);
  // On a personal account, a post about school wants a "views are my own" disclaimer.
  const personal = await H.waitVerdict(page, 'post', 'review');
  assert.equal(personal.rules, 'missing-disclaimer');
  await ui(page, 'post', '.badge').click();
  await ui(page, 'post', 'input[value="district"]').check();
  const checklist = ui(page, 'post', '.checklist');
  await checklist.waitFor();
  assert.match(await checklist.textContent(), /206-631-3002/);
  await H.waitFor(async () => {
    const h = await H.hook(page, 'post');
    return h.verdict === 'ok' && h.rules === 'public-record';
  }, { what: 'ok with public-record on a district account' });
  await ui(page, 'post', '.checklist button').click();
  await checklist.waitFor({ state: 'detached' });
  // Once: marking personal and district again does not show it again.
  await ui(page, 'post', 'input[value="personal"]').check();
  await ui(page, 'post', 'input[value="district"]').check();
  await H.waitFor(async () => (await H.hook(page, 'post')).rules === 'public-record', { what: 'district again' });
  assert.equal(await checklist.count(), 0);
  await ui(page, 'post', '.panel .close').click();
  // The choice is remembered for this site and handle.
  const accounts = await browser.sw.evaluate(() => chrome.storage.local.get('accounts'));
  assert.equal(accounts.accounts['x:@highlineteacher'].account, 'district');
  // A clean post goes straight out.
  await page.click('[data-testid="tweetButtonInline"]');
  await H.waitFor(async () => (await posted(page)).length === 1, { what: 'the clean post' });
  await browser.sw.evaluate(() => chrome.storage.local.remove(['accounts', 'checklistSeen']));
  await page.close();
});

test('x.com: attaching a photo changes the context and the draft is checked again', async () => {
  const page = await open('https://x.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', 'Our class had a wonderful field trip to the zoo today! Views are my own.');
  assert.equal((await H.waitVerdict(page, 'post', 'ok')).rules, '');
  await page.click('#add-photo');
  const h = await H.waitVerdict(page, 'post', 'review');
  assert.equal(h.rules, 'photo-opt-out');
  await page.close();
});

test('options page: test connection, and "try a draft" shows the findings as staff see them', async () => {
  const page = await open(`chrome-extension://${H.EXTENSION_ID}/src/options/options.html`);
  await H.waitFor(async () => (await page.inputValue('#companionPort')) === String(companion.port), { what: 'the settings shown' });
  await page.click('#test-connection');
  await page.waitForSelector('#connection-status.ok:has-text("Connected")', { timeout: 5000 }).catch(async (e) => { throw new Error(`${e.message}: status ${await page.textContent('#connection-status')}`); });
  await page.fill('#try-text', STUDENT);
  await page.selectOption('#try-platform', 'facebook');
  await page.click('#try-check');
  await page.waitForSelector('#try-result mark.stop');
  assert.equal(await page.textContent('#try-result mark.stop'), 'Imani Wells');
  // The findings as the panel draws them: the same words, the guideline, the suggestions.
  const item = page.locator('#try-result .try-findings li.finding[data-rule="student-name"]');
  assert.match(await item.textContent(), /A student is named.*Guideline 4309P/s);
  assert.equal(await item.locator('.words').textContent(), '\u201cImani Wells\u201d');
  await keepScreenshot(page, 'options', { fullPage: true });
  // A wrong token is explained.
  await page.fill('#pairingToken', 'not-the-token');
  await page.click('#test-connection');
  await page.waitForSelector('#connection-status.bad:has-text("refused the token")');
  await H.pair(browser.sw, companion);
  await page.close();
});

test('x.com: single-page navigation to Messages picks up the new composer', async () => {
  const page = await open('https://x.com/home');
  await page.waitForSelector(H.hostSelector('post'), { state: 'attached' });
  await page.click('[data-testid="AppTabBar_DirectMessage_Link"]');
  await page.waitForSelector(H.hostSelector('dm'), { state: 'attached' });
  await page.waitForSelector(H.hostSelector('post'), { state: 'detached' });
  await typeInto(page, '[data-testid="dmComposerTextInput"] [contenteditable="true"]', 'Imani Wells, good luck on your exam tomorrow!');
  const h = await H.waitVerdict(page, 'dm', 'stop');
  assert.ok(h.rules.split(' ').includes('student-name') || h.rules.split(' ').includes('student-conversation'), h.rules);
  assert.deepEqual(await foreign(page), []);
  await page.close();
});

test('x.com: a reply box under a post is a reply, and the companion is told so', async () => {
  const page = await open('https://x.com/a_student/status/1234567890');
  await page.waitForSelector(H.hostSelector('reply'), { state: 'attached' });
  await typeInto(page, '[data-testid="tweetTextarea_0"]', 'Good luck on your exam tomorrow, see you at practice!');
  const h = await H.waitVerdict(page, 'reply', 'stop');
  assert.ok(h.rules.split(' ').includes('student-conversation'), h.rules);
  const marked = await H.highlighted(page, 'stop');
  assert.ok(marked.length > 0 && marked.every((w) => w.trim() && 'Good luck on your exam tomorrow, see you at practice!'.includes(w)), String(marked));
  await page.close();
});

test('facebook.com: post and comment boxes (Lexical) are checked; Enter in a comment is held', async () => {
  const page = await open('https://www.facebook.com/');
  await typeInto(page, '[aria-label^="What\'s on your mind"]', `Proud of this one 🏆\n${STUDENT}`);
  await H.waitVerdict(page, 'post', 'stop');
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Imani Wells']);
  await typeInto(page, '[aria-label="Write a comment…"]', `Way to go! ${STUDENT}`);
  await H.waitVerdict(page, 'comment', 'stop');
  await page.keyboard.press('Enter');
  await ui(page, 'comment', '.panel[aria-label="Second Look: before you post"]').waitFor();
  assert.deepEqual(await posted(page), []);
  await page.keyboard.press('Escape');
  await ui(page, 'post', '.badge').click();
  await ui(page, 'post', '.panel li[data-rule="student-name"]').waitFor();
  await panelLeavesVisible(page, 'post', ['[aria-label^="What\'s on your mind"]', '[aria-label="Post"][role="button"]']);
  await page.keyboard.press('Escape');
  // The comment's own panel, for the docs: both underlines and the panel, nothing covered.
  await ui(page, 'comment', '.badge').click();
  await ui(page, 'comment', '.panel li[data-rule="student-name"]').waitFor();
  await panelLeavesVisible(page, 'comment', ['[aria-label="Write a comment…"]', '[aria-label^="What\'s on your mind"]']);
  await keepScreenshot(page, 'facebook');
  assert.deepEqual(await foreign(page), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('facebook.com: a name on the roster is a student; with a photo, an opted-out student is a stop', async () => {
  const page = await open('https://www.facebook.com/');
  const box = '[aria-label^="What\'s on your mind"]';
  await typeInto(page, box, 'Jordan Alvarez did great at the science fair tonight!');
  const h = await H.waitVerdict(page, 'post', 'stop');
  assert.ok(h.rules.split(' ').includes('student-name'), h.rules);
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Jordan Alvarez']);
  await page.click(box);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await H.waitVerdict(page, 'post', 'ok');
  await page.keyboard.type('Mateo Reyes did great at the science fair tonight!');
  assert.ok(!(await H.waitVerdict(page, 'post', 'stop')).rules.includes('photo-opt-out'));
  await page.click('#add-photo');
  await H.waitFor(async () => (await H.hook(page, 'post')).rules.split(' ').includes('photo-opt-out'), { what: 'photo-opt-out once a photo is attached' });
  assert.equal((await H.hook(page, 'post')).verdict, 'stop');
  assert.deepEqual(await foreign(page), []);
  await page.close();
});

test('instagram.com: nothing is underlined or checked during IME composition', async () => {
  const page = await open('https://www.instagram.com/create/');
  const box = '[aria-label^="Write a caption"]';
  await typeInto(page, box, `${STUDENT} `);
  await H.waitVerdict(page, 'post', 'stop');
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Imani Wells']);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'にほ', selectionStart: 2, selectionEnd: 2 });
  await H.waitFor(async () => (await H.highlighted(page, 'stop')).length === 0, { what: 'underlines hidden while composing' });
  await page.waitForTimeout(800); // longer than the debounce: no check may start while composing
  assert.equal((await H.hook(page, 'post')).verdict, 'checking');
  await cdp.send('Input.insertText', { text: '日本' });
  await H.waitVerdict(page, 'post', 'stop');
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Imani Wells']);
  await cdp.detach();
  await page.close();
});

test('instagram.com: a comment textarea gets a mirror underline on the right words', async () => {
  const page = await open('https://www.instagram.com/p/abc123/');
  await typeInto(page, 'textarea[aria-label^="Add a comment"]', `🎶 ${STUDENT}`);
  await H.waitVerdict(page, 'comment', 'stop');
  const u = ui(page, 'comment', '.mirror .u-stop');
  await u.waitFor();
  assert.equal(await u.textContent(), 'Imani Wells');
  const [span, area] = await Promise.all([u.boundingBox(), page.locator('textarea').boundingBox()]);
  assert.ok(span.x >= area.x && span.x + span.width <= area.x + area.width + 1, 'underline inside the textarea');
  assert.ok(span.y >= area.y - 1 && span.y + span.height <= area.y + area.height + 1);
  await ui(page, 'comment', '.badge').click();
  await ui(page, 'comment', '.panel li[data-rule="student-name"]').waitFor();
  await panelLeavesVisible(page, 'comment', ['textarea', 'form div[role="button"]']);
  await keepScreenshot(page, 'instagram');
  // Enter submits comments on Instagram: held for review.
  await page.focus('textarea');
  await page.keyboard.press('Enter');
  await ui(page, 'comment', '.panel[aria-label="Second Look: before you post"]').waitFor();
  assert.deepEqual(await posted(page), []);
  await page.close();
});

test('instagram.com: text a page script puts in a box is not checked until the staff member types', async () => {
  const page = await open('https://www.instagram.com/p/abc123/');
  await page.waitForSelector(H.hostSelector('comment'), { state: 'attached' });
  await page.evaluate((t) => {
    const ta = document.querySelector('textarea');
    ta.value = t;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, STUDENT);
  await page.waitForTimeout(1000); // well past the debounce
  assert.deepEqual(await H.hook(page, 'comment'), { verdict: 'checking', rules: '', status: 'ok' });
  assert.equal(await ui(page, 'comment', '.mirror .u-stop').count(), 0);
  await page.click('textarea');
  await page.keyboard.press('End');
  await page.keyboard.type('!');
  await H.waitVerdict(page, 'comment', 'stop');
  assert.equal(await ui(page, 'comment', '.mirror .u-stop').textContent(), 'Imani Wells');
  await page.close();
});

test('instagram.com: the textarea mirror follows the textarea\'s scrolling', async () => {
  const page = await open('https://www.instagram.com/p/abc123/');
  await typeInto(page, 'textarea', STUDENT);
  for (let i = 0; i < 4; i += 1) {
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type(`line ${i}`);
  }
  await H.waitVerdict(page, 'comment', 'stop');
  const scrolls = () => page.evaluate(() => {
    const host = document.querySelector('[data-second-look-host][data-second-look-surface="comment"]');
    return [document.querySelector('textarea').scrollTop, host.shadowRoot.querySelector('.mirror').scrollTop];
  });
  await H.waitFor(async () => { const [a, b] = await scrolls(); return a > 0 && a === b; }, { what: 'the mirror scrolled with the textarea' });
  await page.evaluate(() => { document.querySelector('textarea').scrollTop = 0; });
  await H.waitFor(async () => { const [a, b] = await scrolls(); return a === 0 && b === 0; }, { what: 'the mirror back at the top' });
  const [span, area] = await Promise.all([ui(page, 'comment', '.mirror .u-stop').boundingBox(), page.locator('textarea').boundingBox()]);
  assert.ok(span.y >= area.y - 1 && span.y < area.y + area.height, 'the underline is on the visible first line');
  await page.close();
});

test('instagram.com: the caption box of a new post counts as a post with media', async () => {
  const page = await open('https://www.instagram.com/create/');
  await typeInto(page, '[aria-label^="Write a caption"]', STUDENT);
  const h = await H.waitVerdict(page, 'post', 'stop');
  assert.ok(h.rules.split(' ').includes('student-name'), h.rules);
  await page.close();
});

test('facebook.com: Enter and Space on the focused Post button are reviewed like a click; "Post anyway" posts once', async () => {
  const page = await open('https://www.facebook.com/');
  const box = '[aria-label^="What\'s on your mind"]';
  await typeInto(page, box, STUDENT);
  await H.waitVerdict(page, 'post', 'stop');
  const review = ui(page, 'post', '.panel[aria-label="Second Look: before you post"]');
  for (const key of ['Enter', ' ']) {
    await page.focus('[aria-label="Post"][role="button"]');
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    await review.waitFor();
    assert.deepEqual(await posted(page), [], `${key === ' ' ? 'Space' : 'Enter'} held`);
    await review.locator('button.edit').click();
    await review.waitFor({ state: 'hidden' });
  }
  await page.focus('[aria-label="Post"][role="button"]');
  await page.keyboard.press('Enter');
  await review.locator('button.post-anyway').click();
  await H.waitFor(async () => (await posted(page)).length === 1, { what: 'the post' });
  assert.deepEqual(await posted(page), [STUDENT]);
  assert.deepEqual(await foreign(page), []);
  assert.deepEqual(page.consoleMessages, []);
  await page.close();
});

test('instagram.com: Enter right after typing picks a suggestion, never posts; a clean comment goes out with one Enter; the box the site empties loses its underline', async () => {
  const page = await open('https://www.instagram.com/p/abc123/');
  const ta = 'textarea[aria-label^="Add a comment"]';
  await typeInto(page, ta, `${STUDENT} Thanks @ima`);
  await page.keyboard.press('Enter'); // within the debounce, with the suggestion list open
  assert.equal(await page.inputValue(ta), `${STUDENT} Thanks @imani.coach `);
  assert.deepEqual(await posted(page), []);
  assert.equal(await ui(page, 'comment', '.panel').isHidden(), true);
  // The list closed: Enter posts, and this draft is held for review.
  await H.waitVerdict(page, 'comment', 'stop');
  await page.keyboard.press('Enter');
  const review = ui(page, 'comment', '.panel[aria-label="Second Look: before you post"]');
  await review.waitFor();
  await review.locator('button.post-anyway').click();
  await ui(page, 'comment', '.notice:has-text("Press Enter to post.")').waitFor();
  await page.keyboard.press('Enter');
  await H.waitFor(async () => (await posted(page)).length === 1, { what: 'the comment' });
  // The site emptied the textarea with no input event: no underline stays behind.
  await H.waitVerdict(page, 'comment', 'ok');
  assert.equal(await ui(page, 'comment', '.mirror .u-stop').count(), 0);
  // A clean comment, Enter at once (within the debounce): one press posts it.
  await page.keyboard.type('Great concert tonight!');
  await page.keyboard.press('Enter');
  await H.waitFor(async () => (await posted(page)).length === 2, { what: 'the clean comment with one Enter' });
  assert.deepEqual(await posted(page), [`${STUDENT} Thanks @imani.coach `, 'Great concert tonight!']);
  assert.deepEqual(page.consoleMessages, []);
  await page.close();
});

test('instagram.com: a direct message is checked as a DM, and Enter on a stop DM is held', async () => {
  const page = await open('https://www.instagram.com/direct/t/1234/');
  await page.waitForSelector(H.hostSelector('dm'), { state: 'attached' });
  await typeInto(page, '[aria-label="Message..."]', STUDENT);
  const h = await H.waitVerdict(page, 'dm', 'stop');
  assert.ok(h.rules.split(' ').includes('student-name'), h.rules);
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Imani Wells']);
  await page.keyboard.press('Enter');
  await ui(page, 'dm', '.panel[aria-label="Second Look: before you post"]').waitFor();
  assert.deepEqual(await posted(page), []);
  assert.deepEqual(await foreign(page), []);
  await page.close();
});

test('x.com: the newer DM textarea is watched as a DM and underlined through the mirror', async () => {
  const page = await open('https://x.com/i/chat/1234');
  await page.waitForSelector(H.hostSelector('dm'), { state: 'attached' });
  await typeInto(page, 'textarea[data-testid="dm-composer-textarea"]', `🎒 ${STUDENT}`);
  await H.waitVerdict(page, 'dm', 'stop');
  const u = ui(page, 'dm', '.mirror .u-stop');
  await u.waitFor();
  assert.equal(await u.textContent(), 'Imani Wells');
  await page.keyboard.press('Enter');
  await ui(page, 'dm', '.panel[aria-label="Second Look: before you post"]').waitFor();
  assert.deepEqual(await posted(page), []);
  await page.close();
});

test('twitter.com: the same extension on the old host name', async () => {
  const page = await open('https://twitter.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  const h = await H.waitVerdict(page, 'post', 'stop');
  assert.ok(h.rules.split(' ').includes('student-name'), h.rules);
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Imani Wells']);
  await page.close();
});

test('settings: review off lets a stop post through; a disabled site is not watched', async () => {
  await browser.sw.evaluate(() => chrome.storage.local.set({ reviewBeforePosting: 'off' }));
  const page = await open('https://x.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  await H.waitVerdict(page, 'post', 'stop');
  await page.click('[data-testid="tweetButtonInline"]');
  await H.waitFor(async () => (await posted(page)).length === 1, { what: 'the post with review off' });
  await browser.sw.evaluate(() => chrome.storage.local.set({ reviewBeforePosting: 'stop', enabledSites: { x: false } }));
  await page.waitForSelector(H.hostSelector(), { state: 'detached' });
  await browser.sw.evaluate(() => chrome.storage.local.remove(['enabledSites']));
  await page.waitForSelector(H.hostSelector('post'), { state: 'attached' });
  await page.close();
});

test('a wrong token shows "not paired"; the right one recovers', async () => {
  const page = await open('https://x.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  await H.waitVerdict(page, 'post', 'stop');
  await H.pair(browser.sw, companion, { pairingToken: 'wrong-token' });
  await H.waitFor(async () => (await H.hook(page, 'post')).status === 'unpaired', { what: 'unpaired' });
  assert.equal((await H.hook(page, 'post')).verdict, 'offline');
  await H.pair(browser.sw, companion);
  await H.waitVerdict(page, 'post', 'stop');
  await page.close();
});

test('the companion stopped shows offline, posting is not blocked, and it recovers when it comes back', async () => {
  const page = await open('https://x.com/home');
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  await H.waitVerdict(page, 'post', 'stop');
  // Count the background's requests to the companion while it is away: one shared back-off, no flood.
  await browser.sw.evaluate(() => {
    self.__requests = [];
    const real = self.fetch;
    self.fetch = (...a) => {
      self.__requests.push(`${(a[1] && a[1].method) || 'GET'} ${new URL(String(a[0])).pathname} @${Date.now() % 100000}`);
      return real(...a);
    };
  });
  const swConsole = [];
  browser.sw.on('console', (m) => swConsole.push(`${m.type()}: ${m.text()}`));
  await companion.stop();
  await page.keyboard.type(' Go team');
  const h = await H.waitVerdict(page, 'post', 'offline');
  assert.equal(h.status, 'offline');
  assert.deepEqual(await H.highlighted(page, 'stop'), [], 'no underline without a result for this text');
  await ui(page, 'post', '.badge').click();
  assert.match(await ui(page, 'post', '.panel .status').textContent(), /not running/);
  await keepScreenshot(page, 'offline');
  await page.keyboard.press('Escape');
  // Posting is not blocked while the companion is away.
  await page.click('[data-testid="tweetButtonInline"]');
  await H.waitFor(async () => (await posted(page)).length === 1, { what: 'the post while offline' });
  await typeInto(page, '[data-testid="tweetTextarea_0"]', STUDENT);
  // A feed opened meanwhile: its boxes nobody typed in say "offline", without a badge on each.
  const feed = await open('https://www.instagram.com/p/abc123/');
  await H.waitVerdict(feed, 'comment', 'offline');
  assert.equal(await ui(feed, 'comment', '.badge').isHidden(), true, 'no badge on a box not in use');
  // While nobody types, both pages and every box share one back-off (1, 2, 4, 8 s): no flood (a
  // retry a second from each page would be twice this). Counted
  // over a quiet window, as each check typed while away is a request of its own, and how many
  // checks a typed sentence makes depends on the machine's speed against the debounce.
  const typed = await browser.sw.evaluate(() => self.__requests.length);
  await browser.sw.evaluate(() => { self.__requests = []; });
  const quiet = Date.now();
  await feed.waitForTimeout(4000);
  const seconds = (Date.now() - quiet) / 1000;
  const requests = await browser.sw.evaluate(() => self.__requests);
  assert.ok(requests.length <= seconds + 1,
    `${requests.length} requests in ${seconds.toFixed(1)} quiet seconds while the companion was away ` +
    `(${typed} before, while typing): ${requests.join(', ')}`);
  await companion.start();
  await H.waitVerdict(page, 'post', 'stop', 30000);
  assert.deepEqual(await H.highlighted(page, 'stop'), ['Imani Wells']);
  await H.waitVerdict(feed, 'comment', 'ok', 30000); // recovered, though nobody typed in it
  assert.deepEqual(page.errors, []);
  for (const p of [page, feed]) assert.deepEqual(p.consoleMessages, [], 'nothing in the page\'s console');
  assert.deepEqual(swConsole, [], 'nothing logged by the background');
  await browser.sw.evaluate(() => { delete self.__requests; });
  await feed.close();
  await page.close();
});
