// Service worker of the registry site: the verify page works with no network from what it has seen.
// - The shell (verify page, its scripts, styles, icon, manifest) is kept at install and answered from the
//   cache, refreshed in the background (stale-while-revalidate).
// - The published files (JWKS, key-status document and log key, status lists, status documents, label JWS) go to the network first; every
//   good answer is kept; when the network fails, the kept copy is answered with `x-jcstar-offline: 1`, so
//   the page says it is offline and how old its status data is (and "stale" past the list's exp).
// Nothing of the API (/v1/labels…, /v1/verify…) is touched.
const VERSION = 'jcstar-v2';
const SHELL = [
  '/v', '/assets/app.css', '/assets/favicon.svg', '/manifest.webmanifest',
];
const KEY_STATUS = '/.well-known/jcstar-key-status';
const FILES = [/^\/\.well-known\/jwks\.json$/, /^\/\.well-known\/jcstar-key-status$/, /^\/files\/\.well-known\/jcstar-log-key$/, /^\/v1\/status-lists\/[1-9][0-9]{0,5}$/, /^\/v1\/label-(status|jws)\/[A-Z0-9][A-Z0-9-]{2,31}$/];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

const shellKey = (url) => (url.pathname === '/v.html' || url.pathname === '/v/' ? '/v' : url.pathname);

async function fromNetworkElseCache(event, key) {
  const cache = await caches.open(VERSION);
  try {
    const res = await fetch(event.request);
    // kept in the background: the page has its answer without waiting for the cache write
    // the key-status document's 404 is an answer too ("no key withdrawn"), kept like the file itself
    if (res.ok || (res.status === 404 && key === KEY_STATUS)) event.waitUntil(cache.put(key, res.clone()).catch(() => {}));
    return res;
  } catch (e) {
    const kept = await cache.match(key);
    if (!kept) throw e;
    const headers = new Headers(kept.headers);
    headers.set('x-jcstar-offline', '1');
    return new Response(await kept.blob(), { status: kept.status, statusText: kept.statusText, headers });
  }
}

async function fromCacheThenRefresh(event, key) {
  const cache = await caches.open(VERSION);
  const kept = await cache.match(key);
  const refresh = fetch(event.request).then((res) => {
    if (res.ok) return cache.put(key, res.clone()).then(() => res);
    return res;
  });
  if (kept) {
    event.waitUntil(refresh.catch(() => {}));
    return kept;
  }
  return refresh;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (FILES.some((re) => re.test(url.pathname))) {
    event.respondWith(fromNetworkElseCache(event, url.pathname));
  } else if (SHELL.includes(shellKey(url))) {
    event.respondWith(fromCacheThenRefresh(event, shellKey(url)));
  }
});
