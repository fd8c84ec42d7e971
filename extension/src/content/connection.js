/*
 * The page's one watch on the companion (not one per box). While the companion
 * cannot be reached or refuses the token, it asks the background for health
 * on the background's shared back-off (`retryInMs` in the answer), and says
 * when the state changes: `onChange('ok')` when the companion is back, so every
 * box recovers, typed in or not; `onChange('offline' | 'unpaired')` when it
 * goes away. The background also tells the page at once when it sees the
 * companion come back (`heard`).
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});
  const P = SL.protocol;

  // Used only if an answer carries no retryInMs (the background always sets one).
  const FALLBACK_MS = [1000, 2000, 4000, 8000, 15000];

  /**
   * @param {object} o
   * @param {() => Promise<object>} o.ask    a health question through the background
   * @param {(status: string) => void} o.onChange
   * @param {object} [o.timers]  {setTimeout, clearTimeout} for tests
   */
  function createConnection(o) {
    const timers = o.timers || { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) };
    let status = null; // null (not known yet), 'ok', 'offline' or 'unpaired'
    let timer = null;
    let misses = 0;
    let asking = null;
    let destroyed = false;

    function set(next) {
      if (next === status) return;
      status = next;
      o.onChange(next);
    }

    /** Notes any answer from the background (a check's or a health question's). */
    function report(answer) {
      if (destroyed || !answer || answer.cached) return; // the background's cache, not the companion
      if (P.CONNECTION_STATUSES.includes(answer.status)) {
        misses += 1;
        if (timer === null) {
          const wait = answer.retryInMs || FALLBACK_MS[Math.min(misses - 1, FALLBACK_MS.length - 1)];
          timer = timers.setTimeout(() => { timer = null; ask(); }, wait);
        }
        set(answer.status);
      } else if (answer.status === P.STATUS.OK || P.RETRY_STATUSES.includes(answer.status)) {
        // It answered (even "busy"): it is there.
        misses = 0;
        if (timer !== null) timers.clearTimeout(timer);
        timer = null;
        set(P.STATUS.OK);
      }
    }

    function ask() {
      if (destroyed) return Promise.resolve(null);
      if (!asking) {
        asking = Promise.resolve().then(() => o.ask()).catch(() => null).then((answer) => {
          asking = null;
          report(answer);
          return answer;
        });
      }
      return asking;
    }

    /** The background says the companion is back: look now rather than at the next retry. */
    function heard(next) {
      if (next === P.STATUS.OK && status !== P.STATUS.OK) {
        if (timer !== null) timers.clearTimeout(timer);
        timer = null;
        ask();
      }
    }

    function destroy() {
      destroyed = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    }

    return { report, ask, heard, destroy, get status() { return status; }, get waiting() { return timer !== null; } };
  }

  SL.connection = { createConnection, FALLBACK_MS };
  if (typeof module === 'object' && module.exports) module.exports = SL.connection;
})(typeof globalThis !== 'undefined' ? globalThis : this);
