'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { EXT } = require('./helpers');

const REPO = path.resolve(EXT, '..');
const version = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.json'), 'utf8')).version;

function build(out) {
  execFileSync(path.join(REPO, 'scripts/build_extension'), ['--out', out], { stdio: 'pipe' });
  return {
    chrome: path.join(out, `second-look-chrome-${version}.zip`),
    firefox: path.join(out, `second-look-firefox-${version}.xpi`),
  };
}

const sha = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const list = (zip) => execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n').sort();
const manifestIn = (zip) => JSON.parse(execFileSync('unzip', ['-p', zip, 'manifest.json'], { encoding: 'utf8' }));

test('the build makes a Chrome zip and a Firefox package, reproducibly', () => {
  const a = build(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-build-a-')));
  const b = build(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-build-b-')));
  assert.equal(sha(a.chrome), sha(b.chrome));
  assert.equal(sha(a.firefox), sha(b.firefox));
  const files = list(a.chrome);
  assert.ok(files.includes('manifest.json') && files.includes('src/content/main.js') && files.includes('schema.json'));
  assert.deepEqual(list(a.firefox), files);
  const chrome = manifestIn(a.chrome);
  assert.ok(chrome.key, 'Chrome keeps the pinned id');
  const firefox = manifestIn(a.firefox);
  assert.equal(firefox.key, undefined);
  assert.equal(firefox.browser_specific_settings.gecko.id, 'second-look@highlineschools.org');
  assert.ok(firefox.background.scripts.length > 1);
});

test('the packages carry no test switch: untrusted events never count as typing', () => {
  const a = build(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-build-c-')));
  for (const pkg of [a.chrome, a.firefox]) {
    const main = execFileSync('unzip', ['-p', pkg, 'src/content/main.js'], { encoding: 'utf8' });
    assert.doesNotMatch(main, /acceptUntrustedEventsForTests/);
    assert.match(main, /const TRUST_UNTRUSTED = false;/);
  }
});
