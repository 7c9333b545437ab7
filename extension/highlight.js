// Injected into the page when the reader clicks a finding: outlines the elements its evidence
// names (the byline, attributed sources and claims, bait boxes, in-body ads). Evidence carries
// the text that triggered the finding and a locator; the text is looked up first, the locator's
// CSS part (e.g. "block:ins.adsbygoogle", "(nav#top-nav)") is the fallback.
"use strict";
(() => {
  const MARK = "data-scorer-highlight";
  const MAX_ELEMENTS = 40;
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim().toLowerCase();

  function needles(text) {
    const parts = [text, ...text.split(/ -> | \[|\]: | \]/)].map(norm).filter((p) => p.length >= 4 && p !== "(ad slot)");
    return parts.map((p) => p.slice(0, 60));
  }

  function byText(needle) {
    // The smallest visible element holding the text (a hidden copy, e.g. a mobile menu, is skipped).
    let best = null;
    let bestLength = Infinity;
    for (const el of document.body.querySelectorAll("*")) {
      if (/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(el.tagName)) continue;
      const t = norm(el.textContent);
      if (t.length < bestLength && t.includes(needle) && el.getClientRects().length) {
        best = el;
        bestLength = t.length;
      }
    }
    return best ? [best] : [];
  }

  function bySelector(locator) {
    const inParens = /\(([^()]+)\)\s*$/.exec(locator);
    const candidates = [];
    if (inParens) candidates.push(inParens[1]);
    const block = /^block:([^\s']+)$/.exec(locator);
    if (block) candidates.push(block[1]);
    for (const selector of candidates) {
      try {
        const found = Array.from(document.querySelectorAll(selector));
        if (found.length && found.length <= MAX_ELEMENTS) return found;
      } catch (e) { /* not a selector */ }
    }
    return [];
  }

  window.__scorerHighlight = (evidence) => {
    for (const el of document.querySelectorAll("[" + MARK + "]")) {
      el.style.outline = el.dataset.scorerOutline || "";
      el.style.backgroundColor = el.dataset.scorerBackground || "";
      el.removeAttribute(MARK);
    }
    const marked = [];
    for (const item of evidence) {
      let found = [];
      for (const needle of needles(item.text || "")) {
        found = byText(needle);
        if (found.length) break;
      }
      if (!found.length) found = bySelector(item.locator || "");
      for (const el of found) {
        if (marked.length >= MAX_ELEMENTS || el === document.body || el === document.documentElement) continue;
        el.dataset.scorerOutline = el.style.outline;
        el.dataset.scorerBackground = el.style.backgroundColor;
        el.setAttribute(MARK, "");
        el.style.outline = "4px solid #f0b400";
        el.style.backgroundColor = "rgba(240, 180, 0, 0.25)";
        if (!el.offsetHeight) { el.style.display = "block"; el.style.minHeight = "1.5em"; }
        marked.push(el);
      }
    }
    if (marked.length) marked[0].scrollIntoView({ block: "center" });
    return marked.length;
  };
})();
