// The gate's service worker (served as /fairs/gate/sw.js, so it controls /fairs/gate/...). It keeps
// the gate page and its files so a reload works without network: pages and the day's list from the
// network first, the cache when it fails; files from the cache first (refreshed behind). Posts (check-ins) are never
// touched: the page queues them itself and sends them when the network returns.
const CACHE = "cnnt-gate-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

// Files: the kept copy at once, refreshed from the network behind it for the next load.
async function keptThenRefreshed(event) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(event.request, { ignoreVary: true });
  const fresh = fetch(event.request).then(async (response) => {
    if (response.ok) await cache.put(event.request, response.clone());
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(keptThenRefreshed(event));
  } else if (request.mode === "navigate" || url.pathname.startsWith("/fairs/gate/")) {
    event.respondWith(networkFirst(request));
  }
});
