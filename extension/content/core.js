// Watches the site's composer: a quiet verdict badge while typing, and a stop at Post when
// the verdict is revise or hold (or when Pause could not check the draft). The draft goes
// only to the extension's background, which sends it to the Pause app on this machine.
"use strict";

(function () {
  var adapter = PauseAdapters.current;
  if (!adapter || window.__pauseWatching) return;
  window.__pauseWatching = true;

  var DEBOUNCE_MS = 600;
  var settings = Object.assign({}, PAUSE_DEFAULTS);
  var editor = null;      // the composer last typed in
  var last = null;        // {text, promise, reply}: the latest check
  var timer = null;
  var bypass = false;     // true while we replay a Post the user chose to let through

  chrome.storage.local.get(["settings"]).then(function (got) {
    settings = Object.assign({}, PAUSE_DEFAULTS, got.settings || {});
  });
  chrome.storage.onChanged.addListener(function (ch, area) {
    if (area === "local" && ch.settings) settings = Object.assign({}, PAUSE_DEFAULTS, ch.settings.newValue || {});
  });

  // -- the composer ----------------------------------------------------------------------

  function composerIn(e) {
    var path = e.composedPath ? e.composedPath() : [e.target];
    for (var i = 0; i < path.length; i++) {
      if (path[i].nodeType === 1 && path[i].matches(adapter.composer)) return path[i];
    }
    return null;
  }

  function readText(ed) {
    var t = ed.tagName === "TEXTAREA" || ed.tagName === "INPUT" ? ed.value : ed.innerText;
    return t.replace(/\n+$/, "");
  }

  // Put text into the composer so that the site's own editor sees the change.
  function writeText(ed, text) {
    ed.focus();
    if (ed.tagName === "TEXTAREA" || ed.tagName === "INPUT") {
      var proto = ed.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, "value").set.call(ed, text);
      ed.dispatchEvent(new Event("input", { bubbles: true }));
      ed.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    var sel = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(ed);
    sel.removeAllRanges();
    sel.addRange(range);
    if (!document.execCommand("insertText", false, text) || readText(ed) !== text) {
      // Editors that refuse execCommand: the beforeinput/input sequence they listen to.
      var data = { inputType: "insertReplacementText", data: text, bubbles: true, cancelable: true };
      if (ed.dispatchEvent(new InputEvent("beforeinput", data))) ed.textContent = text;
      ed.dispatchEvent(new InputEvent("input", data));
    }
  }

  // The composer a Post button belongs to: the one typed in, else the nearest one.
  function composerFor(btn) {
    if (editor && editor.isConnected) return editor;
    var scope = btn.closest("form, [role='dialog']") || document;
    return scope.querySelector(adapter.composer) || document.querySelector(adapter.composer);
  }

  // -- checks ------------------------------------------------------------------------------

  function ask(text) {
    if (last && last.text === text && (!last.reply || last.reply.state === "ok")) return last.promise;
    var entry = { text: text, reply: null };
    entry.promise = chrome.runtime.sendMessage({ type: "check", text: text, platform: adapter.platform })
      .catch(function () { return { state: "error", message: "The Pause extension was updated: reload this page." }; })
      .then(function (reply) { entry.reply = reply; return reply; });
    last = entry;
    return entry.promise;
  }

  // The check at Post time with the pictures attached in the composer: never cached (they
  // can change without the text changing), and a picture that cannot be read is a notice.
  function askWithPictures(ed, text) {
    return PausePictures.collect(ed, adapter).then(function (got) {
      if (got.problem) return { state: "error", message: got.problem };
      return chrome.runtime.sendMessage({ type: "check", text: text, platform: adapter.platform, images: got.pictures })
        .catch(function (e) {
          return { state: "error", message: "The picture could not be handed to Pause (" + String((e && e.message) || e) + "); reload this page." };
        });
    }).then(function (reply) { reply.pictures = true; return reply; });
  }

  function stops(verdict) {
    return verdict === "hold" || (verdict === "revise" && settings.pauseOn !== "hold");
  }

  // -- the badge -------------------------------------------------------------------------

  var badgeHost = null;
  var badge = null;

  var BADGE = {
    checking: "Pause: checking…",
    post: "Pause: looks fine",
    revise: "Pause: revise before posting",
    hold: "Pause: hold, press Post to see why",
    down: "Pause is not running: start it with “pausepost serve”",
    unpaired: "Pause is not paired: open the extension’s options and press “Pair with Pause”",
    error: "Pause could not check this draft",
  };

  function showBadge(state, title) {
    if (!badgeHost) {
      badgeHost = document.createElement("pause-badge");
      var root = badgeHost.attachShadow({ mode: PausePanel.SHADOW_MODE });
      var style = document.createElement("style");
      style.textContent = ":host{all:initial}" +
        "div{position:fixed;z-index:2147483646;font:12px/1.3 system-ui,sans-serif;padding:3px 8px;" +
        "border-radius:10px;background:#f5f5f7;color:#1d1d1f;border:1px solid #8e8e93;max-width:22rem;pointer-events:none}" +
        "div[data-state=hold]{background:#fde8e8;border-color:#a4262c}" +
        "div[data-state=revise]{background:#fff4d6;border-color:#8a5a00}" +
        "div[data-state=post]{background:#e6f4ea;border-color:#1f5f3f}";
      badge = document.createElement("div");
      badge.setAttribute("role", "status");
      badge.id = "pause-badge";
      root.append(style, badge);
      document.documentElement.append(badgeHost);
    }
    badge.dataset.state = state;
    badge.textContent = BADGE[state] || BADGE.error;
    badge.title = title || "";
    if (editor && editor.isConnected) {
      var r = editor.getBoundingClientRect();
      badge.style.top = Math.max(0, Math.min(window.innerHeight - 24, r.bottom + 4)) + "px";
      badge.style.left = Math.max(0, r.left) + "px";
    }
  }

  function badgeFor(reply) {
    if (reply.state === "ok") showBadge(reply.result.verdict);
    else showBadge(reply.state, reply.message);
  }

  function onInput(e) {
    var ed = composerIn(e);
    if (!ed) return;
    editor = ed;
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = readText(ed);
      if (!text.trim()) { if (badgeHost) badgeHost.remove(); badgeHost = null; return; }
      showBadge("checking");
      ask(text).then(function (reply) { if (readText(ed) === text) badgeFor(reply); });
    }, DEBOUNCE_MS);
  }

  // -- stopping Post -------------------------------------------------------------------------

  function record(text, decision) {
    chrome.runtime.sendMessage({ type: "journal", text: text, platform: adapter.platform, decision: decision })
      .catch(function () {});
  }

  function notice(reply) {
    var how = {
      down: "Start the Pause app (run “pausepost serve”), then press Post again.",
      unpaired: "Open the Pause extension’s options and press “Pair with Pause”, then press Post again.",
    }[reply.state] || (reply.message || "Something went wrong.") + " You can post without a check, or cancel.";
    var what = reply.pictures && reply.state === "error" ? "the attached picture" : "this draft";
    return { title: "Pause could not check " + what, body: how };
  }

  function decide(ed, text, reply, replay) {
    if (reply.state === "ok" && !stops(reply.result.verdict)) { replay(); return; }
    if (reply.state !== "ok") badgeFor(reply);
    PausePanel.open({
      text: text,
      result: reply.state === "ok" ? reply.result : null,
      notice: reply.state === "ok" ? null : notice(reply),
      onUse: function () {
        record(text, "post_rewrite");
        writeText(ed, reply.result.rewrite);
        last = null;
        onInput({ target: ed, composedPath: function () { return [ed]; } });
      },
      onPost: function () { if (reply.state === "ok") record(text, "post"); replay(); },
      onPrivate: function () { record(text, "keep_private"); },
      onCancel: function () { if (ed.isConnected) ed.focus(); },
    });
  }

  // Called in the capture phase, before the site's handlers. A draft already checked as
  // "post" goes through untouched; anything else waits for the verdict.
  function intercept(e, ed, replay) {
    var text = readText(ed);
    var pictures = PausePictures.present(ed, adapter);
    if (!text.trim() && !pictures) return;
    if (!pictures && last && last.text === text && last.reply && last.reply.state === "ok" && !stops(last.reply.result.verdict)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (PausePanel.isOpen) return;
    editor = ed;
    showBadge("checking");
    var go = pictures ? function () { PausePictures.forget(ed, adapter); replay(); } : replay;
    (pictures ? askWithPictures(ed, text) : ask(text)).then(function (reply) { badgeFor(reply); decide(ed, text, reply, go); });
  }

  function withBypass(fn) {
    bypass = true;
    try { fn(); } finally { bypass = false; }
  }

  function onClick(e) {
    if (bypass || !e.isTrusted) return;
    var path = e.composedPath();
    var btn = null;
    for (var i = 0; i < path.length && !btn; i++) if (path[i].nodeType === 1) btn = adapter.submit(path[i]);
    if (!btn) return;
    var ed = composerFor(btn);
    if (!ed) return;
    intercept(e, ed, function () { withBypass(function () { btn.click(); }); });
  }

  function onKeydown(e) {
    if (bypass || !e.isTrusted || e.key !== "Enter" || e.isComposing) return;
    var ed = composerIn(e);
    if (!ed) return;
    var mod = e.ctrlKey || e.metaKey;
    if (!(mod ? adapter.modEnterPosts : adapter.enterPosts && !e.shiftKey && !e.altKey)) return;
    var target = e.target;
    var init = { key: e.key, code: e.code, keyCode: 13, which: 13, ctrlKey: e.ctrlKey, metaKey: e.metaKey,
      shiftKey: e.shiftKey, altKey: e.altKey, bubbles: true, cancelable: true, composed: true };
    intercept(e, ed, function () {
      withBypass(function () { target.dispatchEvent(new KeyboardEvent("keydown", init)); });
    });
  }

  window.addEventListener("input", onInput, true);
  window.addEventListener("click", onClick, true);
  window.addEventListener("keydown", onKeydown, true);
})();
