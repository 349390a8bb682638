// Pause: progressive enhancement. Every form works without this script; with it the
// compose page checks as you type (debounced) through the local JSON API.
// Text is only ever inserted with textContent, never as HTML.
"use strict";

const DEBOUNCE_MS = 350;
const WORDS = { post: "Post: this reads fine", revise: "Revise before posting", hold: "Hold: don't post this as it is" };

function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined || kid === false) continue;
    node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return node;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({ ok: false, error: "unreadable answer", status: res.status }));
  if (!res.ok) throw Object.assign(new Error(data.error || "request failed"), { status: res.status });
  return data;
}

// A check with pictures: multipart/form-data, the browser writes the boundary.
async function apiForm(path, formData) {
  const res = await fetch(path, { method: "POST", body: formData });
  const data = await res.json().catch(() => ({ ok: false, error: "unreadable answer", status: res.status }));
  if (!res.ok) throw Object.assign(new Error(data.error || "request failed"), { status: res.status });
  return data;
}

async function copyText(text, statusNode) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = el("textarea", { class: "sr-only", "aria-hidden": "true" });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand("copy");
    ta.remove();
  }
  if (statusNode) statusNode.textContent = "Copied.";
}

// Offsets from the server count code points (Python); JS strings count UTF-16 units, so
// an emoji before a span would shift it. Slice arrays of code points instead.
const codePoints = (text) => Array.from(text);
const cpSlice = (cps, a, b) => cps.slice(a, b).join("");

// Split the draft at every span edge; each piece lists the findings covering it.
function segments(text, findings) {
  const cps = codePoints(text);
  const spans = findings.filter((f) => f.start !== null && f.end !== null);
  const cuts = [...new Set([0, cps.length, ...spans.flatMap((f) => [f.start, f.end])])].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const cover = spans.filter((f) => f.start <= a && b <= f.end);
    const last = out[out.length - 1];
    if (last && last.cover.length === cover.length && last.cover.every((f, j) => f === cover[j])) last.text += cpSlice(cps, a, b);
    else out.push({ text: cpSlice(cps, a, b), cover });
  }
  return out;
}

// Word-level diff (LCS over words and whitespace), like the server's difflib version.
function wordDiff(a, b) {
  const tok = (s) => s.match(/\s+|[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu) || [];
  const x = tok(a), y = tok(b);
  const n = x.length, m = y.length;
  if (n * m > 4e6) return [["del", a], ["ins", b]];
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    dp[i][j] = x[i] === y[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const ops = [];
  const push = (op, t) => { const l = ops[ops.length - 1]; if (l && l[0] === op) l[1] += t; else ops.push([op, t]); };
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) { push("same", x[i]); i++; j++; }
    else if (dp[i + 1][j] >= dp[i][j + 1]) push("del", x[i++]);
    else push("ins", y[j++]);
  }
  while (i < n) push("del", x[i++]);
  while (j < m) push("ins", y[j++]);
  return ops;
}

const label = (f) => f.label || f.concern.replace(/_/g, " ");

// Each picture: what it looks like, faces, location data, the text read, and its flags.
function renderPictures(images) {
  return [el("h3", {}, "Your pictures"), el("ol", { id: "pictures", class: "pictures-result" }, images.map((img) => {
    const reasons = [...new Set((img.findings || []).map((f) => (f.text ? `\u201c${f.text}\u201d: ` : "") + (f.why || "flagged")))];
    return el("li", { class: "picture", "data-kind": img.kind, "data-verdict": img.verdict },
      el("p", {}, el("strong", { class: "picture-name" }, img.name), " ", el("span", { class: `pill pill-${img.verdict}` }, img.verdict)),
      el("dl", {},
        el("dt", {}, "Looks like"), el("dd", { class: "picture-kind" }, img.kind_plain),
        el("dt", {}, "Faces"), el("dd", { class: "picture-faces" }, img.faces_summary),
        el("dt", {}, "Location and other details in the file"), el("dd", { class: "picture-gps" }, img.metadata.summary),
        el("dt", {}, "Text read"), el("dd", { class: "picture-text" }, img.text.trim() ? img.text : "none")),
      reasons.length ? el("ul", { class: "picture-reasons" }, reasons.map((r) => el("li", {}, r))) : null,
      img.notes.map((n) => el("p", { class: "help" }, `Note: ${n}`)));
  }))];
}

