'use strict';
/*
 * The badge and panel: where the panel goes (numbers in, a place out), focus
 * kept through redraws, and the staff-facing words (plain, and the same as in
 * docs/staff-guide.md).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { load, EXT, draftHtml } = require('./helpers');
const { contentPage, STUDENT } = require('./page');

load('src/shared/protocol.js');
const UI = load('src/content/ui.js');

const rect = (left, top, right, bottom) => ({ left, top, right, bottom, width: right - left, height: bottom - top });
const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const VIEW = { width: 1100, height: 800 };

// Boxes and composers measured on the fixture pages (Chromium, 1100 x 800), and harder cases.
const CASES = [
  { name: 'X home: below the composer, clear of the Post button', box: rect(393, 73, 983, 130), composer: rect(393, 65, 983, 170), panel: { width: 360, height: 540 }, clearOfComposer: true },
  { name: 'Facebook post dialog: below the dialog, clear of its Post button', box: rect(271, 110, 829, 196), composer: rect(255, 16, 845, 288), panel: { width: 360, height: 540 }, clearOfComposer: true },
  { name: 'Instagram comment near the middle: below the comment form', box: rect(329, 290, 720, 326), composer: rect(315, 280, 785, 335), panel: { width: 360, height: 400 }, clearOfComposer: true },
  { name: 'a box at the bottom of the window: above the composer', box: rect(300, 690, 800, 740), composer: rect(280, 680, 820, 790), panel: { width: 360, height: 400 }, clearOfComposer: true },
  { name: 'a narrow box with room beside it but none above or below', box: rect(40, 60, 300, 740), composer: rect(30, 50, 320, 750), panel: { width: 360, height: 500 }, clearOfComposer: true },
  { name: 'a composer filling the window: clear of the box at least', box: rect(20, 300, 1080, 380), composer: rect(0, 0, 1100, 800), panel: { width: 360, height: 500 }, clearOfComposer: false },
  { name: 'no composer known: clear of the box', box: rect(100, 100, 700, 200), composer: null, panel: { width: 360, height: 300 }, clearOfComposer: false },
];

for (const c of CASES) {
  test(`panel placement: ${c.name}`, () => {
    const p = UI.placePanel(c.panel, c.box, c.composer, VIEW);
    const shown = rect(p.left, p.top, p.left + c.panel.width, p.top + Math.min(c.panel.height, p.maxHeight));
    assert.ok(!overlaps(shown, c.box), `over the box: ${JSON.stringify(p)}`);
    if (c.clearOfComposer) assert.ok(!overlaps(shown, c.composer), `over the composer: ${JSON.stringify(p)}`);
    assert.ok(shown.left >= 0 && shown.right <= VIEW.width && shown.top >= 0 && shown.bottom <= VIEW.height, `inside the window: ${JSON.stringify(p)}`);
    assert.ok(p.maxHeight >= 80, 'tall enough to read');
  });
}

test('panel placement: a box filling the whole window still gets a panel inside the window', () => {
  const p = UI.placePanel({ width: 360, height: 500 }, rect(0, 0, 1100, 800), null, VIEW);
  assert.ok(p.left >= 0 && p.left + 360 <= 1100 && p.top >= 0 && p.top + p.maxHeight <= 800 + 8, JSON.stringify(p));
});

function xPage(respond) {
  const p = contentPage({
    html: `<main><div id="c">${draftHtml([''])}<div data-testid="toolBar"></div><button data-testid="tweetButtonInline">Post</button></div></main>`,
    url: 'https://x.com/home', respond,
  });
  const editor = p.doc.querySelector('[data-testid="tweetTextarea_0"]');
  const setText = (t) => {
    editor.querySelector('span[data-offset-key]').innerHTML = `<span data-text="true">${t}</span>`;
    editor.dispatchEvent(new p.window.InputEvent('input', { bubbles: true }));
  };
  return Object.assign({ editor, setText }, p);
}

const twoFindings = (m) => {
  const at = m.text.indexOf('Imani Wells');
  const findings = at < 0 ? [] : [
    { rule_id: 'student-name', severity: 'stop', title: 'A student is named', message: 'm', offset: at, length: 11, suggestions: ['a student'], policy: null },
    { rule_id: 'missing-disclaimer', severity: 'warning', title: 'No disclaimer', message: 'm', offset: null, length: null, suggestions: [], policy: null },
  ];
  return { status: 'ok', result: { verdict: findings.length ? 'stop' : 'ok', findings } };
};

test('focus stays on the control a keyboard user chose while the panel redraws (account choice, disclaimer)', async () => {
  const p = xPage(twoFindings);
  await p.until(() => p.host(), 'the host');
  p.setText(STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  const sh = p.shadow();
  sh.querySelector('.badge').click();
  for (const sel of ['input[value="district"]', 'input[type="checkbox"]']) {
    const control = sh.querySelector(`.panel ${sel}`);
    control.focus();
    control.checked = !control.checked;
    control.dispatchEvent(new p.window.Event('change'));
    // The choice is stored, settings reload, the answer comes back: the panel is redrawn meanwhile.
    await p.until(() => sh.querySelector(`.panel ${sel}`) !== control, `${sel}: the panel redrawn`);
    await p.sleep(100);
    assert.equal(sh.activeElement, sh.querySelector(`.panel ${sel}`), `${sel}: focus on the same control after the redraw`);
    assert.notEqual(p.doc.activeElement, p.doc.body);
  }
});

test('after "Ignore for this draft" the focus moves to the next control, not to the page', async () => {
  const p = xPage(twoFindings);
  await p.until(() => p.host(), 'the host');
  p.setText(STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  const sh = p.shadow();
  sh.querySelector('.badge').click();
  const ignore = sh.querySelector('.panel li[data-rule="student-name"] .actions button');
  ignore.focus();
  ignore.click();
  assert.equal(sh.querySelector('.panel li[data-rule="student-name"]'), null, 'the finding is gone');
  const now = sh.activeElement;
  assert.ok(now && sh.querySelector('.panel').contains(now), 'focus stays in the panel');
  assert.equal(p.doc.activeElement, p.host(), 'the page\'s focus is on the panel\'s host, not <body>');
});

test('typing in the draft while the panel is open never pulls the focus into the panel', async () => {
  const p = xPage(twoFindings);
  await p.until(() => p.host(), 'the host');
  p.setText(STUDENT);
  await p.until(() => p.hook().verdict === 'stop', 'stop');
  p.shadow().querySelector('.badge').click();
  p.editor.focus();
  p.setText(`${STUDENT}!`);
  await p.until(() => p.hook().verdict === 'stop' && p.checks().length === 2, 'checked again');
  assert.equal(p.doc.activeElement, p.editor);
});

const GUIDE = fs.readFileSync(path.join(EXT, '../docs/staff-guide.md'), 'utf8').replace(/\s+/g, ' ');
const plain = (s) => s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');

test('what staff read is plain (no backticks) and the staff guide says the same words', () => {
  const texts = [...Object.values(UI.STATUS_TEXT).flat(), UI.UNTYPED_TEXT, ...UI.CHECKLIST];
  for (const t of texts) {
    assert.doesNotMatch(t, /`/, t);
    assert.ok(plain(GUIDE).includes(plain(t)), `docs/staff-guide.md does not say: ${t}`);
  }
  const optionsJs = fs.readFileSync(path.join(EXT, 'src/options/options.js'), 'utf8');
  for (const m of optionsJs.matchAll(/say\('([^']*)'/g)) assert.doesNotMatch(m[1], /`/, m[1]);
});
