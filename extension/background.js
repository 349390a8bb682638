// Pause's background: the only part that talks to the Pause app on this machine. Content
// scripts hand it a draft, it asks the app and answers; nothing is stored but the settings
// and the pairing secret. A service worker in Chromium, an event page in Firefox.
"use strict";

if (typeof importScripts === "function") importScripts("lib/sites.js");

var TIMEOUT_MS = 8000;
var PICTURE_MS = 5000; // more time per picture: reading its text takes about a second
var PAIR_WINDOW_MS = 10 * 60 * 1000;
var SECRET = /^[0-9a-f]{64}$/;

function ownOrigin() {
  return new URL(chrome.runtime.getURL("/")).origin;
}

function browserName() {
  return ownOrigin().indexOf("moz-extension:") === 0 ? "Firefox" : "Chromium";
}

// The pending pairing lives in session storage where there is one (gone when the browser
// closes), else in local storage; either way it holds only the app's address and a time.
var pendingArea = chrome.storage.session || chrome.storage.local;

async function getSettings() {
  var got = await chrome.storage.local.get(["settings"]);
  return Object.assign({}, PAUSE_DEFAULTS, got.settings || {});
}

async function getPairing() {
  var got = await chrome.storage.local.get(["pairing"]);
  return got.pairing || null;
}

// One call to the app. Answers {state: "ok", body} | "down" | "unpaired" | "error".
// `body`: JSON, or FormData (a check with pictures, sent as multipart/form-data).
async function callApp(method, path, body, extraMs) {
  var settings = await getSettings();
  var app = pauseAppAddress(settings.app);
  if (!app) return { state: "error", message: "The app address in Pause's options is not on this machine." };
  var pairing = await getPairing();
  if (!pairing || pairing.app !== app || pairing.origin !== ownOrigin()) return { state: "unpaired", app: app };
  var ctl = new AbortController();
  var timer = setTimeout(function () { ctl.abort(); }, TIMEOUT_MS + (extraMs || 0));
  var form = typeof FormData !== "undefined" && body instanceof FormData;
  var res;
  try {
    res = await fetch(app + path, {
      method: method,
      headers: Object.assign({ Authorization: "Pause " + pairing.secret },
        body === undefined || form ? {} : { "Content-Type": "application/json" }),
      body: body === undefined || form ? body : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
      redirect: "error",
      signal: ctl.signal,
    });
  } catch (e) {
    return { state: "down", app: app };
  } finally {
    clearTimeout(timer);
  }
  var data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (res.status === 403) return { state: "unpaired", app: app };
  if (!res.ok) {
    var msg = data && typeof data.error === "string" ? data.error : "Pause answered " + res.status + ".";
    return { state: "error", app: app, message: msg };
  }
  return { state: "ok", app: app, body: data };
}

// The pictures attached in the composer come from the content script as base64; they go
// to the app as `image` file parts and are never kept.
function pictureForm(msg) {
  var form = new FormData();
  form.append("text", msg.text);
  if (msg.platform) form.append("platform", msg.platform);
  msg.images.forEach(function (pic) {
    var raw = atob(pic.data);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    form.append("image", new Blob([bytes], { type: pic.type || "application/octet-stream" }), pic.name);
  });
  return form;
}

async function check(msg) {
  var body = { text: msg.text };
  if (msg.platform) body.platform = msg.platform;
  var pictures = Array.isArray(msg.images) ? msg.images.length : 0;
  var r = pictures
    ? await callApp("POST", "/api/v1/check", pictureForm(msg), pictures * PICTURE_MS)
    : await callApp("POST", "/api/v1/check", body);
  if (r.state === "ok") return { state: "ok", result: r.body };
  return r;
}

async function journal(msg) {
  var body = { text: msg.text, decision: msg.decision };
  if (msg.platform) body.platform = msg.platform;
  var r = await callApp("POST", "/api/v1/journal", body);
  return { state: r.state, message: r.message };
}