function renderResult(root, whole, draft, ui) {
  root.replaceChildren();
  // With pictures, each picture's flags are shown with it; the draft shows its own.
  const a = { ...whole, findings: whole.findings.filter((f) => f.image === undefined) };
  root.append(el("h2", { id: "result-heading" }, "Pause says: ",
    el("span", { class: `verdict verdict-${a.verdict}`, id: "verdict", "data-verdict": a.verdict }, WORDS[a.verdict])));
  if (a.findings.length) {
    root.append(el("h3", {}, "Your draft, with what to look at"));
    const p = el("p", { class: "draft-view", id: "highlighted" });
    segments(draft.text, a.findings).forEach((seg, k) => {
      if (!seg.cover.length) { p.append(seg.text); return; }
      const why = seg.cover.map((f) => `${label(f)}: ${f.why || "flagged."}`).join(" ");
      p.append(el("mark", { class: "flag", tabindex: 0, "aria-describedby": `tip-${k}` }, seg.text,
        el("span", { class: "tip", role: "tooltip", id: `tip-${k}` }, why)));
    });
    root.append(p, el("h3", {}, "What Pause noticed"));
    const ul = el("ul", { id: "flags", class: "flags" });
    const cps = codePoints(draft.text);
    for (const f of a.findings) {
      const spanText = f.start !== null ? cpSlice(cps, f.start, f.end) : null;
      const status = el("span", { role: "status" });
      const wrong = el("details", { class: "wrong" }, el("summary", {}, "This flag seems wrong"));
      if (f.label && spanText) wrong.append(el("p", {}, el("button", { type: "button", class: "allow", onclick: async () => {
        try { await api("POST", "/api/v1/allow", { term: spanText.trim() }); status.textContent = "Added to your allow-list."; ui.check(); }
        catch (e) { status.textContent = e.message; }
      } }, "It's me, my practice or a public figure: add to my allow-list")));
      wrong.append(el("p", {}, el("button", { type: "button", class: "feedback", onclick: async () => {
        try {
          await api("POST", "/api/v1/feedback", { detector: f.detector, code: f.code, concern: f.concern, label: f.label, verdict: a.verdict });
          status.textContent = "Noted on this machine. Thank you.";
        } catch (e) { status.textContent = e.message; }
      } }, "Note it on this machine to tune Pause")));
      ul.append(el("li", {}, spanText !== null ? [el("q", {}, spanText), " · "] : null,
        el("strong", {}, label(f)), f.why ? `: ${f.why}` : "", wrong, " ", status));
    }
    root.append(ul);
  }
  if (a.reasons.length) {
    root.append(el("h3", {}, "Why"), el("ul", { id: "reasons", class: "reasons" }, a.reasons.map((r) =>
      el("li", { "data-code": r.code }, el("span", { class: `pill pill-${r.verdict}` }, r.verdict), " ", r.message,
        r.rules.length ? [el("br"), el("small", {}, r.rules.join("; "))] : null))));
  }
  if (a.questions.length) {
    root.append(el("h3", {}, "Questions to sit with"), el("ul", { id: "questions" }, a.questions.map((q) => el("li", {}, q.text))));
  }
  if (a.rewrite) {
    const diff = el("p", { class: "diff", id: "diff" }, wordDiff(draft.text, a.rewrite).map(([op, t]) =>
      op === "del" ? el("del", {}, t) : op === "ins" ? el("ins", {}, t) : t));
    root.append(el("h3", {}, "A gentler version"), el("div", { class: "rewrite" },
      el("p", { id: "rewrite-text" }, a.rewrite),
      el("button", { type: "button", id: "use-rewrite", onclick: () => ui.useRewrite(a.rewrite) }, "Use this"),
      el("h4", {}, "What changed"), diff));
  }
  if (whole.images && whole.images.length) root.append(...renderPictures(whole.images));
  const keep = el("input", { type: "checkbox", id: "keep_text", name: "keep_text" });
  const status = el("p", { id: "decide-status", role: "status" });
  const buttons = [["post", "Post as is"], ["post_rewrite", "Post the rewrite"], ["keep_private", "Keep it private"], ["discard", "Discard"]]
    .filter(([v]) => v !== "post_rewrite" || a.rewrite)
    .map(([value, text]) => el("button", { type: "button", name: "decision", value, onclick: () => ui.decide(value, keep.checked, a, status) }, text));
  root.append(el("h3", {}, "What will you do?"), el("div", { id: "decide-form", class: "decide" },
    el("p", {}, keep, " ", el("label", { for: "keep_text" }, "Keep this draft's text in my journal (otherwise only a fingerprint is kept)")),
    el("div", { class: "buttons" }, buttons)), status);
}

