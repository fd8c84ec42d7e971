/*
 * Settings: defaults, then the options page's values (storage.local), then
 * IT's values (storage.managed, from enterprise policy), the managed ones
 * taking precedence. The table below is the single place where a setting is
 * declared; docs/extension.md lists the same names and a unit test keeps the
 * two in step.
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});

  const SITES = ['facebook', 'x', 'instagram'];
  const REVIEW_LEVELS = ['stop', 'review', 'off'];

  // name: [default, managed by IT too?, help]
  const SETTINGS = {
    companionPort: [4309, true, 'Port of the companion on 127.0.0.1.'],
    pairingToken: ['', true, 'Token printed by `second-look token`; sent as X-Second-Look-Token.'],
    enabledSites: [{ facebook: true, x: true, instagram: true }, true, 'Sites the extension watches.'],
    reviewBeforePosting: ['stop', true, 'Verdicts that hold a post for review: "stop", "review" (stop and review) or "off".'],
    debounceMs: [350, false, 'Pause in typing before a draft is checked, in milliseconds.'],
    accounts: [{}, false, 'Per site (and handle): {account: "personal"|"district", disclaimer: bool}.'],
    mutedRules: [[], false, 'Info and warning rules the staff member chose not to see again.'],
    checklistSeen: [false, false, 'Whether the district-account checklist has been shown.'],
  };
  const MANAGED_KEYS = Object.keys(SETTINGS).filter((k) => SETTINGS[k][1]);

  function defaults() {
    const out = {};
    for (const [k, [v]] of Object.entries(SETTINGS)) out[k] = JSON.parse(JSON.stringify(v));
    return out;
  }

  /** Returns the cleaned value, or undefined when the value is not acceptable. */
  function clean(key, value) {
    switch (key) {
      case 'companionPort': {
        const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
        return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
      }
      case 'pairingToken':
        return typeof value === 'string' ? value.trim() : undefined;
      case 'enabledSites': {
        // An object {site: bool} or a list of enabled site ids.
        if (Array.isArray(value)) {
          const out = {};
          for (const s of SITES) out[s] = value.includes(s);
          return out;
        }
        if (!value || typeof value !== 'object') return undefined;
        const out = {};
        for (const s of SITES) if (typeof value[s] === 'boolean') out[s] = value[s];
        return out;
      }
      case 'reviewBeforePosting':
        return REVIEW_LEVELS.includes(value) ? value : undefined;
      case 'debounceMs':
        return Number.isInteger(value) && value >= 0 && value <= 5000 ? value : undefined;
      case 'accounts':
        return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
      case 'mutedRules':
        return Array.isArray(value) ? value.filter((r) => typeof r === 'string') : undefined;
      case 'checklistSeen':
        return typeof value === 'boolean' ? value : undefined;
      default:
        return undefined;
    }
  }

  /**
   * Merges defaults <- local <- managed. Returns {values, managed, managedSites}:
   * `managed` lists the keys IT has set, `managedSites` the sites IT has turned on
   * or off (a site IT left out keeps the staff member's choice). The options
   * page shows exactly those locked.
   */
  function merge(local, managed) {
    const values = defaults();
    const lockedKeys = [];
    let managedSites = [];
    for (const [source, allowed] of [[local || {}, Object.keys(SETTINGS)], [managed || {}, MANAGED_KEYS]]) {
      for (const key of allowed) {
        if (!(key in source)) continue;
        const v = clean(key, source[key]);
        if (v === undefined) continue;
        if (key === 'enabledSites') values[key] = Object.assign({}, values[key], v);
        else values[key] = v;
        if (source === managed) {
          lockedKeys.push(key);
          if (key === 'enabledSites') managedSites = Object.keys(v).sort();
        }
      }
    }
    return { values, managed: lockedKeys, managedSites };
  }

  async function readArea(area) {
    if (!area || typeof area.get !== 'function') return {};
    try {
      return (await area.get(null)) || {};
    } catch (_) {
      return {}; // Firefox rejects storage.managed when no policy is set
    }
  }

  /** Reads both areas of a chrome.storage-like object and merges them. */
  async function load(storage) {
    const [local, managed] = await Promise.all([readArea(storage.local), readArea(storage.managed)]);
    return merge(local, managed);
  }

  /** Whether a verdict holds the post at a given reviewBeforePosting level. */
  function reviewTriggers(level, verdict) {
    if (level === 'off') return false;
    if (level === 'review') return verdict === 'stop' || verdict === 'review';
    return verdict === 'stop';
  }

  /** The account context for a site and (optional) handle. */
  function accountFor(accounts, site, handle) {
    const a = (accounts || {});
    const entry = (handle && a[`${site}:${handle}`]) || a[site] || {};
    return {
      account: entry.account === 'district' ? 'district' : 'personal',
      disclaimer: entry.disclaimer === true,
      key: handle && a[`${site}:${handle}`] ? `${site}:${handle}` : site,
    };
  }

  SL.settings = { SITES, REVIEW_LEVELS, SETTINGS, MANAGED_KEYS, defaults, clean, merge, load, reviewTriggers, accountFor };
  if (typeof module === 'object' && module.exports) module.exports = SL.settings;
})(typeof globalThis !== 'undefined' ? globalThis : this);
