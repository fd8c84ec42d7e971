/* Instagram: textarea comments, contenteditable captions and Lexical DMs. */
(function (root) {
  'use strict';
  const S = root.SecondLook.sites;

  const CAPTION = 'div[aria-label^="Write a caption"][contenteditable="true"], textarea[aria-label^="Write a caption"]';
  const COMMENT = 'textarea[aria-label^="Add a comment"], textarea[placeholder^="Add a comment"]';
  const DM = 'div[contenteditable="true"][role="textbox"][data-lexical-editor="true"]';
  const SUBMIT = 'form button[type="submit"], form div[role="button"], div[role="dialog"] div[role="button"]';
  const SUBMIT_WORDS = /^(post|share|send)$/i;

  S.register({
    id: 'instagram',
    platform: 'instagram',
    hosts: [/(^|\.)instagram\.com$/],
    editorSelector: [CAPTION, COMMENT, DM].join(', '),
    submitSelector: SUBMIT,

    // Instagram's buttons carry no test ids: a button counts when its text says so.
    isSubmitButton(el) {
      return SUBMIT_WORDS.test((el.textContent || '').trim()) || el.matches('button[type="submit"]');
    },

    surface(editor, loc) {
      if (editor.matches(CAPTION)) return 'post';
      if (editor.matches(COMMENT)) return 'comment';
      if (/^\/direct(\/|$)/.test(loc.pathname)) return 'dm';
      return /comment/i.test(S.label(editor)) ? 'comment' : 'dm';
    },

    composerRoot(editor) {
      if (editor.matches(CAPTION)) return editor.closest('[role="dialog"]') || S.ancestorContaining(editor, 'div[role="button"]', 10);
      return editor.closest('form') || S.ancestorContaining(editor, 'div[role="button"], button', 6);
    },

    hasMedia(editor) {
      // The caption box exists only once a photo or video is chosen.
      return editor.matches(CAPTION);
    },

    isSubmitKey(e, surface) {
      return (surface === 'comment' || surface === 'dm') && S.plainEnter(e);
    },
  });
})(typeof globalThis !== 'undefined' ? globalThis : this);
