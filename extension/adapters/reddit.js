// Reddit: the post body is a contenteditable named "body" (inside shreddit-composer) or,
// on old pages, a textarea; the submit button is #submit-post-button. Reddit is not one of
// Pause's platforms yet, so drafts are checked with no platform.
PauseAdapters.register({
  id: "reddit",
  platform: null,
  composer: 'div[contenteditable="true"][name="body"], textarea[name="body"], textarea[name="text"]',
  submit: PauseAdapters.button('#submit-post-button, button[type="submit"]'),
  enterPosts: false,
  modEnterPosts: false,
});
