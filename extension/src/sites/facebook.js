/* Facebook: Lexical editors for posts, comments, replies and Messenger. */
(function (root) {
  'use strict';
  const S = root.SecondLook.sites;

  const SUBMIT = [
    'div[role="button"][aria-label="Post"]', 'div[role="button"][aria-label="Share now"]',
    'div[role="button"][aria-label="Comment"]', 'div[role="button"][aria-label="Send"]',
    'div[role="button"][aria-label="Press enter to send"]', 'div[role="button"][aria-label="Press Enter to send"]',
  ].join(', ');

  S.register({
    id: 'facebook',
    platform: 'facebook',
    hosts: [/(^|\.)facebook\.com$/, /(^|\.)messenger\.com$/],
    editorSelector: 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
    submitSelector: SUBMIT,

    surface(editor, loc) {
      const label = S.label(editor);
      if (/^\/(messages|t)(\/|$)/.test(loc.pathname) || /messenger\.com$/.test(loc.hostname) ||
          editor.closest('[data-testid="mwchat-tab"], [aria-label^="Chat with"]') || /^message\b/i.test(label)) {
        return 'dm';
      }
      if (/^(reply|write a reply)/i.test(label)) return 'reply';
      if (/comment/i.test(label)) return 'comment';
      // Structure: a comment box sits inside the post it comments on.
      if (!editor.closest('[role="dialog"]') && editor.closest('[role="article"]')) {
        return editor.closest('[role="article"] [role="article"]') ? 'reply' : 'comment';
      }
      return 'post';
    },

    composerRoot(editor) {
      return editor.closest('[role="dialog"]') || editor.closest('form') || editor.closest('[role="article"]') ||
        S.ancestorContaining(editor, SUBMIT, 8);
    },

    hasMedia(editor) {
      const rootEl = this.composerRoot(editor);
      // Media being attached is previewed from a blob: URL; a post's own photos are not.
      return !!rootEl.querySelector('img[src^="blob:"], video[src^="blob:"]');
    },

    isSubmitKey(e, surface) {
      // Comments, replies and Messenger send on Enter; a post only by its button.
      return surface !== 'post' && S.plainEnter(e);
    },
  });
})(typeof globalThis !== 'undefined' ? globalThis : this);
