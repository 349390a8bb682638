// LinkedIn: the share box is a Quill editor (.ql-editor); Post is the share box's primary
// action button.
PauseAdapters.register({
  id: "linkedin",
  platform: "linkedin",
  composer: '.ql-editor[contenteditable="true"]',
  submit: PauseAdapters.button("button.share-actions__primary-action"),
  enterPosts: false,
  modEnterPosts: false,
});
