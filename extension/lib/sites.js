// The sites Pause can watch. One adapter file per site (extension/adapters/), so a change in
// a site's markup is a one-file fix. `matches` are the host permissions asked for when the
// user turns a site on (optional: nothing is granted at install).
"use strict";

var PAUSE_SITES = [
  { id: "x", name: "X", platform: "x", matches: ["https://x.com/*", "https://twitter.com/*"] },
  { id: "facebook", name: "Facebook", platform: "facebook", matches: ["https://www.facebook.com/*"] },
  { id: "linkedin", name: "LinkedIn", platform: "linkedin", matches: ["https://www.linkedin.com/*"] },
  { id: "instagram", name: "Instagram", platform: "instagram", matches: ["https://www.instagram.com/*"] },
  { id: "threads", name: "Threads", platform: "threads", matches: ["https://www.threads.net/*", "https://www.threads.com/*"] },
  { id: "bluesky", name: "Bluesky", platform: "bluesky", matches: ["https://bsky.app/*"] },
  // Reddit is not one of Pause's platforms yet: its drafts are checked with no platform.
  { id: "reddit", name: "Reddit", platform: null, matches: ["https://www.reddit.com/*"] },
  // Mastodon: mastodon.social by default, plus every server the user adds in the options.
  { id: "mastodon", name: "Mastodon", platform: "mastodon", matches: ["https://mastodon.social/*"] },
];

var PAUSE_DEFAULTS = {
  app: "http://127.0.0.1:8765",
  sites: ["x", "facebook", "linkedin", "instagram", "threads", "bluesky", "reddit", "mastodon"],
  mastodonServers: [],
  pauseOn: "revise", // "revise": stop on revise and hold; "hold": stop on hold only
};

// "https://social.example/" or "social.example" -> "https://social.example/*", or null.
function pauseServerPattern(text) {
  var s = String(text || "").trim();
  if (!s) return null;
  if (!/^https:\/\//i.test(s)) s = "https://" + s;
  try {
    var u = new URL(s);
    if (u.protocol !== "https:" || !u.hostname || u.username || u.password) return null;
    if (!/^[a-z0-9.-]+$/i.test(u.hostname) || u.hostname.indexOf(".") < 0) return null;
    return "https://" + u.hostname.toLowerCase() + "/*";
  } catch (e) {
    return null;
  }
}

// Every site's match patterns, Mastodon's including the servers the user added.
function pauseSiteMatches(site, settings) {
  if (site.id !== "mastodon") return site.matches.slice();
  var extra = (settings.mastodonServers || []).map(pauseServerPattern).filter(Boolean);
  return site.matches.concat(extra.filter(function (m) { return site.matches.indexOf(m) < 0; }));
}

// The app address must be this machine: the draft never leaves it.
function pauseAppAddress(text) {
  try {
    var u = new URL(String(text || "").trim());
    if (u.protocol !== "http:" || (u.hostname !== "127.0.0.1" && u.hostname !== "localhost")) return null;
    if (u.pathname !== "/" || u.search || u.hash || u.username || u.password) return null;
    return u.origin;
  } catch (e) {
    return null;
  }
}
