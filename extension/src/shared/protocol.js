/*
 * The message protocol between the content scripts, the options page and the
 * background (service worker in Chrome, event page in Firefox).
 *
 * Every message is a plain object with a `kind`. The background answers with
 * `{status, ...}` where status is one of STATUS. Content scripts never talk to
 * the companion themselves (see docs/extension.md, "Talking to the companion").
 *
 * Loaded as a classic script (content scripts, importScripts, <script>) and as
 * a CommonJS module by the unit tests.
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});

  const KIND = Object.freeze({
    CHECK: 'check', // {text, context, key} -> {status, result}
    HEALTH: 'health', // {} -> {status, health}
    RULES: 'rules', // {} -> {status, rules}
    OPEN_OPTIONS: 'open-options', // {} -> {status}
    OPEN_PANEL: 'open-panel', // background -> content script: the keyboard shortcut was pressed
    COMPANION_STATUS: 'companion-status', // background -> content scripts: {status} the companion is back (or gone)
  });

  const STATUS = Object.freeze({
    OK: 'ok',
    OFFLINE: 'offline', // companion not reachable: start it
    UNPAIRED: 'unpaired', // 401/403: paste the token into the options page
    TOO_LONG: 'too-long', // 413 or over MAX_TEXT
    BUSY: 'busy', // 429: retry shortly
    BAD_REQUEST: 'bad-request', // 400
    ERROR: 'error', // anything else (5xx, bad JSON)
    ABORTED: 'aborted', // superseded by a newer check from the same editor
  });

  const PLATFORMS = ['facebook', 'twitter', 'instagram', 'other'];
  const SURFACES = ['post', 'comment', 'reply', 'dm'];
  const ACCOUNTS = ['personal', 'district'];
  const VERDICTS = ['ok', 'review', 'stop'];
  const SEVERITIES = ['info', 'warning', 'stop'];
  const MAX_TEXT = 20000; // the companion's limit, in characters (Unicode code points, as Python counts)
  // The companion cannot be reached or refuses the token: one shared watch per page waits for it.
  const CONNECTION_STATUSES = Object.freeze([STATUS.OFFLINE, STATUS.UNPAIRED]);
  // The companion answered but did not check this draft: the box tries again by itself.
  const RETRY_STATUSES = Object.freeze([STATUS.BUSY, STATUS.ERROR, STATUS.BAD_REQUEST]);

  /** The draft's length as the companion counts it (code points: an emoji is one, not two). */
  function textLength(text) {
    let n = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      // A high surrogate followed by a low one is one code point.
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i += 1;
      }
      n += 1;
    }
    return n;
  }

  function tooLong(text) {
    // Quick path: UTF-16 length is never below the code-point count.
    return text.length > MAX_TEXT && textLength(text) > MAX_TEXT;
  }

  function pick(value, allowed, fallback) {
    return allowed.includes(value) ? value : fallback;
  }

  /** The context sent with every check, with the documented defaults. */
  function makeContext(partial) {
    const p = partial || {};
    return {
      platform: pick(p.platform, PLATFORMS, 'other'),
      surface: pick(p.surface, SURFACES, 'post'),
      account: pick(p.account, ACCOUNTS, 'personal'),
      has_media: p.has_media === true,
      disclaimer_in_profile: p.disclaimer_in_profile === true,
    };
  }

  function sameContext(a, b) {
    if (!a || !b) return false;
    return a.platform === b.platform && a.surface === b.surface && a.account === b.account &&
      a.has_media === b.has_media && a.disclaimer_in_profile === b.disclaimer_in_profile;
  }

  function checkMessage(text, context, key) {
    return { kind: KIND.CHECK, text: String(text), context: makeContext(context), key: key || null };
  }

  /** Returns null when the message is well formed, else a reason. */
  function validateMessage(msg) {
    if (!msg || typeof msg !== 'object') return 'message is not an object';
    if (!Object.values(KIND).includes(msg.kind)) return `unknown kind ${JSON.stringify(msg.kind)}`;
    if (msg.kind === KIND.COMPANION_STATUS && typeof msg.status !== 'string') return 'status must be a string';
    if (msg.kind === KIND.CHECK) {
      if (typeof msg.text !== 'string') return 'text must be a string';
      if (!msg.context || typeof msg.context !== 'object') return 'context must be an object';
    }
    return null;
  }

  /** Maps an HTTP status from the companion to a STATUS. */
  function statusFromHttp(code) {
    if (code >= 200 && code < 300) return STATUS.OK;
    if (code === 401 || code === 403) return STATUS.UNPAIRED;
    if (code === 413) return STATUS.TOO_LONG;
    if (code === 429 || code === 503) return STATUS.BUSY;
    if (code === 400 || code === 415 || code === 422) return STATUS.BAD_REQUEST;
    return STATUS.ERROR;
  }

  /** The verdict implied by a list of findings (see guidelines.md, "Verdicts"). */
  function verdictOf(findings) {
    let verdict = 'ok';
    for (const f of findings || []) {
      if (f.severity === 'stop') return 'stop';
      if (f.severity === 'warning') verdict = 'review';
    }
    return verdict;
  }

  /** The fired rule ids, sorted, unique, space separated: the test hook's format. */
  function ruleList(findings) {
    return Array.from(new Set((findings || []).map((f) => f.rule_id))).sort().join(' ');
  }

  /** Checks the shape of a /v1/check answer; returns a cleaned copy or null. */
  function normalizeResult(body) {
    if (!body || typeof body !== 'object' || !Array.isArray(body.findings)) return null;
    const findings = [];
    for (const f of body.findings) {
      if (!f || typeof f.rule_id !== 'string') continue;
      const hasSpan = Number.isInteger(f.offset) && Number.isInteger(f.length) && f.offset >= 0 && f.length > 0;
      findings.push({
        rule_id: f.rule_id,
        severity: pick(f.severity, SEVERITIES, 'warning'),
        title: typeof f.title === 'string' ? f.title : f.rule_id,
        message: typeof f.message === 'string' ? f.message : '',
        offset: hasSpan ? f.offset : null,
        length: hasSpan ? f.length : null,
        suggestions: Array.isArray(f.suggestions) ? f.suggestions.filter((s) => typeof s === 'string') : [],
        policy: f.policy && typeof f.policy === 'object'
          ? { section: String(f.policy.section || ''), quote: String(f.policy.quote || '') }
          : null,
        confidence: typeof f.confidence === 'number' ? f.confidence : null,
      });
    }
    return {
      verdict: pick(body.verdict, VERDICTS, verdictOf(findings)),
      score: typeof body.score === 'number' ? body.score : null,
      findings,
      rules_version: typeof body.rules_version === 'string' ? body.rules_version : '',
      elapsed_ms: typeof body.elapsed_ms === 'number' ? body.elapsed_ms : null,
    };
  }

  SL.protocol = {
    KIND, STATUS, PLATFORMS, SURFACES, ACCOUNTS, VERDICTS, SEVERITIES, MAX_TEXT, CONNECTION_STATUSES, RETRY_STATUSES,
    textLength, tooLong, makeContext, sameContext, checkMessage, validateMessage, statusFromHttp, verdictOf, ruleList, normalizeResult,
  };
  if (typeof module === 'object' && module.exports) module.exports = SL.protocol;
})(typeof globalThis !== 'undefined' ? globalThis : this);
