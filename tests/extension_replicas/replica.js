// Shared by the replica pages: records what the "platform" receives when its own submit
// handler runs (the page's main world; the extension cannot see or fake this array).
window.__posted = [];
window.__postedPictures = []; // how many pictures went with each post
(function () {
  var composer = document.querySelector("[data-replica-composer]");
  function text() {
    return composer.tagName === "TEXTAREA" ? composer.value : composer.innerText.replace(/\n+$/, "");
  }
  // Attaching pictures, two ways sites do it: X shows blob: previews (data-replica-preview=
  // blob); the Facebook replica shows only their names (=none). Both clear the file input
  // once they have read it, so without a preview the extension has only the files it kept
  // from the input's change event.
  var file = document.querySelector("[data-replica-file]");
  var strip = document.querySelector("[data-replica-attachments]");
  var attached = 0;
  if (file) {
    file.addEventListener("change", function () {
      Array.prototype.forEach.call(file.files, function (f) {
        var shown = file.dataset.replicaPreview === "blob" ? document.createElement("img") : document.createElement("span");
        if (shown.tagName === "IMG") { shown.src = URL.createObjectURL(f); shown.alt = ""; shown.width = 80; }
        else shown.textContent = f.name;
        strip.append(shown);
      });
      attached = strip.children.length;
      file.value = "";
    });
  }
  function post(e) {
    if (e) e.preventDefault();
    window.__posted.push(text());
    window.__postedPictures.push(attached);
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
