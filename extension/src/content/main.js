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

  /* ---------- talking to the background ---------- */

  function teardown() {
    alive = false;
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
    // checked: the box stays "checking" until they type in it (see markTyped).
    if (!w.typed) return Promise.resolve(null);
    if (text.length > P.MAX_TEXT) return Promise.resolve({ status: P.STATUS.TOO_LONG });
    return send(P.checkMessage(text, context, w.id));
  }

  function applyAnswer(w, text, context, answer) {
    if (!answer || !watchers.has(w.editor)) return;
    if (readText(w) !== text) return; // typed since: the newer check will answer
    if (!text.trim()) w.ignored.clear(); // an emptied box starts a new draft: ignores are per draft
    w.result = answer.status === P.STATUS.OK
      ? { status: P.STATUS.OK, text, context, findings: answer.result.findings }
      : { status: answer.status, text, context, findings: [] };
    refresh(w);
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
      checking: true,
      hasText: false,
      typed: false,
    };
    w.ui = SL.ui.createUI({
      editor, site: adapter.id, surface: w.surface,
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
          if (again) again();
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
    // Say at once whether the companion can be reached. A box the site filled in
    // stays "checking" until the staff member types in it (see markTyped).
    send({ kind: P.KIND.HEALTH }).then((answer) => {
      if (!watchers.has(editor) || w.typed) return;
      const now = readText(w);
      if (now.trim() && answer.status === P.STATUS.OK) return;
      w.result = { status: answer.status, text: now, context: null, findings: [] };
      refresh(w);
    });
    markPaint(w);
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
      const rect = w.editor.getBoundingClientRect();
      const isFocused = !!active && (active === w.editor || w.editor.contains(active));
      w.ui.position(rect, isFocused || w.hasText || w.result.status !== P.STATUS.OK);
      if (w.mirror) w.mirror.layout();
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
    if (!e.isTrusted && !SL.acceptUntrustedEventsForTests) return;
    const w = watcherFor(e.target);
    if (!w || w.typed) return;
    w.typed = true;
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
    if (w) focused = w;
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

  function triggering(w, findings) {
    const level = settings.reviewBeforePosting;
    return findings.filter((f) => f.severity === 'stop' || (level === 'review' && f.severity === 'warning'));
  }

  function showReview(w, again) {
    w.resend = again;
    w.ui.openPanel('review', triggering(w, effective(w)));
  }

  function holds(w, text) {
    return w.result.status === P.STATUS.OK && w.result.text === text &&
      SL.settings.reviewTriggers(settings.reviewBeforePosting, P.verdictOf(effective(w)));
  }

  /** Decides whether a post goes out now; `again` re-sends it after "Post anyway". */
  function decide(w, e, again) {
    const text = readText(w);
    if (!w.typed && (e.isTrusted || SL.acceptUntrustedEventsForTests)) {
      w.typed = true; // posting it is the staff member's own act: check it now
    }
    if (w.bypass && w.bypass.text === text) {
      w.bypass = null; // one press goes through
      return;
    }
    w.bypass = null;
    if (settings.reviewBeforePosting === 'off' || !text.trim()) return;
    const known = w.result.text === text && !w.scheduler.busy();
    if (known) {
      if (holds(w, text)) {
        hold(e);
        showReview(w, again);
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
        showReview(w, again);
      } else {
        w.bypass = { text: now };
        again();
      }
    });
  }

  function onClickCapture(e) {
    if (!alive || !watchers.size) return;
    const b = submitButtonFrom(e.target);
    if (!b) return;
    const w = watcherForButton(b);
    if (w) decide(w, e, () => { if (b.isConnected) b.click(); });
  }

  function onKeyCapture(e) {
    if (!alive || e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return;
    const w = watcherFor(e.target);
    if (!w || !adapter.isSubmitKey(e, w.surface)) return;
    decide(w, e, () => {
      // A key press cannot be replayed (it would be untrusted): click the
      // box's button when it has one, otherwise the next Enter goes through.
      const r = adapter.composerRoot(w.editor);
      const b = r && Array.from(r.querySelectorAll(adapter.submitSelector)).find((x) => !adapter.isSubmitButton || adapter.isSubmitButton(x));
      w.editor.focus();
      if (b) b.click();
    });
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
    if (!alive || !msg || msg.kind !== P.KIND.OPEN_PANEL) return;
    const w = watcherFor(document.activeElement) || (focused && watchers.has(focused.editor) ? focused : null);
    if (w && document.hasFocus()) w.ui.openPanel('findings');
  });
  loadSettings();
})(typeof globalThis !== 'undefined' ? globalThis : this);
