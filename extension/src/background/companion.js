/*
 * The companion client, used by the background only. It owns the requests to
 * http://127.0.0.1:<port>: the token header, time-outs, the abort of a check
 * superseded by a newer one from the same editor, and a small cache so an
 * unchanged draft is not checked twice.
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});
  const P = SL.protocol;

  const TIMEOUT_MS = 10000;
  const CACHE_SIZE = 64;
  // A cached answer is reused only under the rules it was made with, and only for
  // a minute: a new roster does not change rules_version, so age bounds it.
  const CACHE_TTL_MS = 60000;

  /**
   * @param {object} deps
   * @param {Function} deps.fetch       fetch implementation
   * @param {Function} deps.getSettings async () => ({companionPort, pairingToken})
   * @param {Function} [deps.now]       clock in ms, for tests
   */
  function createClient(deps) {
    const now = deps.now || (() => Date.now());
    const inflight = new Map(); // key -> AbortController
    const cache = new Map(); // JSON(text, context, port, token) -> {result, at} (LRU)
    let rulesVersion = null; // the newest rules_version the companion reported

    function cacheGet(k) {
      const v = cache.get(k);
      if (!v) return undefined;
      cache.delete(k);
      if (now() - v.at >= CACHE_TTL_MS || v.result.rules_version !== rulesVersion) return undefined;
      cache.set(k, v);
      return v.result;
    }
    function cachePut(k, result) {
      cache.set(k, { result, at: now() });
      while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
    }
    function sawRules(version) {
      if (typeof version === 'string' && version) rulesVersion = version;
    }

    async function request(method, path, body, signal) {
      const s = await deps.getSettings();
      const url = `http://127.0.0.1:${s.companionPort}${path}`;
      const headers = { 'X-Second-Look-Token': s.pairingToken || '' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const timer = new AbortController();
      const t = setTimeout(() => timer.abort(), TIMEOUT_MS);
      const onAbort = () => timer.abort();
      if (signal) signal.addEventListener('abort', onAbort);
      let res;
      try {
        res = await deps.fetch(url, {
          method, headers, body: body === undefined ? undefined : JSON.stringify(body),
          signal: timer.signal, cache: 'no-store', credentials: 'omit', redirect: 'error',
        });
      } catch (err) {
        if (signal && signal.aborted) return { status: P.STATUS.ABORTED };
        return { status: P.STATUS.OFFLINE, reason: timer.signal.aborted ? 'timed out' : 'companion not reachable' };
      } finally {
        clearTimeout(t);
        if (signal) signal.removeEventListener('abort', onAbort);
      }
      const status = P.statusFromHttp(res.status);
      let json = null;
      try {
        json = await res.json();
      } catch (_) {
        if (status === P.STATUS.OK) return { status: P.STATUS.ERROR, reason: 'companion sent invalid JSON' };
      }
      if (status !== P.STATUS.OK) {
        return { status, http: res.status, reason: (json && (json.reason || json.error)) || `HTTP ${res.status}` };
      }
      return { status, body: json };
    }

    async function check(text, context, key) {
      const ctx = P.makeContext(context);
      if (P.tooLong(text)) return { status: P.STATUS.TOO_LONG, reason: `over ${P.MAX_TEXT} characters` };
      const s = await deps.getSettings();
      const ck = JSON.stringify([text, ctx, s.companionPort, s.pairingToken]);
      const hit = cacheGet(ck);
      if (hit) return { status: P.STATUS.OK, result: hit, cached: true };
      let ctrl = null;
      if (key) {
        const prev = inflight.get(key);
        if (prev) prev.abort();
        ctrl = new AbortController();
        inflight.set(key, ctrl);
      }
      try {
        const r = await request('POST', '/v1/check', { text, context: ctx }, ctrl && ctrl.signal);
        if (r.status !== P.STATUS.OK) return r;
        const result = P.normalizeResult(r.body);
        if (!result) return { status: P.STATUS.ERROR, reason: 'unexpected answer from the companion' };
        sawRules(result.rules_version);
        cachePut(ck, result);
        return { status: P.STATUS.OK, result };
      } finally {
        if (key && inflight.get(key) === ctrl) inflight.delete(key);
      }
    }

    async function health() {
      const r = await request('GET', '/v1/health');
      if (r.status !== P.STATUS.OK) return r;
      if (r.body) sawRules(r.body.rules_version);
      return { status: r.status, health: r.body };
    }

    async function rules() {
      const r = await request('GET', '/v1/rules');
      return r.status === P.STATUS.OK ? { status: r.status, rules: r.body } : r;
    }

    function clearCache() {
      cache.clear();
    }

    return { check, health, rules, clearCache };
  }

  SL.companion = { createClient, TIMEOUT_MS, CACHE_TTL_MS };
  if (typeof module === 'object' && module.exports) module.exports = SL.companion;
})(typeof globalThis !== 'undefined' ? globalThis : this);
