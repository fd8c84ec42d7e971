/*
 * Background: Chrome runs this file as the MV3 service worker and pulls in
 * the others with importScripts; Firefox runs it as an event page with the
 * same files listed before it in manifest.json ("background.scripts").
 */
/* global importScripts, chrome */
if (typeof importScripts === 'function' && !(self.SecondLook && self.SecondLook.companion)) {
  importScripts('../shared/protocol.js', '../shared/settings.js', './companion.js', './status.js');
}

(function () {
  'use strict';
  const SL = self.SecondLook;
  const P = SL.protocol;

  let settingsPromise = null;
  function getSettings() {
    if (!settingsPromise) settingsPromise = SL.settings.load(chrome.storage).then((s) => s.values);
    return settingsPromise;
  }

  const client = SL.companion.createClient({ fetch: (...a) => fetch(...a), getSettings });

  // Tabs that were told the companion is away; they hear at once when it is back.
  const waiting = new Set();
  const watch = SL.statusWatch.createStatusWatch({
    health: () => client.health(),
    notify(status) {
      if (status !== P.STATUS.OK) return;
      for (const tabId of waiting) {
        chrome.tabs.sendMessage(tabId, { kind: P.KIND.COMPANION_STATUS, status }).catch(() => {}); // tab closed or no script
      }
      waiting.clear();
    },
  });

  chrome.storage.onChanged.addListener((changes, area) => {
    settingsPromise = null;
    if ('companionPort' in changes || 'pairingToken' in changes || area === 'managed') {
      client.clearCache();
      watch.reset();
    }
  });

  async function handle(msg) {
    const problem = P.validateMessage(msg);
    if (problem) return { status: P.STATUS.BAD_REQUEST, reason: problem };
    switch (msg.kind) {
      case P.KIND.CHECK:
        return watch.observe(await client.check(msg.text, msg.context, msg.key));
      case P.KIND.HEALTH:
        return watch.health();
      case P.KIND.RULES:
        return client.rules();
      case P.KIND.OPEN_OPTIONS:
        await chrome.runtime.openOptionsPage();
        return { status: P.STATUS.OK };
      default:
        return { status: P.STATUS.BAD_REQUEST, reason: 'unknown kind' };
    }
  }

  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    // Only our own pages and content scripts can reach this listener
    // (no externally_connectable), but keep the tab's key separate per tab.
    const m = msg && msg.kind === P.KIND.CHECK && sender && sender.tab
      ? Object.assign({}, msg, { key: `${sender.tab.id}:${sender.frameId}:${msg.key}` })
      : msg;
    handle(m).then((answer) => {
      if (answer && P.CONNECTION_STATUSES.includes(answer.status) && sender && sender.tab) waiting.add(sender.tab.id);
      sendResponse(answer);
    }, (err) => sendResponse({ status: P.STATUS.ERROR, reason: String(err && err.message || err) }));
    return true; // answer asynchronously
  });

  // The keyboard shortcut (chrome://extensions/shortcuts; Alt+Shift+L unless changed) opens
  // the panel of the box being typed in.
  if (chrome.commands && chrome.commands.onCommand) {
    chrome.commands.onCommand.addListener((command, tab) => {
      if (command === 'open-panel' && tab && tab.id !== undefined) {
        chrome.tabs.sendMessage(tab.id, { kind: P.KIND.OPEN_PANEL }).catch(() => {});
      }
    });
  }

  if (chrome.action && chrome.action.onClicked) {
    chrome.action.onClicked.addListener(() => chrome.runtime.openOptionsPage());
  }

  // For tests and the options page's "test connection" (same code path).
  self.secondLook = { client, watch, getSettings, handle };
})();
