'use strict';
/*
 * The same extension in Firefox ESR (Debian's firefox-esr), driven by
 * puppeteer-core over WebDriver BiDi, against the real companion. Firefox
 * gives the extension a random moz-extension:// origin per install, so it is
 * paired the way a staff member would: from the badge, "Open Second Look
 * options", port and token, "Test connection". Firefox cannot map a host to
 * another port, so the fake sites listen on 127.0.0.1:443.
 * Skipped, saying so, when firefox-esr is not installed.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const H = require('./harness');

const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const STUDENT = 'Congratulations to my student Imani Wells on winning the spelling bee!';
const skip = fs.existsSync(FIREFOX) ? false : `${FIREFOX} is not installed (Debian package firefox-esr)`;

let sites;
let companion;
let browser;

test.describe('Firefox', { skip }, () => {
  test.before(async () => {
    const puppeteer = require('puppeteer-core');
    sites = await H.startSites({ port: 443 });
    companion = await H.startCompanion();
    browser = await puppeteer.launch({
      browser: 'firefox', executablePath: FIREFOX, headless: true, acceptInsecureCerts: true,
      extraPrefsFirefox: { 'network.dns.forceResolve': '127.0.0.1' },
    });
    const id = await browser.installExtension(H.EXT);
    assert.equal(id, 'second-look@highlineschools.org');
  });

  test.after(() => H.shutdown({
    browser: () => browser && browser.close(),
    companion: () => companion && companion.stop(),
    sites: () => sites && sites.close(),
  }));

  const host = (surface) => H.hostSelector(surface);
  const inUi = (surface, css) => `${host(surface)} >>> ${css}`;
  const verdict = (page, surface, v) => page.waitForSelector(`${host(surface)}[data-second-look-verdict="${v}"]`, { timeout: 20000 });

  test('not paired at first: the badge leads to the options page, where the staff member pairs', async () => {
    const page = await browser.newPage();
    await page.goto('https://x.com/home');
    await verdict(page, 'post', 'offline');
    await page.click('[data-testid="tweetTextarea_0"]');
    // The badge shows by the box in use: once it has the focus.
    // The panel shows the options link while the companion is unreachable; a status check
    // still in flight when the badge is pressed can show "checking" first, so press again then
    // (a staff member would too) rather than wait on a panel that was drawn a moment too early.
    let link = null;
    const seen = [];
    for (let attempt = 0; attempt < 3 && !link; attempt += 1) {
      await (await page.waitForSelector(inUi('post', '.badge'), { visible: true })).click();
      link = await page.waitForSelector(inUi('post', '.open-options'), { timeout: 8000 }).catch(() => null);
      if (!link) {
        seen.push(await page.$eval(host('post'), (el) => el.getAttribute('data-second-look-verdict')).catch(() => '?'));
        await page.keyboard.press('Escape');
      }
    }
    assert.ok(link, `no options link in the badge's panel (verdicts seen: ${seen.join(', ')})`);
    const before = (await browser.pages()).length;
    await link.click();
    await H.waitFor(async () => (await browser.pages()).length > before, { what: 'the options page to open' });
    const options = (await browser.pages())[before];
    await options.waitForSelector('#companionPort');
    assert.match(await options.evaluate(() => location.href), /^moz-extension:\/\/[0-9a-f-]+\/src\/options\/options\.html$/);
    await options.$eval('#companionPort', (el, v) => { el.value = v; }, String(companion.port));
    await options.type('#pairingToken', companion.token);
    await options.click('#test-connection');
    await options.waitForFunction(() => /^Connected/.test(document.querySelector('#connection-status').textContent), { timeout: 15000 });
    await options.close();
    await page.close();
  });

  test('x.com in Firefox: the student\'s name is underlined and a stop post is held', async () => {
    const page = await browser.newPage();
    await page.goto('https://x.com/home');
    await page.click('[data-testid="tweetTextarea_0"]');
    await page.keyboard.type(`🎉 ${STUDENT}`);
    await verdict(page, 'post', 'stop');
    assert.deepEqual(await page.evaluate(() => Array.from(CSS.highlights.get('second-look-stop') || []).map((r) => r.toString())), ['Imani Wells']);
    await H.screenshot(page, 'firefox-x');
    await page.click('[data-testid="tweetButtonInline"]');
    await page.waitForSelector(inUi('post', '.panel[aria-label="Second Look: before you post"]'), { visible: true });
    assert.deepEqual(await page.evaluate(() => window.__posted), []);
    await (await page.waitForSelector(inUi('post', '.post-anyway'))).click();
    await H.waitFor(() => page.evaluate(() => window.__posted.length === 1), { what: 'the post to go out' });
    assert.deepEqual(await page.evaluate(() => window.__foreign), []);
    await page.close();
  });

  test('instagram.com in Firefox: the comment textarea mirror underlines the right words', async () => {
    const page = await browser.newPage();
    await page.goto('https://www.instagram.com/p/abc123/');
    await page.click('textarea');
    await page.keyboard.type(STUDENT);
    await verdict(page, 'comment', 'stop');
    // Read in the page, not through puppeteer's `>>>` selector: once in a CI run that selector
    // waited 30 s for a span the mirror held all along (its markup, measured, was complete).
    const underlined = () => page.evaluate((sel) => {
      const m = document.querySelector(sel).shadowRoot.querySelector('.mirror');
      return m ? Array.from(m.querySelectorAll('.u-stop'), (u) => u.textContent) : null;
    }, host('comment'));
    const state = () => page.evaluate((sel) => {
      const m = document.querySelector(sel).shadowRoot.querySelector('.mirror');
      return { mirror: m ? m.innerHTML : null, hidden: m && m.hidden, visibility: document.visibilityState, focus: document.hasFocus() };
    }, host('comment'));
    const found = await H.waitFor(async () => { const u = await underlined(); return u && u.length ? u : null; },
      { what: 'an underline in the mirror' }).catch(async (err) => assert.fail(`${err.message}: ${JSON.stringify(await state())}`));
    assert.deepEqual(found, ['Imani Wells']);
    await page.close();
  });
});
