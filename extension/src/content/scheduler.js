/*
 * Debounce and staleness for one editor. `touch()` on every input (O(1));
 * after `delay` ms without input the scheduler reads the text and context,
 * asks `send`, and hands the answer to `onResult` only if no newer check was
 * started since (a stale answer is dropped, never painted). A draft the
 * companion answered but did not check (busy, an error, a refused request) is
 * tried again with a capped back-off. A companion that cannot be reached is
 * not retried here, box by box: the page's one connection watch does that
 * (connection.js) and checks every box again when it is back.
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});

  const RETRY_STATUSES = new Set(['busy', 'error', 'bad-request']); // protocol.RETRY_STATUSES
  const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];

  /**
   * @param {object} o
   * @param {number} o.delay
   * @param {() => {text: string, context: object}} o.read   current draft
   * @param {(text, context) => Promise<object>} o.send       ask the background
   * @param {(text, context, answer) => void} o.onResult
   * @param {object} [o.timers]  {setTimeout, clearTimeout} for tests
   */
  function createScheduler(o) {
    const timers = o.timers || { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) };
    let delay = o.delay;
    let timer = null;
    let retryTimer = null;
    let retries = 0;
    let seq = 0;
    let lastSent = null; // {text, contextKey}
    let pending = null; // promise of the running check
    let destroyed = false;

    function clearTimers() {
      if (timer !== null) timers.clearTimeout(timer);
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      timer = null;
      retryTimer = null;
    }

    /** Input happened: (re)start the debounce. */
    function touch() {
      if (destroyed) return;
      if (timer !== null) timers.clearTimeout(timer);
      timer = timers.setTimeout(() => {
        timer = null;
        run(false);
      }, delay);
    }

    /** Check now. `force` rechecks even an unchanged draft. Returns the answer promise. */
    function run(force) {
      if (destroyed) return Promise.resolve(null);
      clearTimers();
      const { text, context } = o.read();
      const contextKey = JSON.stringify(context);
      if (!force && lastSent && lastSent.text === text && lastSent.contextKey === contextKey && pending) return pending;
      lastSent = { text, contextKey };
      const mine = ++seq;
      const p = Promise.resolve()
        .then(() => o.send(text, context))
        .catch((err) => ({ status: 'error', reason: String(err && err.message || err) }))
        .then((answer) => {
          if (destroyed || mine !== seq) return null; // stale: a newer check exists
          if (pending === p) pending = null;
          if (answer && answer.status === 'aborted') return null;
          if (answer && RETRY_STATUSES.has(answer.status)) {
            const wait = BACKOFF_MS[Math.min(retries, BACKOFF_MS.length - 1)];
            retries += 1;
            retryTimer = timers.setTimeout(() => { retryTimer = null; run(true); }, wait);
          } else {
            retries = 0;
          }
          o.onResult(text, context, answer);
          return answer;
        });
      pending = p;
      return p;
    }

    /** Whether a check is waiting for the debounce or running. */
    function busy() {
      return timer !== null || pending !== null;
    }

    /** Drops a waiting check (e.g. while an IME composes); a later touch() starts again. */
    function cancel() {
      clearTimers();
    }

    function setDelay(ms) {
      delay = ms;
    }

    function destroy() {
      destroyed = true;
      clearTimers();
    }

    return { touch, run, busy, cancel, setDelay, destroy, get seq() { return seq; } };
  }

  SL.scheduler = { createScheduler, BACKOFF_MS };
  if (typeof module === 'object' && module.exports) module.exports = SL.scheduler;
})(typeof globalThis !== 'undefined' ? globalThis : this);
