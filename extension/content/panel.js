// The panel shown when Pause stops a Post: in a closed shadow root so the page's CSS and
// scripts cannot reach it; a modal dialog with focus trapped inside and Escape = Cancel.
"use strict";

var PausePanel = (function () {
  // Tests of an unpacked copy open the shadow root to look inside; the extension ships closed.
  var SHADOW_MODE = "closed";

  var CSS = [
    ":host { all: initial; }",
    ".backdrop { position: fixed; inset: 0; background: rgba(0,0,0,.45); z-index: 2147483647;",
    "  display: flex; align-items: center; justify-content: center; font: 15px/1.45 system-ui, sans-serif; }",
    ".dialog { background: #fff; color: #1d1d1f; max-width: 36rem; width: calc(100% - 2rem);",
    "  max-height: calc(100% - 2rem); overflow: auto; border-radius: 10px; padding: 1.2rem 1.4rem;",
    "  box-shadow: 0 10px 40px rgba(0,0,0,.3); }",
    "h2 { font-size: 1.15rem; margin: 0 0 .5rem; }",
    "h3 { font-size: .95rem; margin: 1rem 0 .3rem; }",
    ".draft, .rewrite { white-space: pre-wrap; background: #f5f5f7; padding: .6rem .7rem; border-radius: 6px; margin: 0; }",
    "mark { background: #ffe08a; color: #1d1d1f; border-bottom: 2px solid #8a5a00; }",
    "ul { margin: .2rem 0; padding-left: 1.2rem; }",
    ".rules, .pic-facts { color: #4a4a4f; }",
    ".pic { margin: .3rem 0; } .pic-text { font-style: italic; white-space: pre-wrap; }",
    ".actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1.1rem; }",
    "button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid #5a5a60;",
    "  background: #fff; color: #1d1d1f; cursor: pointer; }",
    "button.primary { background: #1f5f3f; border-color: #1f5f3f; color: #fff; }",
    "button:focus-visible { outline: 3px solid #1a56c4; outline-offset: 2px; }",
    ".sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }",
  ].join("\n");

  var VERDICT_TEXT = {
    hold: "Hold: Pause suggests not posting this as it is.",
    revise: "Revise: Pause suggests changing this before it is posted.",
  };

  var host = null;
  var lastFocus = null;

  var PICTURE_VERDICT = { hold: "hold", revise: "revise", post: "looks fine" };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.append(c);
    });
    return e;
  }

  // The draft with its flagged spans marked. Offsets are code points, hence Array.from.
  function highlighted(text, spans) {
    var chars = Array.from(text);
    var out = el("p", { class: "draft", id: "pause-draft" });
    var at = 0;
    (spans || []).slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (s) {
      if (s.start < at || s.end <= s.start || s.end > chars.length) return;
      out.append(chars.slice(at, s.start).join(""));
      var label = s.label ? " (flagged: " + String(s.label).toLowerCase() + ")" : " (flagged)";
      out.append(el("mark", {}, [chars.slice(s.start, s.end).join(""), el("span", { class: "sr" }, [label])]));
      at = s.end;
    });
    out.append(chars.slice(at).join(""));
    return out;
  }

  // Each picture the check covered: what it is, faces, GPS, the text read, and why it was
  // flagged (the flagged words quoted), as the app's compose page shows them.
  // A preview has no file name: the content script calls it "picture N", which says nothing.
  function named(img) {
    return img.name && img.name !== "picture " + (img.index + 1);
  }

  function pictures(images) {
    return el("ul", { id: "pause-pictures" }, images.map(function (img) {
      var meta = img.metadata || {};
      var facts = [img.kind_plain || img.kind, img.faces_summary];
      if (meta.latitude !== null && meta.latitude !== undefined) facts.push("GPS position in the file: " + meta.summary);
      var why = [];
      (img.findings || []).forEach(function (f) {
        var said = f.text ? "\u201c" + f.text + "\u201d: " + (f.why || "flagged") : f.why || "flagged";
        if (why.indexOf(said) < 0) why.push(said);
      });
      var text = (img.text || "").replace(/\s+/g, " ").trim();
      if (text.length > 200) text = text.slice(0, 200) + "…";
      return el("li", { class: "pic", "data-verdict": img.verdict }, [
        el("strong", {}, ["Picture " + (img.index + 1) + (named(img) ? " (" + img.name + ")" : "") + ": " +
          (PICTURE_VERDICT[img.verdict] || img.verdict)]),
        el("div", { class: "pic-facts" }, [facts.filter(Boolean).join("; ")]),
        text ? el("div", { class: "pic-text" }, ["Text read: \u201c" + text + "\u201d"]) : null,
        why.length ? el("ul", { class: "pic-reasons" }, why.map(function (w) { return el("li", {}, [w]); })) : null,
      ]);
    }));
  }

  function focusables(root) {
    return Array.prototype.slice.call(root.querySelectorAll("button, [href], [tabindex]:not([tabindex='-1'])"));
  }

  function close() {
    if (host) host.remove();
    host = null;
    if (lastFocus && lastFocus.isConnected) lastFocus.focus();
    lastFocus = null;
  }

  // opts: {text, result | null, notice: {title, body} | null, onUse, onPost, onPrivate, onCancel}
  function open(opts) {
    close();
    lastFocus = document.activeElement;
    host = document.createElement("pause-panel");
    var root = host.attachShadow({ mode: SHADOW_MODE });
    var style = document.createElement("style");
    style.textContent = CSS;
    var body = [];
    var buttons = [];
    var title;
    function act(label, cls, fn) {
      var b = el("button", { type: "button", class: cls || "" }, [label]);
      b.addEventListener("click", function () { close(); if (fn) fn(); });
      buttons.push(b);
      return b;
    }
    if (opts.result) {
      var r = opts.result;
      title = "Pause before you post";
      body.push(el("p", { id: "pause-summary" }, [VERDICT_TEXT[r.verdict] || r.verdict]));
      body.push(el("h3", {}, ["Your draft"]), highlighted(opts.text, r.spans));
      if (r.reasons && r.reasons.length) {
        body.push(el("h3", {}, ["Why"]), el("ul", { id: "pause-reasons" }, r.reasons.map(function (x) {
          var rules = x.rules && x.rules.length ? el("span", { class: "rules" }, [" (" + x.rules.join("; ") + ")"]) : null;
          return el("li", {}, [x.message, rules]);
        })));
      }
      if (r.images && r.images.length) body.push(el("h3", {}, ["Pictures"]), pictures(r.images));
      if (r.questions && r.questions.length) {
        body.push(el("h3", {}, ["Ask yourself"]), el("ul", { id: "pause-questions" }, r.questions.map(function (q) {
          return el("li", {}, [q.text]);
        })));
      }
      if (r.rewrite) {
        body.push(el("h3", {}, ["A safer version"]), el("p", { class: "rewrite", id: "pause-rewrite" }, [r.rewrite]));
        act("Use this", "primary", opts.onUse);
      }
      act("Post anyway", "", opts.onPost);
      act("Keep it private", "", opts.onPrivate);
    } else {
      title = opts.notice.title;
      body.push(el("p", { id: "pause-summary" }, [opts.notice.body]));
      act("Post anyway", "", opts.onPost);
    }
    act("Cancel", "", opts.onCancel);
    var dialog = el("div", { role: "dialog", "aria-modal": "true", "aria-labelledby": "pause-title",
      "aria-describedby": "pause-summary", class: "dialog", "data-pause": opts.result ? opts.result.verdict : "unchecked" },
      [el("h2", { id: "pause-title" }, [title])].concat(body, [el("div", { class: "actions" }, buttons)]));
    var backdrop = el("div", { class: "backdrop" }, [dialog]);
    // A click beside the dialog must not move focus out of it to the page.
    backdrop.addEventListener("mousedown", function (e) { if (e.target === backdrop) e.preventDefault(); });
    root.append(style, backdrop);
    // Keys stay inside the panel: Tab cycles its buttons, Escape cancels, and the page's
    // own shortcuts never see them.
    root.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault(); e.stopPropagation(); close(); if (opts.onCancel) opts.onCancel();
      } else if (e.key === "Tab") {
        var items = focusables(root);
        var i = items.indexOf(root.activeElement);
        var next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : (i < 0 || i === items.length - 1 ? 0 : i + 1);
        e.preventDefault(); items[next].focus();
      }
      e.stopPropagation();
    });
    ["keyup", "keypress", "input", "click", "mousedown", "focusin"].forEach(function (t) {
      root.addEventListener(t, function (e) { e.stopPropagation(); });
    });
    document.documentElement.append(host);
    buttons[0].focus();
    return host;
  }

  return { open: open, close: close, get isOpen() { return host !== null; }, SHADOW_MODE: SHADOW_MODE };
})();
