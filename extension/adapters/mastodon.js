// Mastodon (any server the user grants): the compose textarea; the Publish/Post button is
// the compose form's submit button; Ctrl/Cmd+Enter posts.
PauseAdapters.register({
  id: "mastodon",
  platform: "mastodon",
  composer: "textarea.autosuggest-textarea__textarea, .compose-form textarea",
  submit: PauseAdapters.button('.compose-form button[type="submit"]'),
  enterPosts: false,
  modEnterPosts: true,
});
