/*
 * The badge, the panel and the review-before-posting prompt for one editor.
 * Everything lives in a shadow root on a host element appended to <body>,
 * outside the editor. The host carries the test hook attributes
 * (data-second-look-verdict, data-second-look-rules).
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});

  const CHECKLIST = [
    'A school, program or department account must be approved by Communications: send the Social Media Account Registration Form with your principal\u2019s or director\u2019s approval.',
    'Register the account with Archive Social, so what it publishes is kept as public record.',
    'A personal account tied to a first.last@highlineschools.org address, or used mainly to promote a classroom, school or the district, must also be registered with Communications.',
    'Only Facebook, Twitter, Instagram, YouTube and Vimeo are approved for school accounts.',
    'Questions: Communications, 206-631-3002.',
  ];

  const SEVERITY_LABEL = { stop: 'Stop', warning: 'Check', info: 'Note' };
  // Plain words, the same as in docs/staff-guide.md (a unit test keeps them in step).
  const STATUS_TEXT = {
    offline: ['Companion not running', 'Second Look\u2019s companion is not running on this computer, so drafts are not being checked. It starts when you sign in; if it does not come back, sign out and in again, or ask IT. This badge reconnects by itself.'],
    unpaired: ['Not paired', 'The extension and the companion are not paired. Open the options (button below), paste the pairing token and click Test connection. On district laptops IT does this for you: ask them if this stays.'],
    'too-long': ['Draft too long', 'This draft is longer than Second Look can check (20,000 characters).'],
    busy: ['Not checked yet', 'The companion is busy and has not checked this draft yet. Second Look tries again by itself.'],
    error: ['Not checked yet', 'Something went wrong while checking this draft. Second Look tries again by itself.'],
    'bad-request': ['Not checked yet', 'The companion could not read this draft. Second Look tries again by itself; if this stays, tell IT.'],
  };
  const UNTYPED_TEXT = 'Not checked yet: Second Look checks what you type. Type in the box, or press Post, to check it.';

  const CSS_TEXT = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
.mirror { position: fixed; margin: 0; color: transparent; pointer-events: none; overflow: hidden; z-index: 1; background: transparent; }
.mirror .u { text-decoration-line: underline; text-decoration-thickness: 2px; }
.mirror .u-stop { text-decoration-style: wavy; text-decoration-color: #d93025; background: rgba(217,48,37,.14); }
.mirror .u-warning { text-decoration-style: dashed; text-decoration-color: #b06000; background: rgba(176,96,0,.10); }
.mirror .u-info { text-decoration-style: dotted; text-decoration-color: #1a73e8; }
.badge { position: fixed; z-index: 3; display: inline-flex; align-items: center; gap: 3px; height: 22px; padding: 0 6px 0 3px;
  border-radius: 11px; border: 1px solid #5f6368; background: #fff; color: #202124; font-size: 12px; line-height: 20px; cursor: pointer;
  box-shadow: 0 1px 3px rgba(0,0,0,.25); white-space: nowrap; }
.badge:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
.badge .label:empty { display: none; }
.badge .icon { display: inline-block; min-width: 14px; height: 14px; border-radius: 7px; font-size: 10px; line-height: 14px; text-align: center; color: #fff; font-weight: 700; }
.badge[data-state="ok"] .icon { background: #1e8e3e; }
.badge[data-state="review"] { border-color: #b06000; }
.badge[data-state="review"] .icon { background: #b06000; }
.badge[data-state="stop"] { border-color: #d93025; border-width: 2px; }
.badge[data-state="stop"] .icon { background: #d93025; border-radius: 2px; }
.badge[data-state="checking"] .icon { background: #80868b; }
.badge[data-state="offline"] { border-style: dashed; color: #3c4043; }
.badge[data-state="offline"] .icon { background: #5f6368; }
.badge[data-state="retry"] { border-style: dashed; }
.badge[data-state="retry"] .icon, .badge[data-state="untyped"] .icon { background: #80868b; }
.notice { position: fixed; z-index: 4; background: #202124; color: #fff; font-size: 12px; line-height: 16px; padding: 4px 8px; border-radius: 4px; white-space: nowrap; }
.notice[hidden] { display: none; }
.panel { position: fixed; z-index: 4; width: 360px; max-width: calc(100vw - 16px); max-height: min(70vh, 560px); overflow: auto; overscroll-behavior: contain; background: #fff; color: #202124;
  border: 1px solid #dadce0; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.25); padding: 12px 14px; font-size: 13px; line-height: 1.4; }
.panel[hidden], .mirror[hidden], .badge[hidden] { display: none; }
.panel header { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-bottom: 6px; }
.panel h2 { font-size: 14px; margin: 0; }
.panel h3, .findings-list h3 { font-size: 13px; margin: 0 0 2px; }
.panel ul, .findings-list { list-style: none; margin: 0; padding: 0; }
.findings-list { font-size: 13px; line-height: 1.4; color: #202124; max-width: 40em; }
.finding { border-top: 1px solid #e8eaed; padding: 8px 0; }
.tag { display: inline-block; font-size: 11px; font-weight: 700; border-radius: 3px; padding: 0 5px; margin-right: 6px; color: #fff; }
.tag-stop { background: #d93025; } .tag-warning { background: #b06000; } .tag-info { background: #1a73e8; }
.words { font-style: italic; color: #3c4043; }
.policy { margin: 6px 0 0; padding: 4px 8px; border-left: 3px solid #dadce0; color: #3c4043; font-size: 12px; }
.policy cite { display: block; font-style: normal; font-weight: 600; }
.suggestion { display: flex; gap: 6px; align-items: flex-start; margin-top: 4px; }
.suggestion span { flex: 1; background: #f1f3f4; border-radius: 4px; padding: 2px 6px; }
button.small, .actions button, .review-actions button { font-size: 12px; border: 1px solid #dadce0; background: #fff; color: #1a73e8; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
.actions { display: flex; gap: 6px; margin-top: 6px; flex-wrap: wrap; }
.close { border: none; background: none; font-size: 18px; line-height: 18px; cursor: pointer; color: #5f6368; }
.account { border-top: 1px solid #e8eaed; padding-top: 8px; margin-top: 8px; font-size: 12px; }
.account fieldset { border: none; margin: 0; padding: 0; display: flex; gap: 10px; flex-wrap: wrap; }
.account legend { font-weight: 600; padding: 0; margin-bottom: 2px; }
.checklist { background: #e8f0fe; border-radius: 6px; padding: 8px; margin-top: 8px; font-size: 12px; }
.checklist ol { margin: 4px 0 0 18px; padding: 0; }
.review-actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 10px; }
.review-actions .primary { background: #1a73e8; color: #fff; border-color: #1a73e8; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.status { color: #3c4043; }
`;

  function h(doc, tag, attrs, ...children) {
    const el = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c) el.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
    return el;
  }

  // Busy, an error, a refused request: answered, not checked, tried again.
  const RETRY = ['busy', 'error', 'bad-request'];

  /** The badge's look: the verdict, or the reason there is none. */
  function look(state) {
    if (state.verdict === 'checking' && state.untyped) return 'untyped';
    if (state.verdict === 'checking' && RETRY.includes(state.status)) return 'retry';
    return state.verdict;
  }

  function summary(state) {
    const n = state.findings.length;
    switch (look(state)) {
      case 'untyped': return 'Not checked yet';
      case 'retry': return STATUS_TEXT[state.status][0];
      case 'stop': {
        const k = state.findings.filter((f) => f.severity === 'stop').length;
        return k === 1 ? '1 thing to fix before posting' : `${k} things to fix before posting`;
      }
      case 'review': return n === 1 ? '1 thing to check' : `${n} things to check`;
      case 'checking': return 'Checking\u2026';
      case 'offline': return (STATUS_TEXT[state.status] || STATUS_TEXT.offline)[0];
      default: return n ? 'Looks fine (notes below)' : 'Looks fine';
    }
  }

  // The badge is small (a symbol and a count) so it hides little of the draft;
  // its full meaning is in its accessible name and tooltip.
  function badgeText(state) {
    const stops = state.findings.filter((f) => f.severity === 'stop').length;
    switch (look(state)) {
      case 'stop': return ['!', String(stops)];
      case 'review': return ['?', String(state.findings.length)];
      case 'untyped': return ['\u2026', 'type to check'];
      case 'retry': return ['\u00d7', 'retry'];
      case 'checking': return ['\u2026', ''];
      case 'offline': return ['\u00d7', state.status === 'unpaired' ? 'not paired' : (state.status === 'too-long' ? 'too long' : 'off')];
      default: return ['\u2713', ''];
    }
  }

  function copy(text, button) {
    const done = () => { button.textContent = 'Copied'; };
    try {
      navigator.clipboard.writeText(text).then(done, () => { button.textContent = 'Select and copy'; });
    } catch (_) { /* no clipboard */ }
  }

  /**
   * One finding as staff see it: severity in words, title, the words in the draft,
   * why, the guideline, copyable suggestions, and (given `actions.ignore` /
   * `actions.mute`) the per-draft and per-rule buttons. The panel and the options
   * page's "Try a draft" both use it, so Communications sees what staff see.
   */
  function findingItem(doc, f, text, actions) {
    const words = f.offset !== null ? text.substr(f.offset, f.length) : '';
    const li = h(doc, 'li', { class: 'finding', 'data-rule': f.rule_id },
      h(doc, 'h3', {}, h(doc, 'span', { class: `tag tag-${f.severity}`, text: SEVERITY_LABEL[f.severity] || f.severity }), f.title),
      words ? h(doc, 'div', { class: 'words', text: `\u201c${words}\u201d` }) : null,
      f.message ? h(doc, 'p', { text: f.message, style: 'margin:4px 0 0' }) : null);
    if (f.policy && (f.policy.section || f.policy.quote)) {
      li.appendChild(h(doc, 'blockquote', { class: 'policy' },
        h(doc, 'cite', { text: `Guideline 4309P: ${f.policy.section}` }), f.policy.quote ? `\u201c${f.policy.quote}\u201d` : null));
    }
    f.suggestions.forEach((s, i) => {
      li.appendChild(h(doc, 'div', { class: 'suggestion' }, h(doc, 'span', { text: s }),
        h(doc, 'button', { class: 'small', type: 'button', 'aria-label': `Copy suggestion: ${s}`, text: 'Copy',
          'data-focus': `copy:${f.rule_id}:${f.offset}:${i}`, onclick: (e) => copy(s, e.currentTarget) })));
    });
    if (actions && actions.ignore) {
      const row = h(doc, 'div', { class: 'actions' },
        h(doc, 'button', { type: 'button', text: 'Ignore for this draft', 'data-focus': `ignore:${f.rule_id}:${f.offset}`, onclick: () => actions.ignore(f) }));
      if (f.severity !== 'stop' && actions.mute) {
        row.appendChild(h(doc, 'button', { type: 'button', text: 'Don\u2019t show me this again', 'data-focus': `mute:${f.rule_id}`, onclick: () => actions.mute(f.rule_id) }));
      }
      li.appendChild(row);
    }
    return li;
  }

  /**
   * Where the panel goes: beside the box, on the side with the most room, never
   * over the box, and if it can be helped, not over the box's toolbar and post
   * button either (`avoid`, the composer's rect). Returns {left, top, maxHeight}.
   * Pure, so it is tested with numbers (tests/extension/unit/ui.test.js).
   * @param {{width: number, height: number}} size  the panel's natural size
   * @param {DOMRect} box    the editor's rect
   * @param {DOMRect|null} avoid  the composer's rect, or null
   * @param {{width: number, height: number}} view  the viewport
   */
  function placePanel(size, box, avoid, view) {
    const M = 8; // margin from the viewport's edges and from the box
    const MIN_H = 160; // below this, a side is too cramped to read findings in
    const w = Math.min(size.width, view.width - 2 * M);
    const clampX = (x) => Math.max(M, Math.min(view.width - w - M, x));
    const clampY = (y, h) => Math.max(M, Math.min(view.height - h - M, y));
    const full = view.height - 2 * M;
    function sides(r) {
      const below = view.height - r.bottom - 2 * M;
      const above = r.top - 2 * M;
      const right = view.width - r.right - 2 * M >= w;
      const left = r.left - 2 * M >= w;
      // In order of preference: below, above (right-aligned with the box), then beside it.
      return [
        { room: below, fits: below >= Math.min(size.height, MIN_H), at: (h) => ({ left: clampX(box.right - w), top: r.bottom + M }) },
        { room: above, fits: above >= Math.min(size.height, MIN_H), at: (h) => ({ left: clampX(box.right - w), top: r.top - M - h }) },
        { room: right ? full : 0, fits: right, at: (h) => ({ left: r.right + M, top: clampY(box.top, h) }) },
        { room: left ? full : 0, fits: left, at: (h) => ({ left: r.left - M - w, top: clampY(box.top, h) }) },
      ];
    }
    // The first side that shows the whole panel, else the roomiest that fits; the
    // composer first (so its post button stays visible), then the box alone.
    const choose = (list) => list.find((t) => t.fits && t.room >= size.height) ||
      list.filter((t) => t.fits).sort((a, b) => b.room - a.room)[0] || null;
    // Nowhere clear of the box (it fills the window): over its lower half, inside the window.
    const cover = { room: Math.round(view.height / 2) - M, at: (h) => ({ left: clampX(box.right - w), top: view.height - M - h }) };
    const best = (avoid && choose(sides(avoid))) || choose(sides(box)) || cover;
    const maxHeight = Math.max(80, Math.min(best.room, size.height));
    const spot = best.at(maxHeight);
    return { left: Math.round(spot.left), top: Math.round(Math.max(M, spot.top)), maxHeight: Math.round(maxHeight) };
  }

  /**
   * @param {object} o
   * @param {Element} o.editor
   * @param {string} o.site, o.surface
   * @param {number} [o.index]  the box's number on the page (the hook's data-second-look-editor)
   * @param {object} o.actions  {ignore(f), mute(ruleId), setAccount(patch), openOptions(), focusEditor(), postAnyway()}
   */
  function createUI(o) {
    const doc = o.editor.ownerDocument;
    const host = doc.createElement('div');
    host.setAttribute('data-second-look-host', '');
    host.setAttribute('data-second-look-site', o.site);
    host.setAttribute('data-second-look-surface', o.surface);
    if (o.index !== undefined) host.setAttribute('data-second-look-editor', String(o.index));
    host.setAttribute('data-second-look-verdict', 'checking');
    host.setAttribute('data-second-look-rules', '');
    host.setAttribute('data-second-look-status', 'ok');
    host.style.cssText = 'all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483646; overflow: visible;';
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.appendChild(h(doc, 'style', { text: CSS_TEXT }));
    const badgeIcon = h(doc, 'span', { class: 'icon', 'aria-hidden': 'true' });
    const badgeLabel = h(doc, 'span', { class: 'label' });
    const badge = h(doc, 'button', { class: 'badge', type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', hidden: true,
      onclick: () => (panelMode ? closePanel(true) : openPanel('findings')) }, badgeIcon, badgeLabel);
    const live = h(doc, 'div', { class: 'sr', role: 'status', 'aria-live': 'polite' });
    const note = h(doc, 'div', { class: 'notice', role: 'note', hidden: true });
    const panel = h(doc, 'section', { class: 'panel', role: 'dialog', 'aria-label': 'Second Look', hidden: true });
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        closePanel(true);
        o.actions.focusEditor();
      }
    });
    shadow.append(badge, live, note, panel);
    (doc.body || doc.documentElement).appendChild(host);

    let state = { verdict: 'checking', status: 'ok', findings: [], text: '' };
    let account = { account: 'personal', disclaimer: false };
    let panelMode = null; // null | 'findings' | 'review'
    let reviewFindings = [];
    let reviewText = '';
    let showChecklist = false;
    let lastAnnounced = '';
    let announcing = false; // the live region speaks once the box is in use (typed in or focused)
    let visible = false;
    let anchor = null;
    let avoidRect = null; // () => DOMRect|null: the composer, which the panel should leave visible
    let noticeTimer = null;

    function announce() {
      const l = look(state);
      if (!announcing || l === 'checking' || l === 'untyped') return;
      // An empty box that is fine has nothing worth saying.
      if (state.verdict === 'ok' && !state.text.trim()) return;
      const text = `Second Look: ${summary(state)}`;
      if (text !== lastAnnounced) {
        lastAnnounced = text;
        live.textContent = text;
      }
    }

    function update(next, acct) {
      state = next;
      if (acct) account = acct;
      host.setAttribute('data-second-look-verdict', state.verdict);
      host.setAttribute('data-second-look-rules', state.verdict === 'checking' ? '' : SL.protocol.ruleList(state.findings));
      host.setAttribute('data-second-look-status', state.status);
      badge.setAttribute('data-state', look(state));
      const [icon, label] = badgeText(state);
      badgeIcon.textContent = icon;
      badgeLabel.textContent = label;
      badge.setAttribute('aria-label', `Second Look: ${summary(state)}. Show details.`);
      badge.title = `Second Look: ${summary(state)}`;
      announce();
      if (panelMode === 'findings') renderPanel();
    }

    function setAnnouncing(on) {
      if (announcing === !!on) return;
      announcing = !!on;
      announce();
    }

    /** A short line by the badge (and for screen readers), gone after a few seconds. */
    function notice(text) {
      note.textContent = text;
      note.hidden = false;
      live.textContent = text;
      lastAnnounced = text;
      position();
      if (noticeTimer) clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => { note.hidden = true; noticeTimer = null; }, 5000);
    }

    function renderFinding(f, forReview, text) {
      return findingItem(doc, f, text, forReview ? {} : { ignore: o.actions.ignore, mute: o.actions.mute });
    }

    function renderAccount() {
      const name = `sl-account-${Math.random().toString(36).slice(2)}`;
      const radio = (value, label) => h(doc, 'label', {},
        h(doc, 'input', { type: 'radio', name, value, checked: account.account === value, 'data-focus': `account:${value}`,
          onchange: () => {
            if (value === 'district' && !account.checklistSeen) showChecklist = true;
            o.actions.setAccount({ account: value });
          } }), ` ${label}`);
      const box = h(doc, 'div', { class: 'account' },
        h(doc, 'fieldset', {}, h(doc, 'legend', { text: 'I am posting from' }), radio('personal', 'my personal account'), radio('district', 'a district account')),
        h(doc, 'label', {}, h(doc, 'input', { type: 'checkbox', checked: account.disclaimer, 'data-focus': 'disclaimer',
          onchange: (e) => o.actions.setAccount({ disclaimer: e.currentTarget.checked }) }),
        ' My profile here says my views are my own'));
      if (showChecklist) {
        box.appendChild(h(doc, 'div', { class: 'checklist', role: 'note' },
          h(doc, 'strong', { text: 'Setting up a district account' }),
          h(doc, 'ol', {}, ...CHECKLIST.map((c) => h(doc, 'li', { text: c }))),
          h(doc, 'button', { class: 'small', type: 'button', text: 'Got it', 'data-focus': 'checklist-done',
            onclick: () => { showChecklist = false; renderPanel(); } })));
      }
      return box;
    }

    /** The review prompt's first line, true to what holds the post. */
    function reviewIntro(findings) {
      const stops = findings.some((f) => f.severity === 'stop');
      const others = findings.some((f) => f.severity !== 'stop');
      if (stops && !others) return 'Second Look found something in this draft that the district\u2019s social media guidelines ask you not to post:';
      if (!stops) return 'Second Look found something in this draft that the district\u2019s social media guidelines ask you to check before posting:';
      return 'Second Look found things in this draft that the district\u2019s social media guidelines ask you not to post, or to check before posting:';
    }

    const focusables = () => Array.from(panel.querySelectorAll('button, input'));

    /*
     * Redraws the panel. A control that had the focus gets it back (the same
     * control, by its data-focus key; if it is gone, the one now in its place), so
     * a keyboard user is never dropped on the page's <body>.
     */
    function renderPanel() {
      const active = shadow.activeElement;
      const had = active && panel.contains(active) ? { key: active.getAttribute('data-focus'), at: focusables().indexOf(active) } : null;
      panel.textContent = '';
      const closeBtn = h(doc, 'button', { class: 'close', type: 'button', 'aria-label': 'Close', text: '\u00d7', 'data-focus': 'close', onclick: () => { closePanel(true); o.actions.focusEditor(); } });
      if (panelMode === 'review') {
        panel.setAttribute('aria-label', 'Second Look: before you post');
        panel.append(
          h(doc, 'header', {}, h(doc, 'h2', { text: 'Before you post' }), closeBtn),
          h(doc, 'p', { text: reviewIntro(reviewFindings), style: 'margin:0' }),
          h(doc, 'ul', {}, ...reviewFindings.map((f) => renderFinding(f, true, reviewText))),
          h(doc, 'div', { class: 'review-actions' },
            h(doc, 'button', { type: 'button', class: 'edit primary', text: 'Edit', 'data-focus': 'edit', onclick: () => { closePanel(false); o.actions.focusEditor(); } }),
            h(doc, 'button', { type: 'button', class: 'post-anyway', text: 'Post anyway', 'data-focus': 'post-anyway', onclick: () => { closePanel(false); o.actions.postAnyway(); } })));
      } else {
        panel.setAttribute('aria-label', 'Second Look');
        panel.appendChild(h(doc, 'header', {}, h(doc, 'h2', { text: `Second Look \u2014 ${summary(state)}` }), closeBtn));
        if (state.verdict === 'offline' || look(state) === 'retry') {
          const [, text] = STATUS_TEXT[state.status] || STATUS_TEXT.offline;
          panel.appendChild(h(doc, 'p', { class: 'status', text }));
          if (state.status === 'unpaired' || state.status === 'offline') {
            // The port or the token may be wrong: both are on the options page.
            panel.appendChild(h(doc, 'button', { class: 'small open-options', type: 'button', text: 'Open Second Look options', 'data-focus': 'options', onclick: () => o.actions.openOptions() }));
          }
        } else if (look(state) === 'untyped') {
          panel.appendChild(h(doc, 'p', { class: 'status', text: UNTYPED_TEXT }));
        } else if (state.findings.length) {
          panel.appendChild(h(doc, 'ul', {}, ...state.findings.map((f) => renderFinding(f, false, state.text))));
        } else if (state.verdict === 'ok') {
          panel.appendChild(h(doc, 'p', { class: 'status', text: 'Nothing in this draft goes against the district\u2019s social media guidelines.' }));
        }
        panel.appendChild(renderAccount());
      }
      if (had) {
        const now = focusables();
        const same = had.key && now.find((el) => el.getAttribute('data-focus') === had.key);
        const target = same || now[Math.min(Math.max(had.at, 0), now.length - 1)] || closeBtn;
        target.focus();
      }
      if (!panel.hidden) position();
    }

    function openPanel(mode, findings, text) {
      panelMode = mode;
      host.style.zIndex = '2147483647';
      if (findings) reviewFindings = findings;
      reviewText = text !== undefined ? text : state.text;
      renderPanel();
      panel.hidden = false;
      badge.setAttribute('aria-expanded', 'true');
      position();
      const first = mode === 'review' ? panel.querySelector('.edit') : panel.querySelector('.close');
      if (first) first.focus();
    }

    function closePanel() {
      panelMode = null;
      host.style.zIndex = '2147483646';
      panel.hidden = true;
      badge.setAttribute('aria-expanded', 'false');
    }

    /**
     * Places badge and panel by the editor; `rect` is the editor's client rect,
     * `avoid` a function giving the composer's rect (asked only while the panel is open).
     */
    function position(rect, show, avoid) {
      if (rect) anchor = rect;
      if (show !== undefined) visible = show;
      if (avoid) avoidRect = avoid;
      const r = anchor;
      if (!r) return;
      const vw = doc.documentElement.clientWidth || 1024;
      const vh = doc.documentElement.clientHeight || 768;
      const onScreen = visible && r.width > 0 && r.bottom > 0 && r.top < vh;
      badge.hidden = !onScreen && !panelMode;
      const bw = badge.offsetWidth || 40;
      const bx = Math.max(4, Math.min(vw - bw - 4, r.right - bw - 4));
      const by = Math.max(4, Math.min(vh - 26, r.bottom - 26));
      badge.style.left = `${bx}px`;
      badge.style.top = `${by}px`;
      if (!note.hidden) {
        note.style.left = `${Math.max(4, Math.min(vw - (note.offsetWidth || 120) - 4, r.right - (note.offsetWidth || 120)))}px`;
        note.style.top = `${Math.min(vh - 24, r.bottom + 4)}px`;
      }
      if (panelMode) {
        panel.style.maxHeight = '';
        // Its natural height, capped as the stylesheet caps it (70% of the window, 560 px).
        const natural = panel.scrollHeight || panel.offsetHeight || 200;
        const size = { width: Math.min(360, vw - 16), height: Math.min(natural, 560, Math.round(vh * 0.7)) };
        const place = placePanel(size, r, avoidRect ? avoidRect() : null, { width: vw, height: vh });
        panel.style.left = `${place.left}px`;
        panel.style.top = `${place.top}px`;
        panel.style.maxHeight = `${place.maxHeight}px`;
      }
    }

    return {
      host, shadow, update, openPanel, closePanel, position, setAnnouncing, notice,
      setSurface(s) { host.setAttribute('data-second-look-surface', s); },
      get panelMode() { return panelMode; },
      mirrorContainer: shadow,
      destroy() {
        if (noticeTimer) clearTimeout(noticeTimer);
        host.remove();
      },
    };
  }

  SL.ui = { createUI, placePanel, findingItem, CSS_TEXT, CHECKLIST, STATUS_TEXT, UNTYPED_TEXT };
  if (typeof module === 'object' && module.exports) module.exports = SL.ui;
})(typeof globalThis !== 'undefined' ? globalThis : this);
