// Runs on the Pause app's own /pair page (http://127.0.0.1 or localhost). When the user has
// pressed "Allow", the answer page carries the new secret in <output id="pause-pairing">:
// hand it to the background (which checks that this extension opened this pairing) and take
// the element out of the page.
"use strict";

(function () {
  if (location.pathname !== "/pair") return;
  var out = document.getElementById("pause-pairing");
  if (!out || out.tagName !== "OUTPUT") return;
  var origin = out.getAttribute("data-origin");
  var secret = out.getAttribute("data-secret");
  out.remove();
  chrome.runtime.sendMessage({ type: "pair-found", origin: origin, secret: secret }).then(function (reply) {
    var note = document.createElement("p");
    note.id = "pause-extension-paired";
    note.setAttribute("role", "status");
    note.textContent = reply && reply.state === "ok"
      ? "The Pause extension saved this pairing."
      : "The Pause extension did not save this pairing: " + ((reply && reply.message) || "unknown error");
    (document.querySelector("main") || document.body).append(note);
  });
})();
