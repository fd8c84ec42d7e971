/* The options page: the same settings names as chrome.storage.managed. */
/* global chrome */
(function () {
  'use strict';
  const SL = window.SecondLook;
  const P = SL.protocol;
  const $ = (id) => document.getElementById(id);
  let current = null;

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) if (c) e.append(c);
    return e;
  }

  async function render() {
    current = await SL.settings.load(chrome.storage);
    const v = current.values;
    const locked = new Set(current.managed);
    $('managed-note').hidden = locked.size === 0;
    $('companionPort').value = v.companionPort;
    $('companionPort').disabled = locked.has('companionPort');
    $('pairingToken').value = v.pairingToken;
    $('pairingToken').disabled = locked.has('pairingToken');
    const lockedSites = new Set(current.managedSites);
    for (const box of document.querySelectorAll('input[name=site]')) {
      box.checked = v.enabledSites[box.value] !== false;
      box.disabled = lockedSites.has(box.value); // a site IT left out stays the staff member's choice
    }
    // Nothing to save when IT set both: Test connection still works.
    $('save-connection').disabled = locked.has('companionPort') && locked.has('pairingToken');
    $('reviewBeforePosting').value = v.reviewBeforePosting;
    $('reviewBeforePosting').disabled = locked.has('reviewBeforePosting');

    const accounts = $('accounts');
    accounts.textContent = '';
    const entries = Object.entries(v.accounts);
    if (!entries.length) accounts.append(el('li', { textContent: 'Nothing marked yet: every account counts as personal.' }));
    for (const [key, a] of entries) {
      const [site, handle] = key.split(':');
      const label = `${site}${handle ? ` ${handle}` : ''}: ${a.account === 'district' ? 'district account' : 'personal account'}${a.disclaimer ? ', profile has a disclaimer' : ''}`;
      accounts.append(el('li', {}, label, ' ', el('button', { type: 'button', textContent: 'Forget', onclick: () => forgetAccount(key) })));
    }
    const muted = $('muted');
    muted.textContent = '';
    if (!v.mutedRules.length) muted.append(el('li', { textContent: 'None: every reminder is shown.' }));
    for (const id of v.mutedRules) {
      muted.append(el('li', {}, el('code', { textContent: id }), ' ', el('button', { type: 'button', textContent: 'Show again', onclick: () => unmute(id) })));
    }
  }

  async function saveLocal(patch) {
    await chrome.storage.local.set(patch);
  }

  async function forgetAccount(key) {
    const accounts = Object.assign({}, current.values.accounts);
    delete accounts[key];
    await saveLocal({ accounts });
  }

  async function unmute(id) {
    await saveLocal({ mutedRules: current.values.mutedRules.filter((r) => r !== id) });
  }

  function say(text, ok) {
    const s = $('connection-status');
    s.textContent = text;
    s.className = ok ? 'ok' : 'bad';
  }

  /** Saves what the staff member may change; IT's values stay in policy, never copied here. */
  async function saveConnection() {
    const locked = new Set(current ? current.managed : []);
    const patch = {};
    if (!locked.has('companionPort')) {
      const port = SL.settings.clean('companionPort', $('companionPort').value);
      if (port === undefined) return say('The port must be a number from 1 to 65535.', false);
      patch.companionPort = port;
    }
    if (!locked.has('pairingToken')) patch.pairingToken = $('pairingToken').value.trim();
    if (!Object.keys(patch).length) return true;
    await saveLocal(patch);
    say('Saved.', true);
    return true;
  }

  /** Firefox lets people withdraw the extension's access to 127.0.0.1. */
  async function mayReachCompanion() {
    try {
      if (!chrome.permissions || !chrome.permissions.contains) return true;
      return await chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] });
    } catch (_) {
      return true;
    }
  }

  async function testConnection() {
    if (!(await saveConnection())) return;
    say('Testing…', true);
    const health = await chrome.runtime.sendMessage({ kind: P.KIND.HEALTH });
    if (health.status === P.STATUS.OFFLINE) {
      if (!(await mayReachCompanion())) {
        return say('This browser does not let Second Look reach the companion on this computer. Allow it in the browser\u2019s add-on settings (Second Look, Permissions), then test again.', false);
      }
      return say('The companion is not running on this computer (or not on this port). It starts when you sign in; sign out and in again, or ask IT, then test again.', false);
    }
    if (health.status === P.STATUS.UNPAIRED) return say('The companion answered but refused the token. Paste the pairing token again (IT has it; on your own computer the command second-look token prints it).', false);
    if (health.status !== P.STATUS.OK) return say(`The companion answered: ${health.reason || health.status}.`, false);
    const probe = await chrome.runtime.sendMessage(P.checkMessage('Second Look connection test.', {}, 'options'));
    if (probe.status !== P.STATUS.OK) return say(`Connected, but a test check failed: ${probe.reason || probe.status}.`, false);
    const h = health.health || {};
    say(`Connected. Companion ${h.version || ''}, rules ${h.rules_version || '?'}${h.status === 'degraded' ? ' (degraded: ' + (h.reasons || []).join('; ') + ')' : ''}.`, h.status !== 'degraded');
  }

  function renderFindings(text, result) {
    const out = $('try-result');
    out.textContent = '';
    const draft = el('div', { className: 'draft' });
    let pos = 0;
    const spans = result.findings.filter((f) => f.offset !== null).sort((a, b) => a.offset - b.offset);
    for (const f of spans) {
      if (f.offset < pos) continue;
      draft.append(text.slice(pos, f.offset), el('mark', { className: f.severity, title: f.title, textContent: text.substr(f.offset, f.length) }));
      pos = f.offset + f.length;
    }
    draft.append(text.slice(pos));
    const verdictText = { ok: 'Looks fine', review: 'Something to check', stop: 'Should not be posted as it is' }[result.verdict];
    out.append(el('p', {}, el('strong', { textContent: `Verdict: ${verdictText} (${result.verdict})` })), draft);
    // The findings drawn by the panel's own code and style (ui.js), as staff see them.
    const host = el('div', { className: 'try-findings' });
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append(el('style', { textContent: SL.ui.CSS_TEXT }));
    const list = el('ul', { className: 'findings-list' });
    for (const f of result.findings) list.append(SL.ui.findingItem(document, f, text, null));
    if (!result.findings.length) list.append(el('li', { className: 'finding', textContent: 'Nothing in this draft goes against the district\u2019s social media guidelines.' }));
    shadow.append(list);
    out.append(host);
  }

  async function tryDraft() {
    const text = $('try-text').value;
    const context = {
      platform: $('try-platform').value, surface: $('try-surface').value, account: $('try-account').value,
      has_media: $('try-media').checked, disclaimer_in_profile: $('try-disclaimer').checked,
    };
    $('try-result').textContent = 'Checking…';
    const answer = await chrome.runtime.sendMessage(P.checkMessage(text, context, 'options-try'));
    if (answer.status !== P.STATUS.OK) {
      $('try-result').textContent = answer.status === P.STATUS.OFFLINE
        ? 'The companion is not running on this computer.'
        : `Could not check: ${answer.reason || answer.status}.`;
      return;
    }
    renderFindings(text, answer.result);
  }

  $('save-connection').addEventListener('click', saveConnection);
  $('test-connection').addEventListener('click', testConnection);
  $('sites').addEventListener('change', () => {
    const enabledSites = {};
    for (const box of document.querySelectorAll('input[name=site]')) if (!box.disabled) enabledSites[box.value] = box.checked;
    saveLocal({ enabledSites });
  });
  $('reviewBeforePosting').addEventListener('change', (e) => saveLocal({ reviewBeforePosting: e.target.value }));
  $('try-check').addEventListener('click', tryDraft);
  chrome.storage.onChanged.addListener(render);
  render();
})();
