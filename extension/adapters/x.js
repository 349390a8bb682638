// X (x.com): a Draft.js editor; "Post" is tweetButtonInline on the home timeline and
// tweetButton in the compose dialog; Ctrl/Cmd+Enter posts.
PauseAdapters.register({
  id: "x",
  platform: "x",
  composer: '[data-testid^="tweetTextarea_"][contenteditable="true"], [data-testid^="tweetTextarea_"] [contenteditable="true"]',
  submit: PauseAdapters.button('[data-testid="tweetButtonInline"], [data-testid="tweetButton"]'),
  enterPosts: false,
  modEnterPosts: true,
  // Attached pictures show as blob: previews in the composer's attachments strip.
  pictures: '[data-testid="attachments"] img[src^="blob:"]',
});
