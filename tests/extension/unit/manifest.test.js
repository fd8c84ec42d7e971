'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { EXT } = require('./helpers');

const manifest = JSON.parse(fs.readFileSync(path.join(EXT, 'manifest.json'), 'utf8'));
const docs = fs.readFileSync(path.join(EXT, '../docs/extension.md'), 'utf8');

/** Chrome's extension id: SHA-256 of the public key (DER), first 32 hex digits mapped to a-p. */
function chromeId(keyB64) {
  const hex = crypto.createHash('sha256').update(Buffer.from(keyB64, 'base64')).digest('hex').slice(0, 32);
  return Array.from(hex, (c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

test('MV3 with a background for both Chrome (service_worker) and Firefox (scripts)', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.background.service_worker, 'src/background/background.js');
  assert.equal(manifest.background.scripts[manifest.background.scripts.length - 1], 'src/background/background.js');
});

test('the pinned Chrome id is the one documented, and the key is a public key only', () => {
  const id = chromeId(manifest.key);
  assert.equal(id, 'jchjngjncfamkhgfniebnndejeklgdke');
  assert.ok(docs.includes(id), 'docs/extension.md names the extension id');
  const key = crypto.createPublicKey({ key: Buffer.from(manifest.key, 'base64'), format: 'der', type: 'spki' });
  assert.equal(key.asymmetricKeyType, 'rsa');
});

test('the Gecko id is fixed', () => {
  assert.equal(manifest.browser_specific_settings.gecko.id, 'second-look@highlineschools.org');
});

test('permissions are minimal: storage, and loopback only', () => {
  assert.deepEqual(manifest.permissions, ['storage']);
  assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*']);
  assert.equal(manifest.externally_connectable, undefined);
  assert.equal(manifest.web_accessible_resources, undefined);
});

test('content scripts cover the three sites, exist, and load main.js last', () => {
  const [cs] = manifest.content_scripts;
  for (const host of ['x.com', 'twitter.com', 'facebook.com', 'instagram.com']) {
    assert.ok(cs.matches.some((m) => m.includes(host)), host);
  }
  assert.equal(cs.run_at, 'document_start');
  assert.equal(cs.js[cs.js.length - 1], 'src/content/main.js');
  assert.ok(cs.js.indexOf('src/shared/protocol.js') < cs.js.indexOf('src/sites/registry.js'));
  assert.ok(cs.js.indexOf('src/sites/registry.js') < cs.js.indexOf('src/sites/x.js'));
  const files = [...cs.js, ...cs.css, ...manifest.background.scripts, manifest.storage.managed_schema, manifest.options_ui.page,
    ...Object.values(manifest.icons)];
  for (const f of files) assert.ok(fs.existsSync(path.join(EXT, f)), `${f} exists`);
});

test('every site adapter file is loaded by the manifest', () => {
  const [cs] = manifest.content_scripts;
  for (const f of fs.readdirSync(path.join(EXT, 'src/sites'))) assert.ok(cs.js.includes(`src/sites/${f}`), f);
});

test('the background imports the same files Firefox lists', () => {
  const bg = fs.readFileSync(path.join(EXT, 'src/background/background.js'), 'utf8');
  const imported = /importScripts\(([^)]*)\)/.exec(bg)[1].match(/'[^']+'/g).map((s) => path.posix.normalize(`src/background/${s.slice(1, -1)}`));
  assert.deepEqual(imported, manifest.background.scripts.slice(0, -1));
});

test('a keyboard shortcut opens the panel (user-configurable)', () => {
  assert.equal(manifest.commands['open-panel'].suggested_key.default, 'Alt+Shift+L');
});
