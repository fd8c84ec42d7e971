'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('./helpers');

const P = load('src/shared/protocol.js');

test('context defaults follow guidelines.md and unknown values fall back', () => {
  assert.deepEqual(P.makeContext({}), { platform: 'other', surface: 'post', account: 'personal', has_media: false, disclaimer_in_profile: false });
  assert.deepEqual(P.makeContext({ platform: 'twitter', surface: 'dm', account: 'district', has_media: true, disclaimer_in_profile: true }),
    { platform: 'twitter', surface: 'dm', account: 'district', has_media: true, disclaimer_in_profile: true });
  assert.deepEqual(P.makeContext({ platform: 'myspace', surface: 'story', account: 'boss', has_media: 'yes' }), P.makeContext({}));
});

test('check messages carry text, a complete context and the editor key', () => {
  const m = P.checkMessage('hi', { platform: 'facebook' }, 'e1');
  assert.equal(m.kind, 'check');
  assert.equal(m.context.platform, 'facebook');
  assert.equal(m.key, 'e1');
  assert.equal(P.validateMessage(m), null);
  assert.match(P.validateMessage({ kind: 'check', text: 3, context: {} }), /text/);
  assert.match(P.validateMessage({ kind: 'nope' }), /unknown kind/);
  assert.match(P.validateMessage(null), /not an object/);
});

test('HTTP statuses map to what the badge says', () => {
  assert.equal(P.statusFromHttp(200), 'ok');
  assert.equal(P.statusFromHttp(401), 'unpaired');
  assert.equal(P.statusFromHttp(403), 'unpaired');
  assert.equal(P.statusFromHttp(413), 'too-long');
  assert.equal(P.statusFromHttp(429), 'busy');
  assert.equal(P.statusFromHttp(400), 'bad-request');
  assert.equal(P.statusFromHttp(500), 'error');
});

test('verdicts: any stop is stop, any warning is review, info alone is ok', () => {
  assert.equal(P.verdictOf([]), 'ok');
  assert.equal(P.verdictOf([{ severity: 'info' }]), 'ok');
  assert.equal(P.verdictOf([{ severity: 'info' }, { severity: 'warning' }]), 'review');
  assert.equal(P.verdictOf([{ severity: 'warning' }, { severity: 'stop' }]), 'stop');
});

test('the hook lists fired rule ids sorted, unique, space separated', () => {
  assert.equal(P.ruleList([{ rule_id: 'student-name' }, { rule_id: 'get-permission' }, { rule_id: 'student-name' }]), 'get-permission student-name');
  assert.equal(P.ruleList([]), '');
});

test('answers are checked: bad spans become whole-draft findings, junk findings are dropped', () => {
  const r = P.normalizeResult({
    verdict: 'stop', score: 90, rules_version: 'v1', elapsed_ms: 3,
    findings: [
      { rule_id: 'student-name', severity: 'stop', title: 'T', message: 'M', offset: 4, length: 11, suggestions: ['a student', 3], policy: { section: 'S', quote: 'Q' }, confidence: 0.9 },
      { rule_id: 'missing-disclaimer', severity: 'warning', offset: null, length: null },
      { rule_id: 'x', severity: 'loud', offset: -1, length: 2 },
      { nope: true },
    ],
  });
  assert.equal(r.findings.length, 3);
  assert.deepEqual(r.findings[0].suggestions, ['a student']);
  assert.equal(r.findings[1].offset, null);
  assert.equal(r.findings[2].offset, null);
  assert.equal(r.findings[2].severity, 'warning');
  assert.equal(P.normalizeResult({ verdict: 'ok' }), null);
  assert.equal(P.normalizeResult({ findings: [{ rule_id: 'a', severity: 'stop', offset: 0, length: 1 }] }).verdict, 'stop');
});
