/*
 * Wiring for one page: finds the compose boxes of the current site, reads
 * each draft on input (debounced), asks the background to check it, paints
 * the answer, and holds a post for review when the setting says so.
 * Loaded last, after protocol, settings, sites, textmodel, scheduler,
 * highlights and ui (see manifest.json).
 */
/* global chrome */
(function (root) {
  'use strict';
  const SL = root.SecondLook;
  if (!SL || SL.main) return; // injected twice
  const P = SL.protocol;
  const TM = SL.textModel;
  const adapter = SL.sites.forHost(location.hostname);
  SL.main = { adapter };
  if (!adapter) return;

  let settings = SL.settings.defaults();
  let settingsLoaded = false;
  let handle = null;
  let alive = true;
  let scanTimer = null;
  let positionQueued = false;
  let layoutDirty = true; // something moved: badges need placing again
  let nextId = 1;
  const watchers = new Map(); // editor element -> watcher
  const dirty = new Set(); // watchers to repaint on the next frame
  let focused = null;
  let heldKey = null; // {key, target}: a key press held for review; its keyup is held too
  let valueLoop = false; // the frame loop that notices textareas emptied by the site
  // Test builds only: jsdom cannot make trusted events. scripts/build_extension turns this off.
  const TRUST_UNTRUSTED = !!SL.acceptUntrustedEventsForTests;

  // The page's one watch on the companion (connection.js): retries while it is away.
  const connection = SL.connection.createConnection({
    ask: () => send({ kind: P.KIND.HEALTH }),
    onChange: companionChanged,
  });

  /* ---------- talking to the background ---------- */

  function teardown() {
    alive = false;
    connection.destroy();
    for (const w of Array.from(watchers.values())) unwatch(w);
  }

  async function send(msg) {
    if (!alive) return { status: P.STATUS.OFFLINE, reason: 'extension reloaded' };
    try {
      const answer = await chrome.runtime.sendMessage(msg);
      return answer || { status: P.STATUS.ERROR, reason: 'no answer from the background' };
    } catch (err) {
      // The extension was updated or removed under this page: stop quietly.
      if (/context invalidated/i.test(String(err && err.message))) teardown();
      return { status: P.STATUS.OFFLINE, reason: 'background not reachable' };
    }
  }

  /* ---------- one watcher per compose box ---------- */

  function currentAccount() {
    const a = SL.settings.accountFor(settings.accounts, adapter.id, handle);
    return { account: a.account, disclaimer: a.disclaimer, checklistSeen: settings.checklistSeen };
  }

  function contextFor(w) {
    const a = currentAccount();
    return P.makeContext({
      platform: adapter.platform, surface: w.surface, account: a.account,
      has_media: adapter.hasMedia(w.editor), disclaimer_in_profile: a.disclaimer,
    });
  }

  function readText(w) {
    return TM.read(w.editor).text;
  }

  function findingKey(f, text) {
    return `${f.rule_id}|${f.offset !== null ? text.substr(f.offset, f.length) : f.message}`;
  }

  /** The findings the staff member has not ignored or muted. */
  function effective(w) {
    const muted = settings.mutedRules;
    return w.result.findings.filter((f) => !w.ignored.has(findingKey(f, w.result.text)) &&
      !(f.severity !== 'stop' && muted.includes(f.rule_id)));
  }

  function uiState(w, checking) {
    const r = w.result;
    if (checking) return { verdict: 'checking', status: r.status, findings: [], text: r.text };
    // Text the site put in the box waits, calmly, for the staff member (see markTyped).
    if (r.untyped) return { verdict: 'checking', status: r.status, findings: [], text: r.text, untyped: true };
    // Answered but not checked (busy, an error): still to be checked, and retried.
    if (P.RETRY_STATUSES.includes(r.status)) return { verdict: 'checking', status: r.status, findings: [], text: r.text };
    if (r.status !== P.STATUS.OK) return { verdict: 'offline', status: r.status, findings: [], text: r.text };
    const findings = effective(w);
    return { verdict: P.verdictOf(findings), status: r.status, findings, text: r.text };
  }

  function refresh(w) {
    w.checking = false;
    w.ui.update(uiState(w, false), currentAccount());
    markPaint(w);
    schedulePosition(); // the badge's label, hence its width, may have changed
  }

  function check(w, text, context) {
    if (!text.trim()) return Promise.resolve({ status: P.STATUS.OK, result: { verdict: 'ok', findings: [] } });
    // Text the staff member did not type (the site's own, or a script's) is not
    // checked: the box waits until they type in it (see markTyped).
    if (!w.typed) return Promise.resolve({ status: P.STATUS.OK, untyped: true });
    if (P.tooLong(text)) return Promise.resolve({ status: P.STATUS.TOO_LONG });
    return send(P.checkMessage(text, context, w.id)).then((answer) => {
      connection.report(answer);
      return answer;
    });
  }

  /** The result a box shows while it has no answer of its own: the companion's state, or a quiet wait. */
  function restingResult(w, text) {
    const down = P.CONNECTION_STATUSES.includes(connection.status) ? connection.status : null;
    if (down) return { status: down, text, context: null, findings: [] };
    return { status: P.STATUS.OK, text, context: null, findings: [], untyped: !!text.trim() };
  }

  function applyAnswer(w, text, context, answer) {
    if (!answer || !watchers.has(w.editor)) return;
    if (readText(w) !== text) return; // typed since: the newer check will answer
    if (!text.trim()) w.ignored.clear(); // an emptied box starts a new draft: ignores are per draft
    if (answer.untyped) w.result = restingResult(w, text);
    else if (answer.status === P.STATUS.OK) w.result = { status: P.STATUS.OK, text, context, findings: answer.result.findings };
    else w.result = { status: answer.status, text, context, findings: [] };
    refresh(w);
  }

  /** The companion came back or went away (the page's connection watch). */
  function companionChanged(status) {
    if (!alive) return;
    for (const w of watchers.values()) {
      if (status === P.STATUS.OK) {
        if (!P.CONNECTION_STATUSES.includes(w.result.status)) continue;
        const text = readText(w);
        if (w.typed && text.trim()) {
          w.scheduler.run(true); // its own answer replaces "offline"
        } else {
          w.result = restingResult(w, text);
          refresh(w);
        }
      } else if (!w.typed || !w.result.context) {
        // A box with no answer of its own shows what the page knows.
        w.result = restingResult(w, readText(w));
        refresh(w);
      }
    }
  }

  function watch(editor) {
    const w = {
      id: `e${nextId++}`,
      editor,
      surface: adapter.surface(editor, location),
      result: { status: P.STATUS.OK, text: '', context: null, findings: [] },
      ignored: new Set(),
      bypass: null,
      resend: null,
      composing: false,
      checking: false,
      hasText: false,
      typed: false,
      lastValue: null, // a textarea's value when last seen (see watchValues)
    };
    w.ui = SL.ui.createUI({
      editor, site: adapter.id, surface: w.surface, index: nextId - 1,
      actions: {
        ignore(f) {
          w.ignored.add(findingKey(f, w.result.text));
          refresh(w);
        },
        mute(ruleId) {
          const mutedRules = Array.from(new Set(settings.mutedRules.concat([ruleId])));
          chrome.storage.local.set({ mutedRules });
        },
        setAccount(patch) {
          const key = handle ? `${adapter.id}:${handle}` : adapter.id;
          const accounts = Object.assign({}, settings.accounts);
          const now = SL.settings.accountFor(settings.accounts, adapter.id, handle);
          accounts[key] = Object.assign({ account: now.account, disclaimer: now.disclaimer }, patch);
          // The set-up checklist is shown the first time a district account is marked, once.
          const once = patch.account === 'district' && !settings.checklistSeen ? { checklistSeen: true } : {};
          chrome.storage.local.set(Object.assign({ accounts }, once));
        },
        openOptions() {
          send({ kind: P.KIND.OPEN_OPTIONS });
        },
        focusEditor() {
          editor.focus();
        },
        postAnyway() {
          w.bypass = { text: readText(w) };
          const again = w.resend;
          w.resend = null;
          if (again) {
            again();
          } else {
            // Held from a key press, which cannot be replayed: the next one goes through.
            editor.focus();
            w.ui.notice(`Press ${w.resendKey || 'Enter'} to post.`);
          }
        },
      },
    });
    w.mirror = TM.isTextField(editor) ? SL.highlights.createMirror(editor, w.ui.mirrorContainer) : null;
    w.scheduler = SL.scheduler.createScheduler({
      delay: settings.debounceMs,
      read: () => ({ text: readText(w), context: contextFor(w) }),
      send: (text, context) => check(w, text, context),
      onResult: (text, context, answer) => applyAnswer(w, text, context, answer),
    });
    if (!TM.isTextField(editor)) {
      // Draft.js and Lexical often cancel the browser's editing and render the
      // change themselves, with no input event: watch the DOM as well.
      w.mutationObserver = new MutationObserver(() => { if (!w.composing) edited(w); });
      w.mutationObserver.observe(editor, { childList: true, characterData: true, subtree: true });
    }
    if (typeof ResizeObserver === 'function') {
      w.resizeObserver = new ResizeObserver(() => schedulePosition());
      w.resizeObserver.observe(editor);
    }
    watchers.set(editor, w);
    const text = readText(w);
    w.hasText = !!text;
    if (w.mirror) noteValue(w);
    // What the page already knows about the companion; the first box asks it.
    w.result = restingResult(w, text);
    refresh(w);
    if (connection.status === null) connection.ask();
    return w;
  }

  function unwatch(w) {
    watchers.delete(w.editor);
    dirty.delete(w);
    w.scheduler.destroy();
    if (w.resizeObserver) w.resizeObserver.disconnect();
    if (w.mutationObserver) w.mutationObserver.disconnect();
    SL.highlights.registry.clear(w.id);
    if (w.mirror) w.mirror.destroy();
    w.ui.destroy();
    if (focused === w) focused = null;
  }

  /* ---------- painting ---------- */

  function markPaint(w) {
    dirty.add(w);
    schedulePaintFrame();
  }

  function paint(w) {
    const model = TM.read(w.editor);
    if (w.mirror) noteValue(w);
    if (w.hasText !== model.text.length > 0) layoutDirty = true; // the badge shows or hides
    w.hasText = model.text.length > 0;
    let findings = [];
    if (w.result.status === P.STATUS.OK && !w.composing) {
      // Unchanged text: the findings as they are; edited elsewhere: moved along,
      // keeping only those whose words are still the same.
      findings = TM.shiftFindings(w.result.text, model.text, effective(w));
    }
    if (w.mirror) w.mirror.paint(model.text, findings);
    else SL.highlights.registry.set(w.id, SL.highlights.rangesFor(model, findings));
  }

  function frame() {
    positionQueued = false;
    if (!alive) return;
    for (const w of dirty) if (watchers.has(w.editor)) paint(w);
    dirty.clear();
    // Typing alone moves nothing (a growing box is reported by its ResizeObserver),
    // so most frames skip the layout read below.
    if (!layoutDirty) return;
    layoutDirty = false;
    const active = document.activeElement;
    for (const w of watchers.values()) {
      // The box is in use while the focus is in it or on its own badge or panel: pressing the
      // badge moves the focus there, and the badge must not hide under the pointer.
      const isFocused = !!active && (active === w.editor || w.editor.contains(active) || active === w.ui.host);
      // A badge only by the box in use, or one holding a draft: not one per post on a feed.
      const wanted = isFocused || w.hasText;
      if (!wanted && !w.ui.panelMode) {
        w.ui.position(null, false); // nothing of ours to place: no layout read for this box
        continue;
      }
      const rect = w.editor.getBoundingClientRect();
      w.ui.position(rect, wanted && !covered(w.editor, rect), () => composerRect(w));
      if (w.mirror) w.mirror.layout();
    }
  }

  /** The box, its toolbar and its post button: what the panel should leave visible. */
  function composerRect(w) {
    const r = adapter.composerRoot(w.editor);
    return r && r !== w.editor ? r.getBoundingClientRect() : null;
  }

  /** Whether something of the page (a dialog, say) lies over the box's corner where the badge goes. */
  function covered(editor, rect) {
    if (typeof document.elementsFromPoint !== 'function' || rect.width < 4 || rect.height < 4) return false;
    const x = Math.min(rect.right - 2, document.documentElement.clientWidth - 2);
    const y = Math.min(rect.bottom - 2, document.documentElement.clientHeight - 2);
    if (x < 0 || y < 0) return false;
    for (const el of document.elementsFromPoint(x, y)) {
      if (el.hasAttribute('data-second-look-host')) continue; // our own badge
      return !(el === editor || editor.contains(el) || el.contains(editor));
    }
    return false;
  }

  /*
   * A site may empty or set a textarea without an input event (React does, after
   * posting a comment): the value is compared once a frame while any textarea
   * holds text, so no old warning stays on a box the site has emptied.
   */
  function noteValue(w) {
    w.lastValue = w.editor.value;
    if (w.lastValue && !valueLoop && alive) {
      valueLoop = true;
      requestAnimationFrame(watchValues);
    }
  }

  function watchValues() {
    valueLoop = false;
    if (!alive) return;
    let any = false;
    for (const w of watchers.values()) {
      if (!w.mirror) continue;
      const v = w.editor.value;
      if (v !== w.lastValue && !w.composing) {
        w.lastValue = v;
        edited(w);
      }
      if (v) any = true;
    }
    if (any) {
      valueLoop = true;
      requestAnimationFrame(watchValues);
    }
  }

  function schedulePosition() {
    layoutDirty = true;
    schedulePaintFrame();
  }

  function schedulePaintFrame() {
    if (positionQueued || !alive) return;
    positionQueued = true;
    requestAnimationFrame(frame);
  }

  /* ---------- finding compose boxes ---------- */

  function enabled() {
    return settings.enabledSites[adapter.id] !== false;
  }

  function scan() {
    scanTimer = null;
    if (!alive || !settingsLoaded) return;
    if (!enabled()) {
      for (const w of Array.from(watchers.values())) unwatch(w);
      return;
    }
    handle = adapter.handle(document) || handle;
    for (const el of document.querySelectorAll(adapter.editorSelector)) {
      if (watchers.has(el)) continue;
      if (el.parentElement && el.parentElement.closest(adapter.editorSelector)) continue; // inside another box
      watch(el);
    }
    for (const w of Array.from(watchers.values())) {
      if (!w.editor.isConnected) {
        unwatch(w);
        continue;
      }
      const surface = adapter.surface(w.editor, location);
      if (surface !== w.surface) {
        w.surface = surface;
        w.ui.setSurface(surface);
      }
      // A photo attached or removed, or the surface changed: check again.
      if (w.result.context && w.result.text.trim() && !P.sameContext(contextFor(w), w.result.context)) w.scheduler.touch();
    }
    schedulePosition();
  }

  function scheduleScan(delay) {
    if (scanTimer !== null || !alive) return;
    scanTimer = setTimeout(scan, delay);
  }

  /* ---------- events ---------- */

  function watcherFor(target) {
    for (let n = target, i = 0; n && i < 64; n = n.parentNode, i += 1) {
      const w = watchers.get(n);
      if (w) return w;
    }
    return null;
  }

  function onInput(e) {
    const w = watcherFor(e.target);
    if (!w || w.composing || e.isComposing) return;
    if (w.mirror) w.lastValue = w.editor.value;
    edited(w);
  }

  /** Called on every input event: O(1) here, the reading waits for the frame and the debounce. */
  function edited(w) {
    if (!w.checking) {
      w.checking = true;
      w.ui.update(uiState(w, true));
    }
    w.scheduler.touch();
    markPaint(w);
  }

  /*
   * A draft is checked only once the staff member has typed, pasted or dropped
   * something into that box (a trusted event: page scripts cannot make one).
   * Otherwise a script on the page could fill a box with names and read the
   * markings: an oracle for "is this name on the roster / the opt-out list".
   */
  function markTyped(e) {
    if (!e.isTrusted && !TRUST_UNTRUSTED) return;
    const w = watcherFor(e.target);
    if (!w || w.typed) return;
    w.typed = true;
    w.ui.setAnnouncing(true);
    edited(w);
  }

  function onCompositionStart(e) {
    const w = watcherFor(e.target);
    if (!w) return;
    w.composing = true;
    w.scheduler.cancel(); // nothing is checked mid-composition
    if (!w.checking) {
      w.checking = true;
      w.ui.update(uiState(w, true));
    }
    markPaint(w); // hide underlines while composing
  }

  function onCompositionEnd(e) {
    const w = watcherFor(e.target);
    if (!w) return;
    w.composing = false;
    edited(w);
  }

  function onFocusIn(e) {
    const w = watcherFor(e.target);
    if (w) {
      focused = w;
      w.ui.setAnnouncing(true); // the live region speaks for the box in use only
    }
    schedulePosition();
  }

  /* ---------- review before posting ---------- */

  function hold(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  function submitButtonFrom(target) {
    if (!target || typeof target.closest !== 'function') return null;
    const b = target.closest(adapter.submitSelector);
    if (!b) return null;
    if (adapter.isSubmitButton && !adapter.isSubmitButton(b)) return null;
    return b;
  }

  function depth(el) {
    let d = 0;
    for (let n = el; n; n = n.parentElement) d += 1;
    return d;
  }

  function watcherForButton(b) {
    let best = null;
    let bestDepth = -1;
    for (const w of watchers.values()) {
      const r = adapter.composerRoot(w.editor);
      if (!r || !r.contains(b)) continue;
      const d = depth(r);
      if (d > bestDepth || (d === bestDepth && w === focused)) {
        best = w;
        bestDepth = d;
      }
    }
    return best;
  }

  function triggering(findings) {
    const level = settings.reviewBeforePosting;
    return findings.filter((f) => f.severity === 'stop' || (level === 'review' && f.severity === 'warning'));
  }

  function showReview(w, again, findings, text) {
    w.resend = again;
    w.ui.openPanel('review', triggering(findings), text);
  }

  function holds(w, text) {
    return w.result.status === P.STATUS.OK && w.result.text === text &&
      SL.settings.reviewTriggers(settings.reviewBeforePosting, P.verdictOf(effective(w)));
  }

  /** The common start of a press: returns the draft when review applies, else null (let it through). */
  function pressed(w, e) {
    const text = readText(w);
    if (!w.typed && (e.isTrusted || TRUST_UNTRUSTED)) {
      w.typed = true; // posting it is the staff member's own act: check it now
      w.ui.setAnnouncing(true);
      edited(w);
    }
    if (w.bypass && w.bypass.text === text) {
      w.bypass = null; // one press goes through
      return null;
    }
    w.bypass = null;
    if (settings.reviewBeforePosting === 'off' || !text.trim()) return null;
    return text;
  }

  /** A press of the post button (click, or Enter/Space on it); `again` presses it after "Post anyway". */
  function decide(w, e, again) {
    const text = pressed(w, e);
    if (text === null) return;
    const known = w.result.text === text && !w.scheduler.busy();
    if (known) {
      if (holds(w, text)) {
        hold(e);
        showReview(w, again, effective(w), text);
      }
      return; // fine, or the companion is offline: never block
    }
    // The draft changed since the last answer: hold the press, check now, then decide.
    hold(e);
    const timeout = new Promise((resolve) => setTimeout(resolve, 2500));
    Promise.race([w.scheduler.run(false), timeout]).then(() => {
      if (!watchers.has(w.editor)) return;
      const now = readText(w);
      if (holds(w, now)) {
        showReview(w, again, effective(w), now);
      } else {
        w.bypass = { text: now };
        again();
      }
    });
  }

  /*
   * Enter in the box (a comment, a DM). A key press cannot be replayed (it would
   * be untrusted), so it is never held to wait for a check: it goes through
   * unless the last answer, moved onto the current text, already holds the post.
   */
  function decideKey(w, e) {
    const text = pressed(w, e);
    if (text === null) return;
    if (w.result.status !== P.STATUS.OK || w.result.untyped) return; // nothing known: never block
    const known = w.result.text === text;
    const findings = known ? effective(w) : TM.shiftFindings(w.result.text, text, effective(w));
    if (!SL.settings.reviewTriggers(settings.reviewBeforePosting, P.verdictOf(findings))) return;
    holdKey(e);
    w.resendKey = e.ctrlKey ? 'Ctrl+Enter' : (e.metaKey ? '\u2318+Enter' : 'Enter');
    showReview(w, null, findings, text);
  }

  function onClickCapture(e) {
    if (!alive || !watchers.size) return;
    const b = submitButtonFrom(e.target);
    if (!b) return;
    const w = watcherForButton(b);
    if (w) decide(w, e, () => { if (b.isConnected) b.click(); });
  }

  function holdKey(e) {
    hold(e);
    heldKey = { key: e.key, target: e.target };
  }

  /** A site's mention or hashtag list is open on the box: Enter picks from it. */
  function suggesting(...els) {
    return els.some((el) => el && el.getAttribute &&
      (el.getAttribute('aria-expanded') === 'true' || !!el.getAttribute('aria-activedescendant')));
  }

  function isNativeButton(el) {
    return el.tagName === 'BUTTON' || (el.tagName === 'INPUT' && /^(submit|button)$/i.test(el.type));
  }

  function onKeyCapture(e) {
    if (!alive || e.isComposing || e.keyCode === 229) return;
    if (e.key !== 'Enter' && e.key !== ' ') return;
    // Enter or Space on a focused post button that is not a real <button> (Facebook's
    // and Instagram's div[role=button]); a real button's press arrives as a click.
    const b = submitButtonFrom(e.target);
    if (b) {
      if (isNativeButton(b) || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      const w = watcherForButton(b);
      if (!w) return;
      const wasHeld = e.defaultPrevented;
      decide(w, e, () => { if (b.isConnected) b.click(); });
      if (e.defaultPrevented && !wasHeld) heldKey = { key: e.key, target: e.target };
      return;
    }
    if (e.key !== 'Enter') return;
    const w = watcherFor(e.target);
    if (!w || !adapter.isSubmitKey(e, w.surface)) return;
    if (suggesting(e.target, w.editor)) return;
    decideKey(w, e);
  }

  function onKeyUpCapture(e) {
    // The release of a held key: some sites act on keyup.
    if (heldKey && e.key === heldKey.key && e.target === heldKey.target) {
      heldKey = null;
      hold(e);
    }
  }

  /* ---------- settings ---------- */

  async function loadSettings() {
    const loaded = await SL.settings.load(chrome.storage);
    const before = settings;
    settings = loaded.values;
    settingsLoaded = true;
    for (const w of watchers.values()) {
      w.scheduler.setDelay(settings.debounceMs);
      w.ui.update(uiState(w, w.checking), currentAccount());
      markPaint(w);
      const connection = before.companionPort !== settings.companionPort || before.pairingToken !== settings.pairingToken;
      const context = JSON.stringify(before.accounts) !== JSON.stringify(settings.accounts);
      if (connection || context || w.result.status !== P.STATUS.OK) w.scheduler.run(true);
    }
    scan();
  }

  // Capture-phase listeners on window run before the site's own handlers
  // (registered here at document_start, before the site's scripts run).
  window.addEventListener('click', onClickCapture, true);
  window.addEventListener('keydown', onKeyCapture, true);
  window.addEventListener('keyup', onKeyUpCapture, true);
  for (const type of ['beforeinput', 'input', 'paste', 'drop', 'cut']) document.addEventListener(type, markTyped, true);
  document.addEventListener('input', onInput, true);
  document.addEventListener('compositionstart', onCompositionStart, true);
  document.addEventListener('compositionend', onCompositionEnd, true);
  document.addEventListener('focusin', onFocusIn, true);
  document.addEventListener('focusout', () => schedulePosition(), true);
  window.addEventListener('scroll', schedulePosition, { capture: true, passive: true });
  window.addEventListener('resize', schedulePosition, { passive: true });

  new MutationObserver(() => scheduleScan(100)).observe(document, { childList: true, subtree: true });
  if (root.navigation && typeof root.navigation.addEventListener === 'function') {
    root.navigation.addEventListener('navigate', () => scheduleScan(50));
  }
  chrome.storage.onChanged.addListener(() => { if (alive) loadSettings(); });
  // The keyboard shortcut: open the panel of the box that has the focus (in this frame).
  chrome.runtime.onMessage.addListener((msg) => {
    if (!alive || !msg) return;
    if (msg.kind === P.KIND.COMPANION_STATUS) {
      connection.heard(msg.status);
      return;
    }
    if (msg.kind !== P.KIND.OPEN_PANEL) return;
    const w = watcherFor(document.activeElement) || (focused && watchers.has(focused.editor) ? focused : null);
    if (w && document.hasFocus()) w.ui.openPanel('findings');
  });
  loadSettings();
})(typeof globalThis !== 'undefined' ? globalThis : this);
