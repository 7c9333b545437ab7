// Opt-in automatic scoring: on the sites the reader listed in the options (and granted access
// to), each page is scored when it finishes loading and the badge shows the result.
"use strict";
if (typeof scoreTab === "undefined" && typeof importScripts === "function") {
  importScripts("score.js"); // Chromium service worker; Firefox loads score.js via background.scripts
}

function siteListed(url, sites) {
  let host;
  try { host = new URL(url).hostname; } catch (e) { return false; }
  return sites.some((site) => host === site || host.endsWith("." + site));
}

chrome.tabs.onUpdated.addListener(async (tabId, change, tab) => {
  if (change.status !== "complete" || !tab.url || !/^https?:/.test(tab.url)) return;
  const settings = await getSettings();
  if (!settings.autoSites.length || !siteListed(tab.url, settings.autoSites)) return;
  try { await scoreTab(tabId); } catch (e) { /* the badge shows "!"; the popup explains */ }
});

chrome.tabs.onRemoved.addListener((tabId) => { chrome.storage.session.remove("tab:" + tabId); });