function setupCompose() {
  const form = document.getElementById("check-form");
  if (!form) return;
  const text = form.querySelector("#text");
  const result = document.getElementById("result");
  const consentField = document.getElementById("consent-field");
  const copyButton = document.getElementById("copy-button");
  const copyStatus = document.getElementById("copy-status");
  const liveStatus = document.getElementById("live-status");
  const images = form.querySelector("#images");
  const imagesHelp = document.getElementById("images-help");
  const helpText = imagesHelp ? imagesHelp.textContent : "";
  const pictures = () => (images ? Array.from(images.files) : []);
  let timer = null, seq = 0, chosen = null;

  const draft = () => ({
    text: text.value,
    platform: form.platform.value || null,
    audience: form.audience.value || null,
    consent_id: form.consent_id.value ? Number(form.consent_id.value) : null,
  });

  const ui = {
    async check(explicit = false) {
      const d = { ...draft(), journal: explicit };
      const mine = ++seq;
      const pics = pictures();
      if (!d.text.trim() && !pics.length) { result.replaceChildren(); consentField.hidden = !form.consent_id.value; return; }
      try {
        let a;
        if (pics.length) {
          const fd = new FormData();  // the form's own fields, and each picture as `image`
          for (const [k, v] of Object.entries(d)) if (v !== null && k !== "journal") fd.append(k, String(v));
          fd.append("journal", explicit ? "true" : "false");
          for (const file of pics) fd.append("image", file, file.name);
          liveStatus.textContent = "Checking the pictures…";
          a = await apiForm("/api/v1/check", fd);
        } else {
          a = await api("POST", "/api/v1/check", d);
        }
        if (mine !== seq) return; // a newer keystroke already asked
        consentField.hidden = !a.concerns.includes("consent_claimed") && !form.consent_id.value;
        chosen = d.text;
        copyButton.hidden = false;
        copyButton.textContent = "Copy the draft";
        renderResult(result, a, d, ui);
        // One short announcement, not the whole re-rendered result on every pause in typing.
        const n = a.findings.length;
        liveStatus.textContent = `Pause says: ${WORDS[a.verdict]}. ${n} thing${n === 1 ? "" : "s"} to look at.`;
      } catch (e) {
        if (mine === seq) result.replaceChildren(el("p", { class: "error", role: "alert", id: "input-error" }, e.message));
      }
    },
    useRewrite(rewrite) {
      text.value = rewrite;
      text.focus();
      ui.check().then(() => { chosen = rewrite; copyButton.textContent = "Copy the rewrite"; });
    },
    async decide(decision, keepText, a, status) {
      try {
        const d = draft();  // no `journal` field: the decision endpoint refuses unknown fields
        const res = await api("POST", "/api/v1/journal", { ...d, decision, keep_text: keepText });
        status.replaceChildren("Recorded in your journal. ", el("a", { href: `/journal#entry-${res.entry.id}` }, "See the journal"));
        if (decision === "post_rewrite" && a.rewrite) { chosen = a.rewrite; copyButton.textContent = "Copy the rewrite"; }
      } catch (e) { status.textContent = e.message; }
    },
  };

  // Reading pictures takes a second or more: with pictures, typing waits for Check.
  const schedule = () => {
    clearTimeout(timer);
    if (pictures().length) { if (imagesHelp) imagesHelp.textContent = "Press Check to check the draft with its pictures."; return; }
    timer = setTimeout(ui.check, DEBOUNCE_MS);
  };
  text.addEventListener("input", schedule);
  if (images) images.addEventListener("change", () => {
    clearTimeout(timer);
    if (imagesHelp) imagesHelp.textContent = helpText;
    ui.check();
  });
  for (const name of ["platform", "audience", "consent_id"]) form[name].addEventListener("change", schedule);
  // Typing checks quietly; pressing Check records the check in the journal (hash only).
  form.addEventListener("submit", (ev) => {
    // "Ask my supervisor" is a real form post to /review/ask: let it through.
    if (ev.submitter && ev.submitter.id === "ask-supervisor") return;
    ev.preventDefault(); clearTimeout(timer); ui.check(true);
  });
  copyButton.addEventListener("click", () => copyText(chosen ?? text.value, copyStatus));
  // Server-rendered results keep working; the script takes over on the next keystroke.
  if (!form.consent_id.value && !result.querySelector("[data-code^='consent']")) consentField.hidden = true;
  if (text.value.trim() && !result.children.length) ui.check();
}

function setupCopyButtons() {
  for (const button of document.querySelectorAll("button.copy[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const source = document.querySelector(button.dataset.copy);
      copyText(source ? source.textContent : "", button.parentElement.querySelector(".copy-status"));
    });
  }
}

document.addEventListener("DOMContentLoaded", () => { setupCompose(); setupCopyButtons(); });
