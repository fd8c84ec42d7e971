'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load, dom, draftHtml, lexicalHtml } = require('./helpers');

const TM = load('src/content/textmodel.js');

function editorOf(doc) {
  return doc.querySelector('[contenteditable="true"], textarea');
}

test('Draft.js: blocks become lines, the placeholder <br> of an empty block adds nothing', () => {
  const doc = dom(draftHtml(['Hello there', '', 'Imani Wells won']));
  const m = TM.read(editorOf(doc));
  assert.equal(m.text, 'Hello there\n\nImani Wells won');
  assert.equal(m.segments.length, 2);
});

test('Draft.js: several styled spans in one block read as one line', () => {
  const doc = dom('<div contenteditable="true" role="textbox" class="public-DraftEditor-content"><div data-contents="true">' +
    '<div data-block="true"><div class="public-DraftStyleDefault-block"><span><span data-text="true">Go </span></span>' +
    '<span><span data-text="true">@coach</span></span><span><span data-text="true"> now</span></span></div></div></div></div>');
  assert.equal(TM.read(editorOf(doc)).text, 'Go @coach now');
});

test('Lexical: paragraphs are lines, empty paragraphs are empty lines, <br> inside a paragraph is a newline', () => {
  const doc = dom(lexicalHtml(['First line', '', 'Second\nthird']));
  assert.equal(TM.read(editorOf(doc)).text, 'First line\n\nSecond\nthird');
});

test('Lexical: an editor with only an empty paragraph reads as empty', () => {
  const doc = dom(lexicalHtml(['']));
  assert.equal(TM.read(editorOf(doc)).text, '');
});

test('plain contenteditable: text, then <div> lines, trailing <br> placeholder ignored', () => {
  const doc = dom('<div contenteditable="true">abc<div>def<br></div><div><br></div><div>ghi</div></div>');
  assert.equal(TM.read(editorOf(doc)).text, 'abc\ndef\n\nghi');
});

test('no-break spaces read as spaces, with the same length', () => {
  const doc = dom(lexicalHtml(['a\u00a0b\u00a0']));
  const m = TM.read(editorOf(doc));
  assert.equal(m.text, 'a b ');
});

test('textarea: the value is the text', () => {
  const doc = dom('<textarea aria-label="Add a comment…"></textarea>');
  const ta = editorOf(doc);
  ta.value = 'line one\nline two';
  const m = TM.read(ta);
  assert.equal(m.kind, 'textarea');
  assert.equal(m.text, 'line one\nline two');
});

test('script and style elements inside an editor are not text', () => {
  const doc = dom('<div contenteditable="true"><p>a<style>p{}</style></p><script>x()</script></div>');
  assert.equal(TM.read(editorOf(doc)).text, 'a');
});

function rangeText(model, offset, length) {
  const r = TM.rangeFor(model, offset, length);
  return r && r.toString();
}

test('offsets map to the right words across Draft.js blocks', () => {
  const doc = dom(draftHtml(['Great game tonight!', '', 'Congratulations to my student Imani Wells.']));
  const m = TM.read(editorOf(doc));
  assert.equal(m.text, 'Great game tonight!\n\nCongratulations to my student Imani Wells.');
  assert.equal(rangeText(m, 51, 11), 'Imani Wells'); // 19 + 2 line breaks + 30
  assert.equal(rangeText(m, 0, 5), 'Great');
});

test('offsets are UTF-16 units: an emoji before a finding keeps it exact', () => {
  const doc = dom(lexicalHtml(['🎉🎉 Go team', 'Well done Imani Wells 👏 and Ms. Okoro']));
  const m = TM.read(editorOf(doc));
  // The text sent, written out; the offsets are what the companion returns for it (UTF-16 units).
  assert.equal(m.text, '🎉🎉 Go team\nWell done Imani Wells 👏 and Ms. Okoro');
  assert.equal(rangeText(m, 23, 11), 'Imani Wells'); // 🎉🎉 is 4 units, the line break 1
  assert.equal(rangeText(m, 42, 9), 'Ms. Okoro'); // 👏 is 2 units
  assert.equal(rangeText(m, 0, 4), '🎉🎉');
});

test('a finding across a line break spans both text nodes; one over only the break is dropped', () => {
  const doc = dom(lexicalHtml(['Imani', 'Wells']));
  const m = TM.read(editorOf(doc));
  assert.equal(m.text, 'Imani\nWells');
  const r = TM.rangeFor(m, 0, 11);
  assert.equal(r.startContainer.data, 'Imani');
  assert.equal(r.endContainer.data, 'Wells');
  assert.equal(r.endOffset, 5);
  assert.equal(TM.rangeFor(m, 5, 1), null);
});

test('a finding over text split across several nodes', () => {
  const doc = dom('<div contenteditable="true"><p><span>Ima</span><b>ni We</b><span>lls!</span></p></div>');
  const m = TM.read(editorOf(doc));
  assert.equal(rangeText(m, 0, 11), 'Imani Wells');
});

test('offsets past the end, zero length and empty models give no range', () => {
  const doc = dom(lexicalHtml(['short']));
  const m = TM.read(editorOf(doc));
  assert.equal(TM.rangeFor(m, 10, 3), null);
  assert.equal(TM.rangeFor(m, 0, 0), null);
  assert.equal(TM.rangeFor({ segments: [] }, 0, 1), null);
});

test('shiftFindings keeps findings the edit did not touch and moves those after it', () => {
  const old = 'Hi Imani Wells and Ms. Okoro';
  const f1 = { rule_id: 'student-name', offset: 3, length: 11 };
  const f2 = { rule_id: 'get-permission', offset: 19, length: 9 };
  const f3 = { rule_id: 'missing-disclaimer', offset: null, length: null };
  const typedBefore = 'Hello, Hi Imani Wells and Ms. Okoro';
  const moved = TM.shiftFindings(old, typedBefore, [f1, f2, f3]);
  assert.deepEqual(moved.map((f) => [f.rule_id, f.offset]), [['student-name', 10], ['get-permission', 26], ['missing-disclaimer', null]]);
  const editedName = 'Hi Imani Walls and Ms. Okoro';
  const kept = TM.shiftFindings(old, editedName, [f1, f2]);
  assert.deepEqual(kept.map((f) => [f.rule_id, f.offset]), [['get-permission', 19]]);
  assert.deepEqual(TM.shiftFindings(old, old, [f1]), [f1]);
});

test('shiftFindings on repeated characters never points at other words', () => {
  const old = 'aaa Bob aaa';
  const f = { rule_id: 'x', offset: 4, length: 3 };
  for (const now of ['aaaa Bob aaa', 'aa Bob aaa', 'aaa Bob aaaa', 'aaa Bo aaa', '']) {
    for (const g of TM.shiftFindings(old, now, [f])) assert.equal(now.substr(g.offset, g.length), 'Bob');
  }
});
