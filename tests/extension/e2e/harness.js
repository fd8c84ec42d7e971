'use strict';
/*
 * End-to-end harness: fake x.com, facebook.com and instagram.com served over
 * HTTPS on loopback (self-signed certificate made at test time), the real
 * companion started on a free loopback port, and Debian's Chromium with the
 * unpacked extension, driven by playwright-core. No browser is downloaded.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const https = require('node:https');
const { execFileSync, spawn } = require('node:child_process');
const { chromium } = require('playwright-core');

const REPO = path.resolve(__dirname, '../../..');
const EXT = path.join(REPO, 'extension');
const FIXTURES = path.join(REPO, 'tests/extension/fixtures');
const SCREENSHOTS = path.join(REPO, 'tests/extension/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PYTHON = process.env.SECOND_LOOK_PYTHON || path.join(REPO, '.venv/bin/python');
const EXTENSION_ID = 'jchjngjncfamkhgfniebnndejeklgdke';

const SITES = {
  'x.com': 'x.html', 'twitter.com': 'x.html',
  'www.facebook.com': 'facebook.html', 'facebook.com': 'facebook.html',
  'www.instagram.com': 'instagram.html', 'instagram.com': 'instagram.html',
};

function tmpdir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A self-signed certificate for the fake sites, made now with openssl. */
function makeCert(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const names = Object.keys(SITES).map((h) => `DNS:${h}`).join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=Second Look test sites', '-addext', `subjectAltName=${names}`], { stdio: 'ignore' });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/** The fake sites; Chromium maps the host names to any port, Firefox needs 443 (`port`). */
async function startSites({ port: wanted = 0 } = {}) {
  const dir = tmpdir('sl-sites-');
  const tls = makeCert(dir);
  const server = https.createServer(tls, (req, res) => {
    const host = String(req.headers.host || '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url, 'https://x');
    let file = null;
    let type = 'text/html; charset=utf-8';
    if (url.pathname === '/fixtures/editors.js') {
      file = 'editors.js';
      type = 'text/javascript; charset=utf-8';
    } else if (SITES[host] && !/\.(ico|png|js|css)$/.test(url.pathname)) {
      file = SITES[host];
    }
    if (url.pathname === '/favicon.ico') {
      // The browser asks each site once; a 404 would land in the console of whichever test opened it first.
      res.writeHead(204, { 'Cache-Control': 'max-age=3600' }).end();
      return;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(fs.readFileSync(path.join(FIXTURES, file)));
  });
  await new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot serve the fake sites on 127.0.0.1:${wanted}: ${err.message}`)));
    server.listen(wanted, '127.0.0.1', resolve);
  });
  const port = server.address().port;
  return {
    port,
    resolverRules: `MAP x.com 127.0.0.1:${port}, MAP twitter.com 127.0.0.1:${port}, MAP *.facebook.com 127.0.0.1:${port}, ` +
      `MAP facebook.com 127.0.0.1:${port}, MAP *.instagram.com 127.0.0.1:${port}, MAP instagram.com 127.0.0.1:${port}, EXCLUDE localhost`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Closes each thing in turn ({name: close}), each given at most `ms`: one that fails or hangs (a
 * browser left mid-test by a failure) neither skips the others nor holds the test process open.
 */
async function shutdown(closers, ms = 20000) {
  const problems = [];
  for (const [name, close] of Object.entries(closers)) {
    let timer;
    const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${name}: still closing after ${ms} ms`)), ms); });
    try {
      await Promise.race([Promise.resolve().then(close), late]);
    } catch (err) {
      problems.push(err.message.startsWith(name) ? err : new Error(`${name}: ${err.message}`));
    } finally {
      clearTimeout(timer);
    }
  }
  if (problems.length) throw new AggregateError(problems, `shutting down: ${problems.map((e) => e.message).join('; ')}`);
}

