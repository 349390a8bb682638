// Bluesky (bsky.app): a TipTap/ProseMirror editor; "Post" is composerPublishBtn;
// Ctrl/Cmd+Enter posts.
PauseAdapters.register({
  id: "bluesky",
  platform: "bluesky",
  composer: '.ProseMirror[contenteditable="true"]',
  submit: PauseAdapters.button('[data-testid="composerPublishBtn"]'),
  enterPosts: false,
  modEnterPosts: true,
});
