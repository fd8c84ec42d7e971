/* X (x.com, twitter.com): Draft.js editors. See docs/extension.md, "Sites". */
(function (root) {
  'use strict';
  const S = root.SecondLook.sites;

  const SUBMIT = '[data-testid="tweetButton"], [data-testid="tweetButtonInline"], [data-testid="dmComposerSendButton"]';

  S.register({
    id: 'x',
    platform: 'twitter',
    hosts: [/(^|\.)x\.com$/, /(^|\.)twitter\.com$/],
    editorSelector: [
      'div[data-testid^="tweetTextarea_"][role="textbox"][contenteditable="true"]',
      '[data-testid="dmComposerTextInput"] [contenteditable="true"]',
      '[data-testid="dmComposerTextInput"][contenteditable="true"]',
      'textarea[data-testid="dm-composer-textarea"]',
      '.public-DraftEditor-content[contenteditable="true"]',
    ].join(', '),
    submitSelector: SUBMIT,

    surface(editor, loc) {
      if (editor.closest('[data-testid="dmComposerTextInput"], [data-testid="DmActivityContainer"]') ||
          editor.matches('textarea[data-testid="dm-composer-textarea"]') || /^\/messages(\/|$)/.test(loc.pathname)) {
        return 'dm';
      }
      // A reply shows the post it answers above the box: in the modal, or on a post's own page.
      const dialog = editor.closest('[role="dialog"]');
      if (dialog) return dialog.querySelector('article[data-testid="tweet"], [data-testid="tweet"]') ? 'reply' : 'post';
      if (/\/status\/\d+/.test(loc.pathname)) return 'reply';
      return /\breply\b/i.test(S.label(editor)) ? 'reply' : 'post';
    },

    composerRoot(editor) {
      return editor.closest('[role="dialog"]') || S.ancestorContaining(editor, SUBMIT + ', [data-testid="toolBar"]', 12);
    },

    hasMedia(editor) {
      const rootEl = this.composerRoot(editor);
      return !!rootEl.querySelector('[data-testid="attachments"] img, [data-testid="attachments"] video, [data-testid="removeMedia"]');
    },

    isSubmitKey(e, surface) {
      return surface === 'dm' ? S.plainEnter(e) : S.modEnter(e);
    },

    handle(doc) {
      const el = doc.querySelector('[data-testid="SideNav_AccountSwitcher_Button"]');
      const m = el && /@[A-Za-z0-9_]{1,15}/.exec(el.textContent || '');
      return m ? m[0].toLowerCase() : null;
    },
  });
})(typeof globalThis !== 'undefined' ? globalThis : this);
