/*
 * One watch on the companion for the whole browser (background only). Every
 * answer from the companion passes through `observe`; while it cannot be
 * reached (or refuses the token) the failures count up one shared back-off,
 * and each answer says when to ask again (`retryInMs`), so every tab and box
 * waits on the same schedule. Health questions from many tabs at once share
 * one request. When the companion is back, the tabs that were waiting are told
 * at once (`notify`), so a box nobody typed in recovers too.
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});
  const P = SL.protocol;

  const BACKOFF_MS = { offline: [1000, 2000, 4000, 8000, 15000], unpaired: [5000, 15000, 60000] };
  const HEALTH_REUSE_MS = 1000; // answers to health questions this close together are shared

  /**
   * @param {object} o
   * @param {() => Promise<object>} o.health   asks the companion (client.health)
   * @param {(status: string) => void} o.notify  tells the waiting tabs the companion is back
   * @param {() => number} [o.now]
   */
  function createStatusWatch(o) {
    const now = o.now || (() => Date.now());
    let status = null; // 'ok' or a connection status; null before the first answer
    let failures = 0;
    let asking = null;
    let last = null; // {at, answer}

    /** Notes an answer (from a check or a health question); returns it with retryInMs when it failed. */
    function observe(answer) {
      // A cached answer was not the companion's just now: it says nothing of whether it is there
      // (taking it for "back" told every waiting tab to ask again, a loop while it was away).
      if (!answer || answer.cached || answer.status === P.STATUS.ABORTED || answer.status === P.STATUS.TOO_LONG) return answer;
      const failed = P.CONNECTION_STATUSES.includes(answer.status);
      const next = failed ? answer.status : P.STATUS.OK; // any other answer means it is there
      const was = status;
      status = next;
      if (was !== next) last = null;
      if (failed) {
        failures += 1;
        const steps = BACKOFF_MS[next] || BACKOFF_MS.offline;
        return Object.assign({}, answer, { retryInMs: steps[Math.min(failures - 1, steps.length - 1)] });
      }
      failures = 0;
      if (was !== null && was !== next) o.notify(next);
      return answer;
    }

    /** A health answer, shared by the questions that arrive together. */
    function health() {
      if (asking) return asking;
      if (last && now() - last.at < HEALTH_REUSE_MS) return Promise.resolve(last.answer);
      asking = Promise.resolve()
        .then(() => o.health())
        .catch((err) => ({ status: P.STATUS.ERROR, reason: String(err && err.message || err) }))
        .then((answer) => {
          asking = null;
          const seen = observe(answer);
          last = { at: now(), answer: seen };
          return seen;
        });
      return asking;
    }

    /** Settings changed (port, token): forget what was learnt. */
    function reset() {
      status = null;
      failures = 0;
      last = null;
    }

    return { observe, health, reset, get status() { return status; } };
  }

  SL.statusWatch = { createStatusWatch, BACKOFF_MS, HEALTH_REUSE_MS };
  if (typeof module === 'object' && module.exports) module.exports = SL.statusWatch;
})(typeof globalThis !== 'undefined' ? globalThis : this);
