#!/usr/bin/env node
/*
 * Measures the extension in Debian's Chromium against the real companion:
 *  1. time from the last keystroke to the underline on screen, at the default
 *     debounce (the page's own world watches CSS.highlights every frame);
 *  2. the content script's main-thread cost per input event while typing into
 *     a 2,000-character draft (Chromium's own trace: FunctionCall events whose
 *     script is the extension's, summed per keystroke).
 * Usage: node scripts/bench_extension.mjs [--trials N]
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const H = require('../tests/extension/e2e/harness.js');

const trialsArg = process.argv.indexOf('--trials');
const TRIALS = trialsArg > 0 ? Number(process.argv[trialsArg + 1]) : 10;
const DRAFT = 'Congratulations to my student Imani Wells on winning the spelling bee!';

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (x) => x.toFixed(2);

async function latency(browser) {
  const results = [];
  for (let i = 0; i < TRIALS; i += 1) {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      window.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
    });
    await page.goto('https://x.com/home');
    await page.waitForSelector(H.hostSelector('post'), { state: 'attached' });
    await page.click('[data-testid="tweetTextarea_0"]');
    // The page watches, every frame, for the underline to exist.
    const seen = page.evaluate(() => new Promise((resolve) => {
      const tick = () => {
        const h = CSS.highlights.get('second-look-stop');
        if (h && h.size > 0) resolve(performance.now());
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }));
    await page.keyboard.type(`${DRAFT} Trial ${i}.`, { delay: 30 });
    const shownAt = await seen;
    const lastKey = await page.evaluate(() => window.__lastKey);
    results.push(shownAt - lastKey);
    await page.close();
  }
  return results;
}

async function trace(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] },
  });
  await fn();
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  return events;
}

/** Total duration (ms) of the extension's own top-level script calls on the page's main thread. */
export function byFunction(events, id) {
  const m = new Map();
  for (const e of events) if (e.name === "FunctionCall" && e.dur && String(e.args?.data?.url || "").includes(id)) { const k = `${e.args.data.functionName}@${e.args.data.url.split("/").pop()}:${e.args.data.lineNumber}`; const v = m.get(k) || [0, 0]; v[0] += e.dur / 1000; v[1] += 1; m.set(k, v); }
  return [...m.entries()].sort((a, b) => b[1][0] - a[1][0]).slice(0, 8);
}

function extensionTime(events, id) {
  const calls = events.filter((e) => e.name === 'FunctionCall' && e.ph === 'X' && e.dur !== undefined);
  const mainTid = (() => {
    const counts = new Map();
    for (const e of calls) counts.set(e.tid, (counts.get(e.tid) || 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  })();
  const ours = calls.filter((e) => e.tid === mainTid && String(e.args?.data?.url || '').startsWith(`chrome-extension://${id}/`));
  // Keep only outermost calls (a FunctionCall can contain another).
  ours.sort((a, b) => a.ts - b.ts);
  let total = 0;
  let end = -1;
  let count = 0;
  for (const e of ours) {
    if (e.ts >= end) {
      total += e.dur;
      end = e.ts + e.dur;
      count += 1;
    }
  }
  return { ms: total / 1000, calls: count };
}

async function costPerInput(browser) {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await page.waitForSelector(H.hostSelector('post'), { state: 'attached' });
  await page.click('[data-testid="tweetTextarea_0"]');
  // A 2,000-character draft in 20 paragraphs, with the student's name near the end.
  const para = 'Our third graders planted the school garden today and learned how seeds grow into plants over the spring. ';
  let long = '';
  while (long.length < 1900) long += `${para.slice(0, 95)}\n`;
  long += `${DRAFT}`.padEnd(2000 - long.length, ' ');
  await page.keyboard.insertText(long);
  await H.waitVerdict(page, 'post', 'stop', 30000);
  const length = await page.evaluate(() => document.querySelector('[data-testid="tweetTextarea_0"]').innerText.length);
  const KEYS = 60;
  const typing = await trace(page, async () => {
    await page.keyboard.type('x'.repeat(KEYS), { delay: 40 }); // faster than the debounce: no check while typing
  });
  const typingCost = extensionTime(typing, H.EXTENSION_ID);
  if (process.env.BENCH_DETAIL) console.log(byFunction(typing, H.EXTENSION_ID));
  const settle = await trace(page, async () => {
    await H.waitVerdict(page, 'post', 'stop', 30000);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  });
  const settleCost = extensionTime(settle, H.EXTENSION_ID);
  await page.close();
  return { length, keys: KEYS, typingCost, settleCost };
}

const sites = await H.startSites();
const companion = await H.startCompanion();
const browser = await H.launchBrowser(sites, companion);
try {
  const debounce = await browser.sw.evaluate(async () => (await self.SecondLook.settings.load(chrome.storage)).values.debounceMs);
  const lat = await latency(browser);
  console.log(`Last keystroke to underline on screen (debounce ${debounce} ms, ${lat.length} trials, real companion):`);
  console.log(`  median ${fmt(pct(lat, 50))} ms, p90 ${fmt(pct(lat, 90))} ms, min ${fmt(Math.min(...lat))} ms, max ${fmt(Math.max(...lat))} ms`);
  console.log(`  so the check, the messaging and the paint add ${fmt(pct(lat, 50) - debounce)} ms to the debounce (median)`);
  const cost = await costPerInput(browser);
  console.log(`Content-script main-thread cost, ${cost.length}-character draft (Chromium trace, extension scripts only):`);
  console.log(`  typing ${cost.keys} characters: ${fmt(cost.typingCost.ms)} ms in ${cost.typingCost.calls} calls = ${fmt(cost.typingCost.ms / cost.keys)} ms per input event`);
  console.log(`  one check answered and painted after the pause: ${fmt(cost.settleCost.ms)} ms`);
} finally {
  await browser.close();
  await companion.stop();
  await sites.close();
}
