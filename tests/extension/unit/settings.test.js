'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { load, EXT } = require('./helpers');

const S = load('src/shared/settings.js');

test('defaults: port 4309, no token, every site on, review on stop', () => {
  const { values, managed } = S.merge({}, {});
  assert.equal(values.companionPort, 4309);
  assert.equal(values.pairingToken, '');
  assert.deepEqual(values.enabledSites, { facebook: true, x: true, instagram: true });
  assert.equal(values.reviewBeforePosting, 'stop');
  assert.deepEqual(managed, []);
});

test('the options page overrides defaults; IT (managed) overrides both', () => {
  const local = { companionPort: 5000, pairingToken: 'mine', reviewBeforePosting: 'review', enabledSites: { x: false } };
  const managed = { companionPort: 4400, reviewBeforePosting: 'off' };
  const { values, managed: locked } = S.merge(local, managed);
  assert.equal(values.companionPort, 4400);
  assert.equal(values.pairingToken, 'mine');
  assert.equal(values.reviewBeforePosting, 'off');
  assert.deepEqual(values.enabledSites, { facebook: true, x: false, instagram: true });
  assert.deepEqual(locked.sort(), ['companionPort', 'reviewBeforePosting']);
});

test('the sites IT set are the only ones locked; a site IT left out keeps the staff member\'s choice', () => {
  for (const [managed, locked] of [
    [{}, []],
    [{ enabledSites: { x: false } }, ['x']],
    [{ enabledSites: { x: true, facebook: false } }, ['facebook', 'x']],
    [{ enabledSites: ['facebook'] }, ['facebook', 'instagram', 'x']], // a list decides every site
    [{ enabledSites: 'x' }, []], // not a valid value: nothing locked
  ]) {
    assert.deepEqual(S.merge({ enabledSites: { instagram: false } }, managed).managedSites, locked, JSON.stringify(managed));
  }
});

test('managed enabledSites wins per site, and a list of sites is accepted', () => {
  assert.deepEqual(S.merge({ enabledSites: { x: false, facebook: false } }, { enabledSites: { x: true } }).values.enabledSites,
    { facebook: false, x: true, instagram: true });
  assert.deepEqual(S.merge({}, { enabledSites: ['facebook'] }).values.enabledSites, { facebook: true, x: false, instagram: false });
});

test('invalid values are ignored, whoever set them; IT cannot set staff-only keys', () => {
  const { values, managed } = S.merge({ companionPort: 'abc', reviewBeforePosting: 'always' },
    { companionPort: 70000, pairingToken: 42, mutedRules: ['student-name'] });
  assert.equal(values.companionPort, 4309);
  assert.equal(values.reviewBeforePosting, 'stop');
  assert.equal(values.pairingToken, '');
  assert.deepEqual(values.mutedRules, []);
  assert.deepEqual(managed, []);
  assert.equal(S.clean('companionPort', ' 4310 '), 4310);
});

test('load reads both areas and survives a managed area that throws (Firefox without policy)', async () => {
  const storage = {
    local: { get: async () => ({ pairingToken: 't' }) },
    managed: { get: async () => { throw new Error('Managed storage manifest not found'); } },
  };
  const { values } = await S.load(storage);
  assert.equal(values.pairingToken, 't');
  const noManaged = await S.load({ local: { get: async () => ({}) } });
  assert.equal(noManaged.values.companionPort, 4309);
});

test('reviewBeforePosting levels', () => {
  assert.equal(S.reviewTriggers('stop', 'stop'), true);
  assert.equal(S.reviewTriggers('stop', 'review'), false);
  assert.equal(S.reviewTriggers('review', 'review'), true);
  assert.equal(S.reviewTriggers('review', 'ok'), false);
  assert.equal(S.reviewTriggers('off', 'stop'), false);
});

test('accounts are remembered per site and handle, falling back to the site', () => {
  const accounts = { x: { account: 'district' }, 'x:@school': { account: 'district', disclaimer: true }, 'x:@me': { account: 'personal' } };
  assert.deepEqual(S.accountFor(accounts, 'x', '@school'), { account: 'district', disclaimer: true, key: 'x:@school' });
  assert.equal(S.accountFor(accounts, 'x', '@me').account, 'personal');
  assert.equal(S.accountFor(accounts, 'x', '@other').account, 'district');
  assert.equal(S.accountFor(accounts, 'facebook', null).account, 'personal');
});

test('the managed schema declares exactly the settings IT can set', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(EXT, 'schema.json'), 'utf8'));
  assert.equal(schema.type, 'object');
  assert.deepEqual(Object.keys(schema.properties).sort(), [...S.MANAGED_KEYS].sort());
  assert.deepEqual(schema.properties.reviewBeforePosting.enum, S.REVIEW_LEVELS);
  assert.deepEqual(Object.keys(schema.properties.enabledSites.properties).sort(), [...S.SITES].sort());
});

test('docs/extension.md documents every setting', () => {
  const doc = fs.readFileSync(path.join(EXT, '../docs/extension.md'), 'utf8');
  for (const key of Object.keys(S.SETTINGS)) assert.match(doc, new RegExp('`' + key + '`'), `docs/extension.md does not mention ${key}`);
});
