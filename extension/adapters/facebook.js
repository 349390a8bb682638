// Facebook: a Lexical editor (role=textbox) in the "Create post" dialog; Post is a
// div[role=button] labelled "Post". Enter makes a new line there.
PauseAdapters.register({
  id: "facebook",
  platform: "facebook",
  composer: 'div[contenteditable="true"][role="textbox"]',
  submit: PauseAdapters.button('div[role="button"][aria-label], [role="button"], button', ["post"]),
  enterPosts: false,
  modEnterPosts: false,
});
