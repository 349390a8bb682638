// The pictures attached in a composer, read as bytes for the check at Post time. Sites show
// an attached picture as a preview <img src="blob:..."> (read back with fetch: same page,
// same blob), or keep it only in their <input type=file>, which many clear as soon as they
// have read it: so the files are kept here from the input's change event (capture phase,
// before the site's handler). Bytes live only in memory for one check; nothing is stored.
"use strict";

var PausePictures = (function () {
  var MAX_PICTURES = 4;               // the app's limits (docs/web.md, "Pictures")
  var MAX_BYTES = 20 * 1024 * 1024;
  var PREVIEWS = 'img[src^="blob:"], img[src^="data:image/"]';
  var kept = new Map();               // input[type=file] -> [File], as last chosen

  window.addEventListener("change", function (e) {
    var input = e.target;
    if (!input || input.tagName !== "INPUT" || input.type !== "file") return;
    var files = Array.prototype.filter.call(input.files || [], isPicture);
    if (files.length) kept.set(input, files);
    else kept.delete(input);
  }, true);

  function isPicture(file) {
    return !file.type || file.type.indexOf("image/") === 0;
  }

  // Where a composer's attachments live: its form or dialog, else the page.
  function scopeOf(ed, adapter) {
    return (ed && ed.closest(adapter.pictureScope || "form, [role='dialog']")) || document;
  }

  function previews(scope, adapter) {
    return Array.prototype.filter.call(scope.querySelectorAll(adapter.pictures || PREVIEWS), function (img) {
      var src = img.currentSrc || img.src || "";
      return src.indexOf("blob:") === 0 || src.indexOf("data:image/") === 0;
    });
  }

  // Each file input's pictures: what it holds now, else what it held when last changed.
  function inputFiles(scope) {
    kept.forEach(function (list, input) { if (!input.isConnected) kept.delete(input); });
    var files = [];
    Array.prototype.forEach.call(scope.querySelectorAll('input[type="file"]'), function (input) {
      var now = Array.prototype.filter.call(input.files || [], isPicture);
      files = files.concat(now.length ? now : kept.get(input) || []);
    });
    return files;
  }

  // The previews when the site shows any (they follow what is attached now), else the files
  // kept from the file inputs. Returns [{el} | {file}].
  function found(ed, adapter) {
    var scope = scopeOf(ed, adapter);
    var imgs = previews(scope, adapter);
    if (imgs.length) return imgs.map(function (img) { return { el: img }; });
    return inputFiles(scope).map(function (f) { return { file: f }; });
  }

  function present(ed, adapter) {
    return found(ed, adapter).length > 0;
  }

  // The bytes as base64, through a FileReader of the content script's own: in Firefox the
  // page's File (and the promise of its arrayBuffer()) cannot be touched from here.
  function base64(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).slice(String(reader.result).indexOf(",") + 1)); };
      reader.onerror = function () { reject(reader.error || new Error("it could not be read")); };
      reader.readAsDataURL(blob);
    });
  }

  async function read(item, index) {
    var blob = item.file;
    if (!blob) {
      var res = await fetch(item.el.currentSrc || item.el.src);
      if (!res.ok) throw new Error("its preview could not be read");
      blob = await res.blob();
    }
    var name = (item.file && item.file.name) || (item.el && item.el.getAttribute("alt")) || "picture " + (index + 1);
    if (blob.size > MAX_BYTES) throw new Error(name + " is over the 20 MB Pause checks");
    return { name: name.slice(0, 120), type: blob.type || "", data: await base64(blob) };
  }

  // {pictures: [{name, type, data: base64}], problem: string | null}; a problem means the
  // draft must not go through unchecked.
  async function collect(ed, adapter) {
    var items = found(ed, adapter);
    if (items.length > MAX_PICTURES) {
      return { pictures: [], problem: items.length + " pictures are attached; Pause checks at most " + MAX_PICTURES + " at once." };
    }
    try {
      return { pictures: await Promise.all(items.map(read)), problem: null };
    } catch (e) {
      return { pictures: [], problem: "The picture could not be read (" + String((e && e.message) || e) + ")." };
    }
  }

  // After a post went through: the files chosen for it are not attached any more.
  function forget(ed, adapter) {
    var scope = scopeOf(ed, adapter);
    kept.forEach(function (list, input) {
      if (scope === document || scope.contains(input)) kept.delete(input);
    });
  }

  return { present: present, collect: collect, forget: forget };
})();
