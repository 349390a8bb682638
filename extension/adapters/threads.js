// Threads: a Lexical editor (role=textbox) in the new-thread dialog; "Post" is a
// div[role=button]; Ctrl/Cmd+Enter posts.
PauseAdapters.register({
  id: "threads",
  platform: "threads",
  composer: 'div[contenteditable="true"][role="textbox"]',
  submit: PauseAdapters.button('div[role="button"], button', ["post"]),
  enterPosts: false,
  modEnterPosts: true,
});
