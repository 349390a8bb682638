// Options: the app's address, the sites to watch (each asks for its host permission when
// turned on), Mastodon servers, when to stop Post, and the one-click pairing.
"use strict";

var form = document.getElementById("options");
var STATUS = {
  ok: "Paired: Pause checks your drafts.",
  down: "The Pause app is not running at this address. Start it with “pausepost serve”.",
  unpaired: "Not paired yet: press “Pair with Pause”.",
};

function siteBox(site, on) {
  var label = document.createElement("label");
  var box = document.createElement("input");
  box.type = "checkbox";
  box.name = "site";
  box.value = site.id;
  box.checked = on;
  label.append(box, " " + site.name);
  var wrap = document.createElement("div");
  wrap.append(label);
  return wrap;
}

async function load() {
  var got = await chrome.storage.local.get(["settings"]);
  var s = Object.assign({}, PAUSE_DEFAULTS, got.settings || {});
  form.app.value = s.app;
  form.mastodon.value = (s.mastodonServers || []).join("\n");
  form.querySelector('input[name=pauseOn][value="' + (s.pauseOn === "hold" ? "hold" : "revise") + '"]').checked = true;
  var sites = document.getElementById("sites");
  PAUSE_SITES.forEach(function (site) { sites.append(siteBox(site, s.sites.indexOf(site.id) >= 0)); });
  refreshStatus();
}

async function refreshStatus() {
  var el = document.getElementById("status");
  var r = await chrome.runtime.sendMessage({ type: "status" });
  el.dataset.state = r.state;
  el.textContent = STATUS[r.state] || r.message || "Pause could not be reached.";
}

function readForm() {
  var servers = form.mastodon.value.split(/\s+/).filter(Boolean);
  return {
    app: pauseAppAddress(form.app.value),
    sites: Array.prototype.filter.call(form.querySelectorAll("input[name=site]"), function (b) { return b.checked; })
      .map(function (b) { return b.value; }),
    mastodonServers: servers,
    badServers: servers.filter(function (s) { return !pauseServerPattern(s); }),
    pauseOn: form.querySelector("input[name=pauseOn]:checked").value,
  };
}

form.addEventListener("submit", function (e) {
  e.preventDefault();
  var s = readForm();
  var saved = document.getElementById("saved");
  if (!s.app) { saved.textContent = "The app address must be http://127.0.0.1:<port> or http://localhost:<port>."; return; }
  if (s.badServers.length) { saved.textContent = "Not a server address: " + s.badServers.join(", "); return; }
  var origins = [];
  PAUSE_SITES.forEach(function (site) {
    if (s.sites.indexOf(site.id) >= 0) origins = origins.concat(pauseSiteMatches(site, s));
  });
  // Asked here, in the click, as browsers require; sites the user refuses stay off.
  chrome.permissions.request({ origins: origins }).catch(function () { return false; }).then(function (granted) {
    delete s.badServers;
    return chrome.storage.local.set({ settings: s }).then(function () {
      saved.textContent = granted ? "Saved." : "Saved. Your browser did not allow every site: those stay off.";
      refreshStatus();
    });
  });
});

document.getElementById("pair").addEventListener("click", async function () {
  var r = await chrome.runtime.sendMessage({ type: "pair-start" });
  if (r.state !== "ok") document.getElementById("status").textContent = r.message;
});

// Back from the pairing tab: show the new state.
document.addEventListener("visibilitychange", function () { if (!document.hidden) refreshStatus(); });
chrome.storage.onChanged.addListener(function (ch, area) { if (area === "local" && ch.pairing) refreshStatus(); });

load();
