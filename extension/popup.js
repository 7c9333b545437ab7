// The popup: score the tab (or show the report automatic scoring already made) and render the
// report's label_text — the same words as the web page at GET / — with DOM text nodes only.
"use strict";

const EFFECT_WORDS = { raises: "raises the score", lowers: "lowers the score", neutral: "no effect on the score" };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

async function targetTab() {
  const param = new URLSearchParams(location.search).get("tab"); // tests open the popup in a tab
  if (param) return Number(param);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab.id;
}

async function highlight(tabId, finding, button) {
  for (const b of document.querySelectorAll("ul.findings button")) b.setAttribute("aria-pressed", "false");
  button.setAttribute("aria-pressed", "true");
  await chrome.scripting.executeScript({ target: { tabId }, files: ["highlight.js"] });
  const [result] = await chrome.scripting.executeScript({
    target: { tabId }, func: (evidence) => window.__scorerHighlight(evidence), args: [finding.evidence],
  });
  const note = document.getElementById("highlight-note");
  note.textContent = result && result.result ? `Highlighted ${result.result} place(s) in the page.`
    : "This finding has nothing to point at in the page.";
}

function render(report, tabId) {
  const text = report.label_text;
  const root = document.getElementById("label");
  root.replaceChildren();
  root.append(el("h1", {}, "News sourcing label"));
  const scored = typeof report.score === "number";
  const badge = el("span", { class: "score", id: "headline" }, text.headline);
  badge.style.background = scored ? (TIER_COLOURS[report.label] || UNSCORED_COLOUR) : UNSCORED_COLOUR;
  root.append(el("p", {}, badge), el("p", { id: "summary" }, text.summary));
  if (text.warnings.length) {
    root.append(el("h2", {}, "Warnings"), el("ul", { id: "warnings" }, ...text.warnings.map((w) => el("li", {}, w))));
  }
  if (text.findings.length) {
    root.append(el("h2", {}, "Findings"), el("p", { class: "hint" }, "Click a finding to highlight its evidence in the page."));
    const list = el("ul", { class: "findings", id: "findings" });
    for (const f of text.findings) {
      const button = el("button", { class: f.effect, "aria-pressed": "false", "data-signal": f.signal },
        el("strong", {}, f.title), ` (${EFFECT_WORDS[f.effect] || f.effect})`, el("br"), f.text,
        ...f.evidence.slice(0, 2).map((e) => el("blockquote", {}, e.text)));
      button.addEventListener("click", () => highlight(tabId, f, button).catch((e) => {
        document.getElementById("highlight-note").textContent = "The page could not be highlighted: " + e.message;
      }));
      list.append(el("li", {}, button));
    }
    const all = el("button", { id: "highlight-all", type: "button" }, "Highlight everything that lowers the score");
    const everything = { evidence: text.findings.filter((f) => f.effect === "lowers").flatMap((f) => f.evidence) };
    all.addEventListener("click", () => highlight(tabId, everything, all).catch((e) => {
      document.getElementById("highlight-note").textContent = "The page could not be highlighted: " + e.message;
    }));
    root.append(list, all, el("p", { class: "hint", id: "highlight-note", "aria-live": "polite" }));
  }
  if (report.sourcing && scored) {
    // The score is made of these parts: each bar is the points a part earns of the most it can give.
    root.append(el("h2", {}, "What the score is made of"));
    const parts = el("ul", { class: "components", id: "components" });
    for (const c of report.sourcing.components) {
      if (!c.max_share) continue;
      const bar = el("span", { class: "bar" }, el("span", { class: "fill" }));
      bar.firstChild.style.width = `${Math.round(100 * Math.max(0, c.share) / c.max_share)}%`;
      parts.append(el("li", { "data-component": c.id },
        el("span", { class: "name" }, c.title), bar,
        el("span", { class: "points" }, `${Math.round(c.share)} of ${Math.round(c.max_share)}`)));
    }
    root.append(parts);
  }
  root.append(el("h2", {}, "Publisher"), el("p", { id: "publisher" }, text.publisher));
  root.append(el("h2", {}, "Outlets cited"), text.outlets.length
    ? el("ul", { id: "outlets" }, ...text.outlets.map((o) => el("li", {}, o)))
    : el("p", { id: "outlets" }, "The text cites no known news outlet."));
  root.append(el("p", { class: "hint", id: "model" }, text.model));
}

function renderError(error) {
  const root = document.getElementById("label");
  root.replaceChildren(el("h1", {}, "News sourcing label"),
    el("div", { class: "error", role: "alert", id: "error" }, el("p", {}, error.message)));
  if (error.detail) root.append(el("p", { class: "hint" }, "Details: " + error.detail));
}

(async () => {
  const tabId = await targetTab();
  try {
    render(await scoreTab(tabId), tabId);
  } catch (e) {
    renderError(e instanceof PlainError ? e : new PlainError("Something went wrong while scoring this page.", String(e.message || e)));
  }
})();
