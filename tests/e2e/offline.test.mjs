// Offline after one visit and the install offer, in a real Chromium against the release
// build served by `qq serve`: what the service worker keeps at install (`PRECACHE` in
// sw.js, written by `qq site`), a page never seen, a new deploy while offline, storage
// full while precaching, the manifest and the worker under a sub-path, the intro's fold
// across languages, and the "Install the app" button and the iOS hint.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { App } from "./support/app.mjs";
import { VIEWPORTS, launch } from "./support/browser.mjs";
import { t } from "./support/locales.mjs";
import { root, startServer } from "./support/server.mjs";
import { deed } from "./support/store.mjs";

const session = {};
before(async () => {
  session.browser = await launch();
  session.server = await startServer();
});
after(async () => {
  await session.browser?.close();
  await session.server?.stop();
});

/** A phone's context that lets the site's service worker run, and a page in it. */
async function phone(base = session.server.url, options = {}) {
  const context = await session.browser.newContext({
    viewport: VIEWPORTS.phone,
    locale: "en-US",
    serviceWorkers: "allow",
    ...options,
  });
  const page = await context.newPage();
  return { context, page, app: new App(page, base) };
}

/** The worker's list of what it keeps at install, as `qq site` wrote it into sw.js. */
function precacheOf(site) {
  const line = readFileSync(path.join(site, "sw.js"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("const PRECACHE = "));
  return JSON.parse(line.slice("const PRECACHE = ".length).replace(/;$/, ""));
}

/** Waits for the map's outlines and at least one marker. */
async function mapDrawn(page) {
  await page.locator(".map__countries path").first().waitFor({ state: "attached" });
  assert.ok((await page.locator(".map__countries path").count()) > 150);
  await page.locator(".map__svg .marker").first().waitFor();
}

describe("offline after one visit", () => {
  it("lists every public app, the map's data and the feed's first page, from the build's own names", () => {
    const list = precacheOf(path.join(root, "site"));
    assert.deepEqual(Object.keys(list.apps).sort(), ["feed", "map", "read", "relay"]);
    for (const files of Object.values(list.apps)) {
      assert.ok(files.some((f) => f.endsWith("_bg.wasm")) && files.some((f) => f.endsWith(".js")), files.join());
    }
    assert.ok(list.form.includes("submit/") && list.form.includes("offline.html"));
    assert.ok(list.form.some((f) => /^alfarabi-qq-submit-[0-9a-f]+_bg\.wasm$/.test(f)));
    assert.deepEqual(list.pages, ["", "map/", "relay/"]);
    // The store's files the home page's first screen reads, as its page names them.
    const home = readFileSync(path.join(root, "site/index.html"), "utf8");
    const early = JSON.parse(home.match(/<script type="application\/json" id="qq-page">([\s\S]*?)<\/script>/)[1]).early;
    assert.ok(early.includes("data/v1/newest.json"), early.join());
    // With the newest page of all deeds, which the feed reads after newest.json.
    const manifest = JSON.parse(readFileSync(path.join(root, "site/data/v1/manifest.json"), "utf8"));
    const newestPage = `data/v1/all/${Math.floor((manifest.last_id - 1) / 50)}.json`;
    for (const file of [...early, newestPage, "data/v1/stats.json", "data/v1/relay.json", "data/geo/world.json"]) {
      assert.ok(list.data.includes(file), file);
    }
  });

  it("opens the home page, the map with its outlines and markers, the form and a seen page with the network off", async () => {
    const { context, page, app } = await phone();
    await app.open("/about/");
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
    try {
      await app.open("/");
      assert.equal(await app.heading().innerText(), t("en", "feed.title"));
      await page.getByTestId("deed-card").first().waitFor();
      await app.open("/map/");
      await mapDrawn(page);
      await app.open("/submit/");
      await page.locator("#sub-university").waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "submit");
      // The one page visited, which the worker did not yet control when it opened.
      await app.open("/about/");
      assert.equal(await app.heading().innerText(), t("en", "about.title"));
    } finally {
      await context.setOffline(false);
    }
    await context.close();
  });

  it("opens a deed already seen, and says a page never seen needs a connection, with a retry", async () => {
    const { context, page, app } = await phone();
    await app.open("/about/");
    await page.evaluate(() => navigator.serviceWorker.ready);
    await app.open("/deed/1/");
    await context.setOffline(true);
    await app.open("/deed/1/");
    assert.equal(await app.heading().innerText(), deed(1).title);
    const answer = await page.goto(`${session.server.url}deed/2/`);
    assert.ok((await answer.text()).includes("data-offline"));
    assert.equal(await page.locator("main h1").innerText(), "You are offline");
    const retry = page.getByTestId("offline-retry");
    assert.equal(await retry.innerText(), "Retry");
    // Back online, the retry opens the page itself.
    await context.setOffline(false);
    await retry.click();
    await app.live();
    assert.equal(await app.heading().innerText(), deed(2).title);
    await context.close();
  });

  it("keeps working offline when a new build is published meanwhile, and takes it once online", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "qq-offline-deploy-"));
    cpSync(path.join(root, "site"), folder, { recursive: true });
    const server = await startServer({ dist: folder });
    try {
      const { context, page, app } = await phone(server.url);
      await app.open("/about/");
      await page.evaluate(() => navigator.serviceWorker.ready);
      const [first] = await page.evaluate(() => caches.keys());
      await context.setOffline(true);
      // A second build lands in the served folder while this phone has no connection.
      const next = "qq-1111111111111111";
      const worker = readFileSync(path.join(folder, "sw.js"), "utf8");
      writeFileSync(path.join(folder, "sw.js"), worker.replace(first, next));
      for (const ext of [".br", ".gz"]) rmSync(path.join(folder, `sw.js${ext}`), { force: true });
      // The browser may look for the new worker (its own check is not the page's network);
      // a worker that cannot fetch the form fails to install, and the old one stays.
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update().catch(() => {})));
      for (const route of ["/", "/submit/", "/about/"]) {
        await app.open(route);
        assert.ok((await app.heading().innerText()).length > 0, `${route} is no blank page`);
      }
      // One whole copy is kept: the old build's, or the new one's when the browser's own
      // update check reached the server (Chromium's offline emulation may reach a new
      // worker only after its install began), never a half of each.
      const kept = await page.evaluate(async () => {
        const keys = await caches.keys();
        const files = await Promise.all(keys.map(async (key) => (await (await caches.open(key)).keys()).map((r) => r.url)));
        return keys.map((key, i) => [key, files[i].some((url) => /alfarabi-qq-submit-[0-9a-f]+_bg\.wasm$/.test(url))]);
      });
      assert.ok(kept.some(([key, whole]) => (key === first || key === next) && whole), JSON.stringify(kept));
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL.endsWith("sw.js")), true);
      // Online again: the new worker installs, keeps what it needs and drops the old copy.
      await context.setOffline(false);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
      await page.waitForFunction((name) => caches.keys().then((keys) => keys.length === 1 && keys[0] === name), next, {
        timeout: 20000,
      });
      await context.setOffline(true);
      await app.open("/map/");
      await mapDrawn(page);
      await context.close();
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("keeps the old worker and its copy when a new one cannot fetch the form", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "qq-offline-broken-"));
    cpSync(path.join(root, "site"), folder, { recursive: true });
    const server = await startServer({ dist: folder });
    try {
      const { context, page, app } = await phone(server.url);
      await app.open("/about/");
      await page.evaluate(() => navigator.serviceWorker.ready);
      const [first] = await page.evaluate(() => caches.keys());
      // A new worker whose form's page the host no longer answers.
      const worker = readFileSync(path.join(folder, "sw.js"), "utf8");
      writeFileSync(path.join(folder, "sw.js"), worker.replace(first, "qq-2222222222222222"));
      for (const ext of [".br", ".gz"]) rmSync(path.join(folder, `sw.js${ext}`), { force: true });
      rmSync(path.join(folder, "submit"), { recursive: true, force: true });
      const failed = await page.evaluate(() =>
        navigator.serviceWorker.getRegistration().then(
          (r) =>
            r.update().then(
              () =>
                new Promise((done) => {
                  const fresh = r.installing;
                  if (!fresh) return done("no new worker");
                  fresh.addEventListener("statechange", () => fresh.state === "redundant" && done("redundant"));
                  fresh.state === "redundant" && done("redundant");
                }),
              (error) => error.name,
            ),
        ),
      );
      assert.equal(failed, "redundant");
      assert.ok((await page.evaluate(() => caches.keys())).includes(first));
      await context.setOffline(true);
      await app.open("/submit/");
      await page.locator("#sub-university").waitFor();
      await context.close();
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("installs with what fits when storage is full, works online and keeps the outbox", async () => {
    const { context, page, app } = await phone();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", {
      origin: new URL(session.server.url).origin,
      quotaSize: 2048,
    });
    // A deed waiting on this phone, as the form keeps it, before the worker installs.
    const outbox = JSON.stringify([{ id: "0f8e2b1a-0000-4000-8000-000000000001", title: "A deed kept while storage is full" }]);
    await page.addInitScript((text) => {
      if (localStorage.getItem("qq.outbox.test") === null) localStorage.setItem("qq.outbox.test", text);
    }, outbox);
    await app.open("/about/");
    // The worker registers once the app is live; "ready" may find it still activating.
    const state = await page.evaluate(async () => {
      const worker = (await navigator.serviceWorker.ready).active;
      if (worker.state !== "activated") {
        await new Promise((done) => worker.addEventListener("statechange", () => worker.state === "activated" && done()));
      }
      return worker.state;
    });
    assert.equal(state, "activated");
    // Little or nothing was kept: the 2 KB quota holds no app.
    const kept = await page.evaluate(async () => {
      const keys = await caches.keys();
      const cache = await caches.open(keys[0]);
      return (await cache.keys()).map((r) => r.url);
    });
    assert.ok(!kept.some((url) => url.endsWith(".wasm")), kept.join());
    for (const route of ["/", "/submit/", "/map/"]) {
      await app.open(route);
      assert.ok((await app.heading().innerText()).length > 0, route);
    }
    await mapDrawn(page);
    assert.equal(await page.evaluate(() => localStorage.getItem("qq.outbox.test")), outbox);
    await context.close();
  });

  it("keeps only the form and the page in use under Save-Data", async () => {
    // The worker reads navigator.connection.saveData, which no switch of a test browser
    // sets: a copy of the site whose worker reads it as true.
    const folder = mkdtempSync(path.join(os.tmpdir(), "qq-offline-savedata-"));
    cpSync(path.join(root, "site"), folder, { recursive: true });
    const worker = readFileSync(path.join(folder, "sw.js"), "utf8");
    const reading = "const saveData = self.navigator.connection?.saveData === true;";
    assert.ok(worker.includes(reading));
    writeFileSync(path.join(folder, "sw.js"), worker.replace(reading, "const saveData = true;"));
    for (const ext of [".br", ".gz"]) rmSync(path.join(folder, `sw.js${ext}`), { force: true });
    const server = await startServer({ dist: folder });
    try {
      const { context, page, app } = await phone(server.url);
      await app.open("/about/");
      await page.evaluate(() => navigator.serviceWorker.ready);
      const kept = await page.evaluate(async () => {
        const keys = await caches.keys();
        const cache = await caches.open(keys[0]);
        return (await cache.keys()).map((r) => new URL(r.url).pathname);
      });
      assert.ok(kept.includes("/submit/") && kept.includes("/about/"), kept.join());
      assert.ok(kept.some((p) => /alfarabi-qq-submit-[0-9a-f]+_bg\.wasm$/.test(p)));
      assert.ok(kept.some((p) => /alfarabi-qq-read-[0-9a-f]+_bg\.wasm$/.test(p)), "the page in use's app");
      assert.ok(!kept.some((p) => /alfarabi-qq-map-|alfarabi-qq-[0-9a-f]+_bg\.wasm$/.test(p)), kept.join());
      assert.ok(!kept.includes("/data/geo/world.json") && !kept.includes("/map/"), kept.join());
      await context.close();
    } finally {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("under a sub-path", () => {
  let sub;
  before(async () => {
    sub = await startServer({ base: "/qq/" });
  });
  after(async () => {
    await sub?.stop();
  });

  it("resolves the manifest's start, scope and icons and the worker's scope under /qq/, and opens offline there", async () => {
    const { context, page, app } = await phone(sub.url);
    await app.open("/about/");
    const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
    assert.equal(scope, sub.url);
    const href = await page.evaluate(() => document.querySelector('link[rel="manifest"]').href);
    const manifest = await (await fetch(href)).json();
    assert.equal(new URL(manifest.start_url, href).href, sub.url);
    assert.equal(new URL(manifest.scope, href).href, sub.url);
    for (const icon of manifest.icons) {
      const url = new URL(icon.src, href);
      assert.ok(url.pathname.startsWith("/qq/"), url.pathname);
      assert.equal((await fetch(url)).status, 200, icon.src);
    }
    await context.setOffline(true);
    await app.open("/map/");
    await mapDrawn(page);
    await context.setOffline(false);
    await context.close();
  });
});

describe("the intro's fold", () => {
  it("stays folded when the reader changes language", async () => {
    const { context, page, app } = await phone(session.server.url, { locale: "ru-RU", serviceWorkers: "block" });
    await app.open("/");
    const intro = page.getByTestId("challenge-intro");
    await intro.getByRole("button", { name: t("ru", "intro.fold") }).click();
    assert.equal(await page.evaluate(() => localStorage.getItem("qq.intro")), "folded");
    await app.languageButton("en").click();
    await intro.getByRole("button", { name: t("en", "intro.unfold") }).waitFor();
    assert.ok(!(await intro.locator(".intro__body").isVisible()));
    await page.evaluate(() => localStorage.setItem("qq.locale", "kk"));
    await page.reload();
    await app.live();
    assert.equal(await app.htmlLang(), "kk");
    await intro.getByRole("button", { name: t("kk", "intro.unfold") }).waitFor();
    assert.ok(!(await intro.locator(".intro__body").isVisible()));
    await context.close();
  });
});

describe("installing", () => {
  it("offers an Install button when the browser does, prompts from it and hides it once installed", async () => {
    const { context, page, app } = await phone(session.server.url, { serviceWorkers: "block" });
    await app.open("/about/");
    const button = page.getByTestId("install-button");
    assert.equal(await button.isVisible(), false);
    await page.evaluate(() => {
      const event = new Event("beforeinstallprompt", { cancelable: true });
      event.prompt = () => {
        window.prompted = (window.prompted ?? 0) + 1;
        return Promise.resolve({ outcome: "accepted" });
      };
      window.dispatchEvent(event);
    });
    await button.waitFor();
    assert.equal(await button.innerText(), t("en", "install.button"));
    // After the page, never over it: the page's last text is above the button.
    const [buttonTop, appBottom] = await page.evaluate(() => [
      document.querySelector("[data-install]").getBoundingClientRect().top,
      document.getElementById("app").getBoundingClientRect().bottom,
    ]);
    assert.ok(buttonTop >= appBottom - 20, `${buttonTop} below ${appBottom}`);
    await button.click();
    assert.equal(await page.evaluate(() => window.prompted), 1);
    await page.evaluate(() => {
      const event = new Event("beforeinstallprompt", { cancelable: true });
      event.prompt = () => Promise.resolve({ outcome: "accepted" });
      window.dispatchEvent(event);
      window.dispatchEvent(new Event("appinstalled"));
    });
    await button.waitFor({ state: "hidden" });
    assert.equal(await page.getByTestId("install-hint").isVisible(), false);
    await context.close();
  });

  it("shows iPhone Safari a one-line hint, in the reader's language, until it is dismissed", async () => {
    const { context, page, app } = await phone(session.server.url, {
      serviceWorkers: "block",
      locale: "ru-RU",
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    });
    await app.open("/");
    const hint = page.getByTestId("install-hint");
    await hint.waitFor();
    assert.equal((await hint.innerText()).split("\n")[0].trim(), t("ru", "install.ios"));
    assert.equal(await page.getByTestId("install-button").isVisible(), false);
    await page.getByTestId("install-dismiss").click();
    await hint.waitFor({ state: "hidden" });
    await app.open("/about/");
    await app.live();
    assert.equal(await hint.isVisible(), false, "remembered");
    await context.close();

    // Chrome on the same iPhone is no Safari: no hint.
    const chrome = await phone(session.server.url, {
      serviceWorkers: "block",
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1",
    });
    await chrome.app.open("/");
    assert.equal(await chrome.page.getByTestId("install-hint").isVisible(), false);
    await chrome.context.close();
  });
});
