// Shared by the replica pages: records what the "platform" receives when its own submit
// handler runs (the page's main world; the extension cannot see or fake this array).
window.__posted = [];
window.__postedPictures = []; // how many pictures went with each post
(function () {
  var composer = document.querySelector("[data-replica-composer]");
  function text() {
    return composer.tagName === "TEXTAREA" ? composer.value : composer.innerText.replace(/\n+$/, "");
  }
  // Attaching pictures, the ways sites show them (data-replica-preview): an <img src="blob:">
  // preview (=blob: X, LinkedIn, Instagram, Threads, Bluesky, Reddit), only the file's name
  // (=none: Facebook's replica), or a thumbnail drawn as a CSS background (=background:
  // Mastodon, of its uploaded copy; here of the blob), which is no <img>. All clear the file
  // input once they have read it, so without an <img> preview the extension has only the
  // files it kept from the input's change event.
  var file = document.querySelector("[data-replica-file]");
  var strip = document.querySelector("[data-replica-attachments]");
  var attached = 0;
  if (file) {
    file.addEventListener("change", function () {
      Array.prototype.forEach.call(file.files, function (f) {
        var how = file.dataset.replicaPreview;
        var shown = document.createElement(how === "blob" ? "img" : how === "background" ? "div" : "span");
        if (how === "blob") { shown.src = URL.createObjectURL(f); shown.alt = ""; shown.width = 80; }
        else if (how === "background") {
          shown.className = "compose-form__upload-thumbnail";
          shown.style.cssText = "width: 80px; height: 80px; background-size: cover";
          shown.style.backgroundImage = "url(" + URL.createObjectURL(f) + ")";
        } else shown.textContent = f.name;
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
