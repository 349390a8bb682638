// Where a site's adapter registers itself. An adapter says how to find the composer and its
// Post button on that site, and which keys post; everything else is shared (content/core.js).
"use strict";

var PauseAdapters = (function () {
  var current = null;

  // A Post button found by selector, optionally only when its visible text is one of `texts`.
  function button(selector, texts) {
    return function (el) {
      var b = el.closest ? el.closest(selector) : null;
      if (!b || !texts) return b;
      var label = (b.getAttribute("aria-label") || b.textContent || "").trim().toLowerCase();
      return texts.indexOf(label) >= 0 ? b : null;
    };
  }

  return {
    button: button,
    // {id, platform, composer: selector, submit: function(el) -> button|null,
    //  enterPosts: Enter alone posts, modEnterPosts: Ctrl/Cmd+Enter posts,
    //  pictures: optional selector of attached pictures' previews (content/pictures.js)}
    register: function (adapter) { current = adapter; },
    get current() { return current; },
  };
})();