async function startPairing() {
  var settings = await getSettings();
  var app = pauseAppAddress(settings.app);
  if (!app) return { state: "error", message: "Set the app address to http://127.0.0.1:<port> first." };
  await pendingArea.set({ pendingPair: { app: app, at: Date.now() } });
  var url = app + "/pair?origin=" + encodeURIComponent(ownOrigin()) + "&name=" + encodeURIComponent(browserName());
  await chrome.tabs.create({ url: url });
  return { state: "ok" };
}

// The /pair page's content script found the secret. Only accept it from the app address
// that this extension itself opened a pairing tab for, in the last ten minutes: any other
// local page could otherwise make the extension send drafts to it.
async function finishPairing(msg, sender) {
  var got = await pendingArea.get(["pendingPair"]);
  var pending = got.pendingPair;
  var from;
  try { from = new URL(sender.url); } catch (e) { return { state: "error", message: "no sender" }; }
  if (!pending || Date.now() - pending.at > PAIR_WINDOW_MS || from.origin !== pending.app || from.pathname !== "/pair") {
    return { state: "error", message: "Pause did not ask this page to pair." };
  }
  if (msg.origin !== ownOrigin() || !SECRET.test(String(msg.secret))) {
    return { state: "error", message: "This pairing is for another extension." };
  }
  await chrome.storage.local.set({ pairing: { app: pending.app, origin: msg.origin, secret: msg.secret } });
  await pendingArea.remove("pendingPair");
  return { state: "ok" };
}

async function status() {
  var r = await callApp("GET", "/api/v1/pairing");
  return { state: r.state, app: r.app, message: r.message };
}

// Content scripts run only on the sites the user turned on AND granted: registered here,
// again whenever the settings or the granted permissions change.
async function syncContentScripts() {
  var settings = await getSettings();
  var old = await chrome.scripting.getRegisteredContentScripts();
  var ids = old.map(function (s) { return s.id; }).filter(function (id) { return id.indexOf("pause-") === 0; });
  if (ids.length) await chrome.scripting.unregisterContentScripts({ ids: ids });
  var scripts = [];
  for (var i = 0; i < PAUSE_SITES.length; i++) {
    var site = PAUSE_SITES[i];
    if (settings.sites.indexOf(site.id) < 0) continue;
    var granted = [];
    var matches = pauseSiteMatches(site, settings);
    for (var j = 0; j < matches.length; j++) {
      if (await chrome.permissions.contains({ origins: [matches[j]] })) granted.push(matches[j]);
    }
    if (!granted.length) continue;
    scripts.push({
      id: "pause-" + site.id,
      matches: granted,
      js: ["lib/sites.js", "content/registry.js", "adapters/" + site.id + ".js", "content/panel.js",
        "content/pictures.js", "content/core.js"],
      runAt: "document_idle",
      persistAcrossSessions: false,
    });
  }
  if (scripts.length) await chrome.scripting.registerContentScripts(scripts);
  return scripts.map(function (s) { return s.id; });
}

var syncing = Promise.resolve();
function resync() {
  syncing = syncing.then(syncContentScripts, syncContentScripts);
  return syncing;
}

chrome.runtime.onInstalled.addListener(resync);
chrome.runtime.onStartup.addListener(resync);
chrome.permissions.onAdded.addListener(resync);
chrome.permissions.onRemoved.addListener(resync);
chrome.storage.onChanged.addListener(function (changes, area) {
  if (area === "local" && changes.settings) resync();
});

var HANDLERS = {
  check: check,
  journal: journal,
  status: status,
  "pair-start": startPairing,
  "pair-found": finishPairing,
  sync: resync,
};

chrome.runtime.onMessage.addListener(function (msg, sender, sendResponse) {
  var handler = msg && HANDLERS[msg.type];
  if (!handler || sender.id !== chrome.runtime.id) return false;
  Promise.resolve(handler(msg, sender)).then(sendResponse, function (e) {
    sendResponse({ state: "error", message: String((e && e.message) || e) });
  });
  return true;
});

// The toolbar button opens the options (pairing, sites, when to pause).
if (chrome.action && chrome.action.onClicked) {
  chrome.action.onClicked.addListener(function () { chrome.runtime.openOptionsPage(); });
}
