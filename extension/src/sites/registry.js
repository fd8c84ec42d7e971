/*
 * The site registry. Each site file calls `register(adapter)` with everything
 * the extension knows about that site; nothing else in the extension names a
 * site's selectors. An adapter:
 *
 *   id              'x' | 'facebook' | 'instagram' (the enabledSites key)
 *   platform        the context's platform ('twitter', 'facebook', 'instagram')
 *   hosts           RegExps for location.hostname
 *   editorSelector  CSS selector for compose boxes (the editable root itself)
 *   submitSelector  CSS selector for post / send buttons
 *   surface(editor, loc)     'post' | 'comment' | 'reply' | 'dm'
 *   composerRoot(editor)     the element holding the box, its toolbar and button
 *   hasMedia(editor)         a photo or video is attached
 *   isSubmitKey(event, surface)  the key press posts the draft
 *   handle(document)         the signed-in handle when the page shows it, or null
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});
  const adapters = [];

  function register(adapter) {
    for (const k of ['id', 'platform', 'hosts', 'editorSelector', 'submitSelector', 'surface', 'composerRoot', 'hasMedia', 'isSubmitKey']) {
      if (!(k in adapter)) throw new Error(`site adapter ${adapter.id || '?'} lacks ${k}`);
    }
    adapters.push(Object.assign({ handle: () => null }, adapter));
  }

  function forHost(hostname) {
    const h = String(hostname || '').toLowerCase().replace(/\.$/, '');
    return adapters.find((a) => a.hosts.some((re) => re.test(h))) || null;
  }

  function all() {
    return adapters.slice();
  }

  /* Helpers shared by the adapters. */

  /** The label a screen reader would give the box (aria-label, placeholder). */
  function label(el) {
    return (el.getAttribute('aria-label') || el.getAttribute('aria-placeholder') || el.getAttribute('placeholder') || '').trim();
  }

  /** Closest ancestor (up to `depth` levels) that contains `selector`, or the last one tried. */
  function ancestorContaining(el, selector, depth) {
    let node = el.parentElement;
    let last = el.parentElement || el;
    for (let i = 0; node && i < depth; i += 1, node = node.parentElement) {
      if (node.querySelector(selector)) return node;
      last = node;
    }
    return last;
  }

  function plainEnter(e) {
    return e.key === 'Enter' && !(e.shiftKey || e.ctrlKey || e.metaKey || e.altKey);
  }

  function modEnter(e) {
    return e.key === 'Enter' && !!(e.ctrlKey || e.metaKey);
  }

  SL.sites = { register, forHost, all, label, ancestorContaining, plainEnter, modEnter };
  if (typeof module === 'object' && module.exports) module.exports = SL.sites;
})(typeof globalThis !== 'undefined' ? globalThis : this);
