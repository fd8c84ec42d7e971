/*
 * Painting: the CSS Custom Highlight API for contenteditable editors (nothing
 * is added to the editor's DOM; the styles are in highlights.css), and a
 * mirror for textareas (a copy of the text, transparent, laid over the
 * textarea inside the extension's own shadow root, with underlined spans).
 * Severity shows by underline style as well as colour: stop wavy and thick,
 * warning dashed, info dotted.
 */
(function (root) {
  'use strict';
  const SL = (root.SecondLook = root.SecondLook || {});
  const SEVERITIES = ['stop', 'warning', 'info'];
  const PRIORITY = { stop: 3, warning: 2, info: 1 };

  function highlightName(severity) {
    return `second-look-${severity}`;
  }

  const registry = (() => {
    const supported = typeof CSS !== 'undefined' && CSS.highlights && typeof Highlight === 'function';
    const byEditor = new Map(); // editor id -> {stop: Range[], warning: Range[], info: Range[]}
    const highlights = {};
    function ensure() {
      for (const sev of SEVERITIES) {
        if (!highlights[sev]) {
          highlights[sev] = new Highlight();
          highlights[sev].priority = PRIORITY[sev];
        }
        // The page may have cleared the registry; re-register ours.
        if (CSS.highlights.get(highlightName(sev)) !== highlights[sev]) CSS.highlights.set(highlightName(sev), highlights[sev]);
      }
    }
    function rebuild() {
      if (!supported) return;
      ensure();
      for (const sev of SEVERITIES) {
        const h = highlights[sev];
        h.clear();
        for (const ranges of byEditor.values()) for (const r of ranges[sev]) h.add(r);
      }
    }
    return {
      supported,
      set(id, ranges) {
        const prev = byEditor.get(id);
        const empty = (x) => !x || SEVERITIES.every((s) => x[s].length === 0);
        if (empty(prev) && empty(ranges)) return;
        if (empty(ranges)) byEditor.delete(id);
        else byEditor.set(id, ranges);
        rebuild();
      },
      clear(id) {
        if (byEditor.delete(id)) rebuild();
      },
    };
  })();

  /** Ranges for the findings in a contenteditable model, grouped by severity. */
  function rangesFor(model, findings) {
    const out = { stop: [], warning: [], info: [] };
    for (const f of findings) {
      if (f.offset === null) continue;
      const r = SL.textModel.rangeFor(model, f.offset, f.length);
      if (r) out[SEVERITIES.includes(f.severity) ? f.severity : 'warning'].push(r);
    }
    return out;
  }

  const MIRRORED = ['boxSizing', 'width', 'height', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
    'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderTopStyle', 'borderRightStyle',
    'borderBottomStyle', 'borderLeftStyle', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontVariant',
    'fontStretch', 'lineHeight', 'letterSpacing', 'wordSpacing', 'textIndent', 'textTransform', 'textAlign',
    'direction', 'tabSize', 'overflowWrap', 'wordBreak', 'whiteSpace'];

  /** A mirror for one textarea; `container` is inside the extension's shadow root. */
  function createMirror(textarea, container) {
    const doc = container.ownerDocument;
    const el = doc.createElement('div');
    el.className = 'mirror';
    el.setAttribute('aria-hidden', 'true');
    container.appendChild(el);
    let lastKey = '';

    function layout() {
      const cs = textarea.ownerDocument.defaultView.getComputedStyle(textarea);
      const r = textarea.getBoundingClientRect();
      for (const p of MIRRORED) el.style[p] = cs[p];
      el.style.borderColor = 'transparent';
      el.style.whiteSpace = 'pre-wrap';
      el.style.overflowWrap = 'break-word';
      el.style.left = `${r.left}px`;
      el.style.top = `${r.top}px`;
      el.style.width = `${r.width}px`;
      el.style.height = `${r.height}px`;
      el.style.overflowY = textarea.scrollHeight > textarea.clientHeight ? 'scroll' : 'hidden';
      el.scrollTop = textarea.scrollTop;
      el.scrollLeft = textarea.scrollLeft;
      el.hidden = r.width === 0 && r.height === 0;
    }

    /** Renders `text` with underlined spans for the findings; cheap when nothing changed. */
    function paint(text, findings) {
      const spans = findings.filter((f) => f.offset !== null).sort((a, b) => a.offset - b.offset);
      const key = text + '\u0000' + spans.map((f) => `${f.offset}:${f.length}:${f.severity}`).join(',');
      if (key !== lastKey) {
        lastKey = key;
        el.textContent = '';
        let pos = 0;
        for (const f of spans) {
          if (f.offset < pos) continue; // overlapping: keep the first
          el.appendChild(doc.createTextNode(text.slice(pos, f.offset)));
          const u = doc.createElement('span');
          u.className = `u u-${f.severity}`;
          u.dataset.rule = f.rule_id;
          u.textContent = text.substr(f.offset, f.length);
          el.appendChild(u);
          pos = f.offset + f.length;
        }
        // A trailing newline needs a character after it to take up a line.
        el.appendChild(doc.createTextNode(text.slice(pos) + '\u200b'));
      }
      layout();
    }

    return { paint, layout, destroy: () => el.remove(), element: el };
  }

  SL.highlights = { registry, rangesFor, createMirror, highlightName, SEVERITIES };
  if (typeof module === 'object' && module.exports) module.exports = SL.highlights;
})(typeof globalThis !== 'undefined' ? globalThis : this);
