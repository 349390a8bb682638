// Shared by the replica pages: records what the "platform" receives when its own submit
// handler runs (the page's main world; the extension cannot see or fake this array).
window.__posted = [];
(function () {
  var composer = document.querySelector("[data-replica-composer]");
  function text() {
    return composer.tagName === "TEXTAREA" ? composer.value : composer.innerText.replace(/\n+$/, "");
  }
  function post(e) {
    if (e) e.preventDefault();
    window.__posted.push(text());
  }
  var form = document.querySelector("form[data-replica-form]");
  if (form) form.addEventListener("submit", post);
  else document.querySelector("[data-replica-submit]").addEventListener("click", post);
  if (document.body.dataset.modEnter === "true") {
    composer.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) post(e);
    });
  }
})();
