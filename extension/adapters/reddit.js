// Reddit: the post body is a contenteditable named "body" (inside shreddit-composer) or,
// on old pages, a textarea; the submit button is #submit-post-button.
PauseAdapters.register({
  id: "reddit",
  platform: "reddit",
  composer: 'div[contenteditable="true"][name="body"], textarea[name="body"], textarea[name="text"]',
  submit: PauseAdapters.button('#submit-post-button, button[type="submit"]'),
  enterPosts: false,
  modEnterPosts: false,
});
