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
// - The apps' hashed files (.wasm, .js, .css) and deeds' photos (data/v1/photos/, named by
//   their content): from the cache once fetched, so a kept copy is never stale. Photos
//   are kept as they are seen, never at install.
// - At install (PRECACHE below) it keeps, file by file, the form, the page in use, the
//   home, map and relay pages, the data the map and the feed's first screen read, and
//   every public app: after one online visit, those open offline. Files that change in
//   place among them (the store's) stay network-first: a kept copy is only a fallback.
//
// The cache is named after the build (`qq site` writes it into CACHE below), so a new
// deploy brings a new worker, which deletes older builds' caches as it activates.
const CACHE = "qq-build";
const scope = new URL(self.registration.scope);
const at = (path) => new URL(path, scope).href;

// What installing keeps, written by `qq site` from this build's real file names (see
// `precache` in src/native/site.rs), in order of need: `form` (the offline page, the
// loader, config.json, the form's page and app: always kept), then `pages` (the home,
// map and relay pages), `data` (the store's small files the map and the feed's first
// screen read, the map's outlines) and `apps` (each other public app's code and style).
// Under Save-Data only `form` and the page in use (with its app) are kept.
const PRECACHE = { form: [], pages: [], data: [], apps: {} };

// The app a page's address starts, by the same rule as `Part::of` in src/lib.rs.
function appOf(url) {
  const first = url.href.slice(scope.href.length).split(/[?#]/)[0].split("/")[0];
  if (first === "") return "feed";
  if (first === "map" || first === "relay" || first === "submit") return first;
  if (first === "moderate" || first.includes(".")) return null;
  return "read";
}

// The store's files a kept page's first screen reads (its `qq-page` data), so a page
// open when the worker installs opens offline with its data.
function earlyOf(html) {
  const found = html.match(/<script type="application\/json" id="qq-page">([\s\S]*?)<\/script>/);
  try {
    return found ? (JSON.parse(found[1]).early ?? []) : [];
  } catch {
    return [];
  }
}

// Keeps `paths` one by one, so a file that cannot be kept (storage full, a file gone)
// costs only itself. Returns whether every one was fetched; a full storage stops the rest.
async function keep(cache, paths, state) {
  let fetched = true;
  for (const path of paths) {
    if (state.full) return fetched;
    const key = at(path);
    if (state.done.has(key)) continue;
    let response;
    try {
      response = await fetch(key, { cache: "no-cache" });
    } catch {
      fetched = false;
      continue;
    }
    if (!response.ok || response.redirected) {
      fetched = false;
      continue;
    }
    try {
      await cache.put(key, response);
      state.done.add(key);
    } catch (error) {
      console.warn("storage is full: the rest is not kept for offline use", error);
      state.full = true;
    }
  }
  return fetched;
}

// The pages open in this scope (the page that registered the worker, which it did not
// yet control), each with its app's files and its first screen's data.
async function inUse() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const pages = [];
  const apps = new Set();
  for (const client of windows) {
    const url = new URL(client.url);
    if (url.origin !== scope.origin || !url.href.startsWith(scope.href) || !isPage(url)) continue;
    const app = appOf(url);
    if (!app) continue;
    pages.push(url.pathname.slice(scope.pathname.length));
    apps.add(app);
  }
  return { pages, apps: [...apps] };
}

async function install() {
  const cache = await caches.open(CACHE);
  const state = { done: new Set(), full: false };
  // Without a connection for the form, this build cannot work offline: the worker
  // already installed (if any) stays. Storage full is no such failure.
  if (!(await keep(cache, PRECACHE.form, state)) && !state.full) {
    throw new Error("the form could not be fetched");
  }
  const saveData = self.navigator.connection?.saveData === true;
  const open = await inUse().catch(() => ({ pages: [], apps: [] }));
  for (const app of open.apps) await keep(cache, PRECACHE.apps[app] ?? [], state);
  for (const path of open.pages) {
    await keep(cache, [path], state);
    const kept = await cache.match(at(path));
    if (kept && !saveData) await keep(cache, earlyOf(await kept.text()), state);
  }
  if (saveData) return;
  await keep(cache, PRECACHE.pages, state);
  await keep(cache, PRECACHE.data, state);
  for (const files of Object.values(PRECACHE.apps)) await keep(cache, files, state);
}

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
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
    if (response.ok) cache.put(request, response.clone()).catch(() => {});
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
  if (response.ok) cache.put(request, response.clone()).catch(() => {});
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
    if (response.status === 200 && html && !response.redirected && isPage(url)) {
      cache.put(key, response.clone()).catch(() => {});
    }
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
  } else if (/^data\/v1\/photos\/[0-9a-f]{16}-\d+\.jpg$/.test(path)) {
    // A deed's photo: named by its content, so a kept copy is never stale.
    event.respondWith(cacheFirst(request));
  } else if (path === "loader.js" || path === "config.json" || path.startsWith("data/") || path === "manifest.webmanifest") {
    event.respondWith(networkFirst(request));
  } else if (/\.(wasm|js|css)$/.test(url.pathname) && !path.startsWith("sw.js")) {
    event.respondWith(cacheFirst(request));
  }
});
