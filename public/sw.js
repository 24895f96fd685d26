// The site's service worker: it keeps the app's own files so the site, and the outbox
// of deeds waiting on this phone, open without a connection. It never touches the inbox
// (api/): submissions are sent, retried and deduplicated by the app itself.
//
// - Pages (navigations): the network first. The offline page is the app's own page only:
//   a navigation refreshes it only when the address is one of the app's routes (no file
//   name) and the answer is HTML, so a visit to a JSON file or any other file never
//   replaces it.
// - The apps' hashed files (.wasm, .js, .css): from the cache once fetched; their names
//   change with every build, so a kept copy is never stale. The form's app is kept at
//   install.
// - config.json and the data store: the network first, the kept copy offline.
//
// The cache is named after the build (the build writes its hash into CACHE below),
// so a new deploy brings a new worker, which deletes older builds' caches as it
// activates. Pages come from the network first, so a returning visitor gets the new
// build's page, and with it its files, on the first visit online after a deploy.
const CACHE = "qq-build";
const scope = new URL(self.registration.scope);
const index = new URL("./", scope).href;

// The submit form's app (its own wasm file and styles; index.html names them) is kept at
// once, so a deed can be written and queued offline even if the form was never opened online.
async function keepForm(cache) {
  const page = await (await cache.match(index)).text();
  const files = page.match(/alfarabi-qq-submit-[0-9a-f]+(_bg\.wasm|\.js)|submit-[0-9a-f]{16}\.css/g) ?? [];
  await cache.addAll([...new Set(files)].map((file) => new URL(file, scope).href));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => {
        await cache.addAll([index, new URL("config.json", scope).href]);
        await keepForm(cache).catch((error) => console.warn("the form is not kept for offline use", error));
      })
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

// Whether `url` is one of the app's pages (a route, not a file), whose answer is the
// app's page and may serve as the offline page.
function isAppPage(url) {
  const path = url.href.slice(scope.href.length).split(/[?#]/)[0];
  const last = path.split("/").pop();
  return !path.startsWith("data/") && !path.startsWith("api/") && !last.includes(".");
}

async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    const html = (response.headers.get("content-type") ?? "").startsWith("text/html");
    if (response.ok && html && isAppPage(new URL(request.url))) cache.put(index, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(index);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== scope.origin || !url.href.startsWith(scope.href)) return;
  const path = url.href.slice(scope.href.length);
  if (path.startsWith("api/")) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (/\.(wasm|js|css)$/.test(url.pathname) && !path.startsWith("sw.js")) {
    event.respondWith(cacheFirst(request));
  } else if (path === "config.json" || path.startsWith("data/") || path === "manifest.webmanifest") {
    event.respondWith(networkFirst(request));
  }
});
