// Shared by the popup and the background worker: read the settings, capture the tab's current
// HTML, send it to the configured service (and nowhere else), turn errors into plain sentences,
// paint the badge. The label's words come from the service's report (`label_text`), the same the
// web page at GET / shows.
"use strict";

const DEFAULTS = { serviceUrl: "http://127.0.0.1:8000", apiKey: "", autoSites: [] };
const TIER_COLOURS = {
  "exemplary": "#1b6e20", "high": "#1b6e20", "generally credible": "#2d5f8f",
  "mixed": "#8a5a00", "low": "#a00000",
};
const UNSCORED_COLOUR = "#444444";
// Service error codes in plain words (the service's own message is shown after them).
const PLAIN_ERRORS = {
  request_too_large: "This page is too large for the service to score.",
  input_too_large: "This page is too large for the service to score.",
  not_html: "This does not look like a web page, so it cannot be scored.",
  empty_input: "There is no article text on this page to score.",
  invalid_input: "This page could not be read as an article.",
  unauthorized: "The service needs a valid API key: set it in the extension's options.",
  rate_limited: "Too many pages were scored in a short time: wait a minute and try again.",
};

class PlainError extends Error {
  constructor(message, detail) { super(message); this.detail = detail || ""; }
}

async function getSettings() {
  const stored = await chrome.storage.sync.get(DEFAULTS);
  return { ...DEFAULTS, ...stored };
}

async function capturePage(tabId) {
  let results;
  try {
    results = await chrome.scripting.executeScript({
      target: { tabId },
      func: () => ({ html: document.documentElement.outerHTML, url: location.href }),
    });
  } catch (e) {
    throw new PlainError("This page cannot be read by the extension (browser pages and the web store are off limits).", String(e.message || e));
  }
  const page = results && results[0] && results[0].result;
  if (!page || !/^https?:/.test(page.url)) {
    throw new PlainError("Only web pages (http or https) can be scored.");
  }
  return page;
}

async function scorePage(html, url, settings) {
  const endpoint = settings.serviceUrl.replace(/\/+$/, "") + "/v1/score";
  const headers = { "Content-Type": "application/json" };
  if (settings.apiKey) headers["X-API-Key"] = settings.apiKey;
  let response;
  try {
    response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify({ html, url }) });
  } catch (e) {
    throw new PlainError(`The scoring service at ${settings.serviceUrl} is not answering. Is it running? You can change its address in the extension's options.`, String(e.message || e));
  }
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    const error = (body && body.error) || {};
    const plain = PLAIN_ERRORS[error.code] || (response.status === 413 ? PLAIN_ERRORS.request_too_large
      : `The service could not score this page (error ${response.status}).`);
    throw new PlainError(plain, error.message || "");
  }
  if (!body || !body.label_text) throw new PlainError("The service answered with something that is not a report: is the address in the options right?");
  return body;
}

async function paintBadge(tabId, report) {
  if (report === null) {
    await chrome.action.setBadgeText({ tabId, text: "!" });
    await chrome.action.setBadgeBackgroundColor({ tabId, color: UNSCORED_COLOUR });
    return;
  }
  const scored = typeof report.score === "number";
  await chrome.action.setBadgeText({ tabId, text: scored ? String(Math.round(report.score)) : "–" });
  await chrome.action.setBadgeBackgroundColor({ tabId, color: scored ? (TIER_COLOURS[report.label] || UNSCORED_COLOUR) : UNSCORED_COLOUR });
  await chrome.action.setTitle({ tabId, title: report.label_text.headline });
}

// Capture, score, paint; the report is kept for the tab so the popup opens on it at once.
async function scoreTab(tabId) {
  const settings = await getSettings();
  try {
    const page = await capturePage(tabId);
    const report = await scorePage(page.html, page.url, settings);
    await paintBadge(tabId, report);
    await chrome.storage.session.set({ ["tab:" + tabId]: { url: page.url, report } });
    return report;
  } catch (e) {
    await paintBadge(tabId, null);
    throw e;
  }
}