async function waitFor(fn, { timeout = 20000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

/** The real companion, on a free loopback port, with its own home folder. */
async function startCompanion({ roster } = {}) {
  if (!fs.existsSync(PYTHON)) throw new Error(`no Python at ${PYTHON}: run the project's install (make) first`);
  const port = await freePort();
  const token = `tok-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const home = tmpdir('sl-home-');
  let proc = null;
  let log = '';

  async function start() {
    const args = ['-m', 'companion', 'serve', '--port', String(port), '--rules', path.join(REPO, 'policy_rules.yaml')];
    if (roster) args.push('--roster', roster);
    proc = spawn(PYTHON, args, {
      cwd: REPO, env: Object.assign({}, process.env, { SECOND_LOOK_TOKEN: token, SECOND_LOOK_HOME: home }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const p = proc;
    p.stdout.on('data', (d) => { log += d; });
    p.stderr.on('data', (d) => { log += d; });
    let exited = null;
    p.once('exit', (code) => { exited = code; });
    await waitFor(async () => {
      if (exited !== null) throw new Error(`companion exited with ${exited}:\n${log.slice(-2000)}`);
      const r = await fetch(`http://127.0.0.1:${port}/v1/health`, { headers: { 'X-Second-Look-Token': token } });
      return r.ok;
    }, { timeout: 60000, interval: 200, what: 'the companion to answer /v1/health' }).catch((err) => {
      if (exited !== null) throw new Error(`companion exited with ${exited}:\n${log.slice(-2000)}`);
      throw err;
    });
  }

  async function stop() {
    // Ended already: a process ended by a signal has a signalCode and no exitCode.
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const p = proc;
    const done = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(t);
  }

  await start();
  return { port, token, home, start, stop, log: () => log };
}

/** Chromium with the unpacked extension, paired with the companion. */
async function launchBrowser(sites, companion) {
  const profile = tmpdir('sl-profile-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1100, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--ignore-certificate-errors',
      `--host-resolver-rules=${sites.resolverRules}`,
      // The fake sites count as public, so Chromium's Local Network Access rules apply as on the real ones.
      `--ip-address-space-overrides=127.0.0.1:${sites.port}=public`,
      `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
  });
  const sw = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 30000 });
  if (companion) await pair(sw, companion);
  return { context, sw, profile, async close() { await context.close(); fs.rmSync(profile, { recursive: true, force: true }); } };
}

async function pair(sw, companion, extra) {
  await sw.evaluate((s) => chrome.storage.local.set(s),
    Object.assign({ companionPort: companion.port, pairingToken: companion.token }, extra || {}));
}

/* ---------- page helpers (the test hook: data-second-look-* on the host outside the editor) ---------- */

const hostSelector = (surface) => `[data-second-look-host]${surface ? `[data-second-look-surface="${surface}"]` : ''}`;

async function hook(page, surface) {
  return page.evaluate((sel) => {
    const h = document.querySelector(sel);
    return h && { verdict: h.getAttribute('data-second-look-verdict'), rules: h.getAttribute('data-second-look-rules'), status: h.getAttribute('data-second-look-status') };
  }, hostSelector(surface));
}

async function waitVerdict(page, surface, verdict, timeout = 20000) {
  const sel = `${hostSelector(surface)}[data-second-look-verdict="${verdict}"]`;
  await page.waitForSelector(sel, { state: 'attached', timeout });
  return hook(page, surface);
}

/** The text under each CSS highlight of a severity (read from the page's own world). */
async function highlighted(page, severity) {
  return page.evaluate((name) => {
    const h = CSS.highlights.get(name);
    return h ? Array.from(h).map((r) => r.toString()) : [];
  }, `second-look-${severity}`);
}

async function screenshot(page, name, options) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot(Object.assign({ path: file, caret: 'initial' }, options)); // 'hide' would restyle the editor
  return file;
}

module.exports = {
  REPO, EXT, EXTENSION_ID, SCREENSHOTS, PYTHON, startSites, startCompanion, launchBrowser, pair, waitFor, shutdown,
  hook, waitVerdict, highlighted, screenshot, hostSelector, freePort,
};
