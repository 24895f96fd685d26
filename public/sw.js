// The site's service worker: it keeps the pages a reader opened and the app's own files,
// so those pages, and the outbox of deeds waiting on this phone, open without a
// connection. It never touches the inbox (api/): submissions are sent, retried and
// deduplicated by the app itself.
//
// - Pages (navigations): the network first; a page that answered 200 with HTML is kept
//   under its own address (without the query), so each page offline is itself, never
//   another page, a JSON file or the moderators' page. Offline, an address never kept
//   gets offline.html, which says so and starts no app.
// - loader.js, config.json, the manifest and the data store: the network first, the kept
//   copy offline (loader.js keeps its name across builds).
// - The apps' hashed files (.wasm, .js, .css): from the cache once fetched; their names
//   change with every build, so a kept copy is never stale. The form's page and app are
//   kept at install, so a deed can be written and queued offline even if the form was
//   never opened online.
//
// The cache is named after the build (`qq site` writes it into CACHE below), so a new
// deploy brings a new worker, which deletes older builds' caches as it activates.
const CACHE = "qq-build";
const scope = new URL(self.registration.scope);
const at = (path) => new URL(path, scope).href;

// The form's app files, as loader.js names them.
async function formFiles() {
  const loader = await (await fetch(at("loader.js"), { cache: "no-cache" })).text();
  const names = loader.match(/alfarabi-qq-submit-[0-9a-f]+(_bg\.wasm|\.js)/g) ?? [];
  const page = await (await fetch(at("submit/"), { cache: "no-cache" })).text();
  const styles = page.match(/submit-[0-9a-f]{16}\.css/g) ?? [];
  return [...new Set([...names, ...styles])].map(at);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => {
        await cache.addAll([at("offline.html"), at("loader.js"), at("config.json"), at("submit/")]);
        await cache.addAll(await formFiles()).catch((error) => console.warn("the form is not kept for offline use", error));
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

// Whether `url` is a page's address (a folder, `deed/5/`, or the home page), not a file.
function isPage(url) {
  const path = url.href.slice(scope.href.length).split(/[?#]/)[0];
  const last = path.split("/").pop();
  return !path.startsWith("data/") && !path.startsWith("api/") && !last.includes(".");
}

async function page(request) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  try {
    const response = await fetch(request);
    const html = (response.headers.get("content-type") ?? "").startsWith("text/html");
    if (response.status === 200 && html && !response.redirected && isPage(url)) cache.put(key, response.clone());
    return response;
  } catch (error) {
    // `submit` is kept as `submit/`, where the host redirects it.
    const folder = key.endsWith("/") ? key : `${key}/`;
    const kept = (await cache.match(key)) ?? (await cache.match(folder)) ?? (await cache.match(at("offline.html")));
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
  } else if (path === "loader.js" || path === "config.json" || path.startsWith("data/") || path === "manifest.webmanifest") {
    event.respondWith(networkFirst(request));
  } else if (/\.(wasm|js|css)$/.test(url.pathname) && !path.startsWith("sw.js")) {
    event.respondWith(cacheFirst(request));
  }
});
