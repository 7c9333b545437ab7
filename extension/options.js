"use strict";
(async () => {
  const settings = await getSettings();
  document.getElementById("serviceUrl").value = settings.serviceUrl;
  document.getElementById("apiKey").value = settings.apiKey;
  document.getElementById("autoSites").value = settings.autoSites.join("\n");
})();

document.getElementById("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const serviceUrl = document.getElementById("serviceUrl").value.trim() || DEFAULTS.serviceUrl;
  const apiKey = document.getElementById("apiKey").value.trim();
  const autoSites = document.getElementById("autoSites").value.split(/\s+/)
    .map((s) => s.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "")).filter(Boolean);
  const status = document.getElementById("saved");
  if (autoSites.length) {
    const origins = autoSites.flatMap((s) => [`https://${s}/*`, `https://*.${s}/*`, `http://${s}/*`]);
    const granted = await chrome.permissions.request({ origins });
    if (!granted) { status.textContent = "Not saved: automatic scoring needs access to those sites."; return; }
  }
  await chrome.storage.sync.set({ serviceUrl, apiKey, autoSites });
  status.textContent = "Saved.";
});
