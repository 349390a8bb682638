// Instagram (web): the caption is a Lexical editor labelled "Write a caption..."; "Share"
// is a div[role=button] in the "Create new post" dialog.
PauseAdapters.register({
  id: "instagram",
  platform: "instagram",
  composer: 'div[contenteditable="true"][aria-label^="Write a caption"]',
  submit: PauseAdapters.button('div[role="button"], button', ["share"]),
  enterPosts: false,
  modEnterPosts: false,
});
