/*
 * The text model: reads a compose box without touching it and maps offsets in
 * that text (UTF-16 code units, as the companion's offsets are) back to DOM
 * Ranges.
 *
 * Lines are the leaf blocks of the editor (Draft.js `div[data-block]` >
 * `div.public-DraftStyleDefault-block`, Lexical `<p>`, plain `<div>`), joined
 * by "\n". Inside a line a `<br>` is "\n", except Draft's placeholder
 * `<br data-text="true">` and the trailing `<br>` that browsers and Lexical
 * put in an empty or line-break-ended block. A no-break space is read as a
 * space (same length, so offsets are unchanged).
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});

  const TEXT_NODE = 3;
  const ELEMENT_NODE = 1;
  const BLOCK_TAGS = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION',
    'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P',
    'PRE', 'SECTION', 'TABLE', 'TR', 'UL']);
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
  const BLOCK_SELECTOR = Array.from(BLOCK_TAGS).join(',').toLowerCase();
  const NBSP = /\u00a0/g;

  function isTextField(el) {
    return el && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT');
  }

  function isBlock(el) {
    return BLOCK_TAGS.has(el.tagName);
  }

  /**
   * Reads an editor. Returns {text, segments, kind} where segments are
   * {node, start, end} for each text node, in order, `start`/`end` being
   * offsets in `text`.
   */
  function read(editor) {
    if (isTextField(editor)) {
      return { kind: 'textarea', text: String(editor.value).replace(NBSP, ' '), segments: [] };
    }
    const parts = [];
    const segments = [];
    let length = 0;
    let lines = 0; // lines opened so far
    let lineOpen = false; // an anonymous or leaf-block line is open
    let pendingBr = 0; // <br>s seen in the open line, not yet followed by text

    function emit(s) {
      parts.push(s);
      length += s.length;
    }
    function openLine() {
      if (lines > 0) emit('\n');
      lines += 1;
      lineOpen = true;
      pendingBr = 0;
    }
    function closeLine() {
      // The last <br> of a line is the browser's placeholder; earlier ones are line breaks.
      if (lineOpen && pendingBr > 1) emit('\n'.repeat(pendingBr - 1));
      lineOpen = false;
      pendingBr = 0;
    }
    function flushBr() {
      if (pendingBr) emit('\n'.repeat(pendingBr));
      pendingBr = 0;
    }

    function walk(node, isRoot) {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === TEXT_NODE) {
          const data = child.data;
          if (!data) continue;
          if (!lineOpen) openLine();
          flushBr();
          segments.push({ node: child, start: length, end: length + data.length });
          emit(data.replace(NBSP, ' '));
        } else if (child.nodeType === ELEMENT_NODE) {
          const tag = child.tagName;
          if (SKIP_TAGS.has(tag)) continue;
          if (tag === 'BR') {
            if (child.getAttribute('data-text') === 'true') {
              if (!lineOpen) openLine(); // Draft's empty block
              continue;
            }
            if (!lineOpen) openLine();
            pendingBr += 1;
          } else if (isBlock(child)) {
            closeLine();
            const leaf = !child.querySelector(BLOCK_SELECTOR);
            if (leaf) {
              openLine();
              walk(child, false);
              closeLine();
            } else {
              walk(child, false);
              closeLine();
            }
          } else {
            walk(child, false);
          }
        }
      }
      if (isRoot) closeLine();
    }
    walk(editor, true);
    return { kind: 'contenteditable', text: parts.join(''), segments };
  }

  // Index of the first segment whose end is > pos.
  function firstEndingAfter(segments, pos) {
    let lo = 0;
    let hi = segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid].end > pos) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The DOM position of the start of [offset, offset+length). */
  function startPoint(segments, pos) {
    const i = firstEndingAfter(segments, pos);
    if (i >= segments.length) return null;
    const s = segments[i];
    return { node: s.node, offset: Math.max(0, pos - s.start) };
  }

  /** The DOM position of the end, snapping back over synthetic line breaks. */
  function endPoint(segments, pos) {
    // last segment with start < pos
    let i = firstEndingAfter(segments, pos - 1);
    if (i >= segments.length) i = segments.length - 1;
    while (i >= 0 && segments[i].start >= pos) i -= 1;
    if (i < 0) return null;
    const s = segments[i];
    return { node: s.node, offset: Math.min(s.end, pos) - s.start };
  }

  /** A Range over [offset, offset+length) of a contenteditable model, or null. */
  function rangeFor(model, offset, length) {
    if (!model.segments.length || !(length > 0)) return null;
    const a = startPoint(model.segments, offset);
    const b = endPoint(model.segments, offset + length);
    if (!a || !b) return null;
    const range = a.node.ownerDocument.createRange();
    try {
      range.setStart(a.node, a.offset);
      range.setEnd(b.node, b.offset);
    } catch (_) {
      return null;
    }
    return range.collapsed ? null : range;
  }

  /**
   * Moves findings computed for `oldText` onto `newText` when the edit did not
   * touch them (common prefix and suffix), so underlines stay on the right
   * words while a new check runs. Findings the edit touched are dropped; a
   * finding is kept only if the same characters are under it.
   */
  function shiftFindings(oldText, newText, findings) {
    if (oldText === newText) return findings.slice();
    const max = Math.min(oldText.length, newText.length);
    let p = 0;
    while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p += 1;
    let s = 0;
    while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s += 1;
    const oldEditEnd = oldText.length - s;
    const delta = newText.length - oldText.length;
    const out = [];
    for (const f of findings) {
      if (f.offset === null || f.offset === undefined) {
        out.push(f);
        continue;
      }
      const end = f.offset + f.length;
      let offset;
      if (end <= p) offset = f.offset;
      else if (f.offset >= oldEditEnd) offset = f.offset + delta;
      else continue;
      if (newText.substr(offset, f.length) !== oldText.substr(f.offset, f.length)) continue;
      out.push(offset === f.offset ? f : Object.assign({}, f, { offset }));
    }
    return out;
  }

  SL.textModel = { read, rangeFor, shiftFindings, isTextField };
  if (typeof module === 'object' && module.exports) module.exports = SL.textModel;
})(typeof globalThis !== 'undefined' ? globalThis : this);
