// The site as an attacker meets it, in Chromium, on `qq serve` and on a plain static host:
// no address makes a page load anything from another origin, every page runs under its
// Content-Security-Policy without a single violation while it is used, /moderate cannot
// be framed, a tampered store cannot plant a javascript: link, and the offline page is
// only ever the app's own.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { App } from "./support/app.mjs";
import { VIEWPORTS, launch } from "./support/browser.mjs";
import { Feed } from "./support/feed.mjs";
import { LOCALES, t } from "./support/locales.mjs";
import { root, startServer } from "./support/server.mjs";
import { startStaticHost } from "./support/static.mjs";
import { deed, storeFile, university } from "./support/store.mjs";

const session = {};

before(async () => {
  session.browser = await launch();
  session.qq = await startServer();
  session.plain = await startStaticHost();
});

after(async () => {
  await session.browser?.close();
  await session.qq?.stop();
  await session.plain?.stop();
});

/** A page that records every request it makes and every policy violation it meets. */
async function watchedPage(options = {}) {
  const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US", ...options });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI} at ${location.pathname}`);
    });
  });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  return { context, page, requests };
}

const violations = (page) => page.evaluate(() => window.__violations ?? []);

describe("a crafted address", () => {
  const crafted = [
    "/other-host.example/deed/1",
    "/other-host.example/map",
    "/other-host.example/u/kaznu",
    "/other-host.example/moderate",
  ];
  for (const host of ["qq", "plain"]) {
    it(`loads nothing from another origin on ${host === "qq" ? "qq serve" : "a plain static host"}`, async () => {
      const site = new URL(session[host].url);
      for (const route of crafted) {
        const { context, page, requests } = await watchedPage();
        // `SITE//other-host.example/deed/1`: an empty segment before a host name.
        await page.goto(`${site.origin}/${route}`).catch(() => {});
        await page.waitForLoadState("load").catch(() => {});
        await page.waitForTimeout(300);
        const foreign = requests.filter((url) => !url.startsWith("data:") && new URL(url).origin !== site.origin);
        assert.deepEqual(foreign, [], `/${route} asked another origin`);
        assert.equal(new URL(page.url()).origin, site.origin, `/${route} left the site`);
        if (host === "qq") {
          // qq serve redirects to the single-slash address.
          assert.ok(!page.url().includes("//other-host"), page.url());
        } else {
          // A plain host answers its not-found page, whose files are named from the
          // publisher's base, never from the address.
          assert.equal(await page.locator("main h1").innerText(), t("en", "not_found.title"), route);
        }
        await context.close();
      }
    });
  }
});

describe("the Content-Security-Policy", () => {
  it("is the first thing in every page's head, and qq serve sends it with frame-ancestors", async () => {
    // Every page the publisher wrote: the same policy, first in the head.
    const pages = ["index.html", "deed/1/index.html", "u/kaznu/index.html", "map/index.html", "submit/index.html", "moderate/index.html", "404.html"];
    let policy = null;
    for (const file of pages) {
      const html = readFileSync(path.join(root, "site", file), "utf8").replaceAll("&#39;", "'");
      const at = html.search(/<meta http-equiv="?Content-Security-Policy/i);
      assert.ok(at > 0, `a policy in ${file}`);
      assert.ok(!/<(script|style|link|base)\b/i.test(html.slice(0, at)), `nothing loads or runs before the policy in ${file}`);
      assert.match(html.slice(at), /^<meta http-equiv="?Content-Security-Policy"? content="[^"]*script-src 'self' 'wasm-unsafe-eval' 'sha256-/i);
      const own = html.match(/http-equiv="?Content-Security-Policy"? content="([^"]*)"/i)[1];
      policy ??= own;
      assert.equal(own, policy, `${file} has the site's one policy`);
      assert.ok(!/\son[a-z]+=/i.test(html), `no inline event handler in ${file}`);
    }
    for (const directive of ["base-uri 'self'", "object-src 'none'", "form-action 'self'", "img-src 'self' data: blob:", "connect-src 'self'"]) {
      assert.ok(policy.includes(directive), `${directive} in ${policy}`);
    }
    assert.ok(!policy.includes("unsafe-inline") && !policy.includes("'unsafe-eval'"), policy);

    const response = await fetch(`${session.qq.url}deed/1/`);
    assert.equal(response.headers.get("content-security-policy"), `${policy}; frame-ancestors 'none'`);
    const moderate = await fetch(`${session.qq.url}moderate/`);
    assert.equal(moderate.headers.get("content-security-policy"), `${policy}; frame-ancestors 'none'`);
    assert.equal(await moderate.text(), readFileSync(path.join(root, "site/moderate/index.html"), "utf8"));
    const missing = await fetch(`${session.qq.url}no/such/page`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("content-security-policy"), `${policy}; frame-ancestors 'none'`);
    assert.equal(response.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.ok(response.headers.get("permissions-policy"));
  });

  for (const locale of LOCALES) {
    it(`meets no violation while every page is used, in ${locale}`, async () => {
      const { context, page } = await watchedPage({ locale: { kk: "kk-KZ", ru: "ru-RU", en: "en-US" }[locale] });
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      const app = new App(page, session.qq.url);
      const seen = [];
      const check = async (where) => seen.push(...(await violations(page)).map((v) => `${where}: ${v}`));

      await app.open("/");
      await new Feed(page).waitForCards();
      await new Feed(page).openFilters();
      await check("/");

      await app.open("/map");
      await page.locator(".map__svg").waitFor();
      const box = await page.locator(".map__frame").boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 5 });
      await page.mouse.up();
      await app.open("/map?u=kaznu");
      await page.getByTestId("map-panel").waitFor();
      await check("/map");

      await app.open("/deed/1");
      const share = page.getByRole("button", { name: t(locale, "deed.share") });
      if (await share.count()) await share.first().click();
      await check("/deed/1");

      for (const route of ["/relay", "/about", "/u/kaznu", "/no/such/page"]) {
        await app.open(route);
        await check(route);
      }

      await app.open("/submit");
      await page.locator("#sub-university").fill(university("kaznu").short[locale]);
      await page.locator("#sub-title").fill("Checked the policy");
      await page.getByRole("button", { name: t(locale, "submit.send"), exact: true }).click();
      await page.waitForTimeout(300);
      await check("/submit");

      await app.open("/invite/?u=enu&from=kaznu");
      await page.getByTestId("invite-qr").waitFor();
      await check("/invite");

      // The moderators' page, signed in (this server has no inbox: the queue and the
      // audit log say they could not be loaded), with a rejection and errors open.
      await page.goto(`${session.qq.url}moderate`);
      await page.getByLabel(t(locale, "moderate.token_label")).fill("not-a-token-0123456789");
      await page.getByRole("button", { name: t(locale, "moderate.sign_in") }).click();
      await page.getByText(t(locale, "moderate.queue_failed")).waitFor();
      await page.getByRole("button", { name: t(locale, "moderate.add_submit") }).click();
      await page.locator("#uni-id-error").filter({ hasText: /./ }).waitFor();
      await page.getByRole("button", { name: t(locale, "moderate.sign_out") }).click();
      await page.getByLabel(t(locale, "moderate.token_label")).waitFor();
      await check("/moderate");

      // The boot screen's retry button, when the app cannot start.
      await page.route(/\.wasm$/, (route) => route.abort());
      await page.goto(`${session.qq.url}about/`);
      const retry = page.locator("[data-retry]");
      await retry.waitFor();
      await page.unroute(/\.wasm$/);
      await Promise.all([page.waitForNavigation(), retry.click()]);
      await app.heading().waitFor();
      await check("retry");

      assert.deepEqual(seen, []);
      // The watcher itself sees a violation when one happens (an inline style).
      await page.evaluate(() => document.body.setAttribute("style", "outline: 1px solid red"));
      await page.waitForTimeout(100);
      assert.ok((await violations(page)).some((v) => v.startsWith("style-src")), "the watcher works");
      await context.close();
    });
  }

  it("keeps /moderate out of other sites' frames", async () => {
    const { context, page } = await watchedPage();
    // Another origin (the plain host's port) framing the moderators' page on qq serve.
    await page.goto(session.plain.url + "no-such-page");
    await page.evaluate((src) => {
      const frame = document.createElement("iframe");
      frame.src = src;
      document.body.append(frame);
    }, `${session.qq.url}moderate`);
    await page.waitForTimeout(1000);
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    assert.ok(framed, "the frame exists");
    assert.equal(await framed.locator("#mod-token").count(), 0, "the moderators' page did not load in the frame");
    assert.equal(await framed.locator("#app").count(), 0, "nothing of the site loaded in the frame");
    await context.close();
  });
});

describe("the store is data, not code", () => {
  it("never makes a tampered non-http link clickable", async () => {
    const { context, page } = await watchedPage();
    const manifest = storeFile("manifest.json");
    const lastPage = Math.floor((manifest.last_id - 1) / 50);
    const tampered = ["javascript:alert(document.domain)", " JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "https://kaznu.kz@evil.example/"];
    await page.route(`**/data/v1/all/${lastPage}.json`, async (route) => {
      const body = storeFile(`all/${lastPage}.json`);
      body.deeds.slice(-tampered.length).forEach((deed, i) => (deed.link = tampered[i]));
      await route.fulfill({ json: body });
    });
    const dialogs = [];
    page.on("dialog", (dialog) => dialogs.push(dialog.message()) && dialog.dismiss());
    await new App(page, session.qq.url).open("/");
    const feed = new Feed(page);
    await feed.waitForCards();
    const hrefs = await feed.cards().locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.length > 0);
    for (const href of hrefs) {
      assert.ok(!/^\s*(javascript|data):/i.test(href) && !href.includes("@evil"), href);
    }
    assert.deepEqual(dialogs, []);
    await context.close();
  });
});

describe("the offline page", () => {
  it("keeps each page as itself, whatever else was visited, and says so for a page never kept", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US", serviceWorkers: "allow" });
    const page = await context.newPage();
    const app = new App(page, session.qq.url);
    await app.open("/about/");
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await app.live();
    await app.open("/deed/1/");
    // The moderators' page, then navigations that are not pages: a JSON file, a redirect.
    await page.goto(`${session.qq.url}moderate/`);
    await page.locator("#mod-token").waitFor();
    await page.goto(`${session.qq.url}data/v1/manifest.json`);
    await page.goto(`${session.qq.url}relay`);
    await context.setOffline(true);
    await app.open("/about/");
    assert.equal(await app.heading().innerText(), t("en", "about.title"));
    assert.equal(await page.locator("#mod-token").count(), 0);
    await app.open("/deed/1/");
    assert.equal(await app.heading().innerText(), deed(1).title);
    // A page never opened on this phone: the offline page, in the reader's language.
    const answer = await page.goto(`${session.qq.url}u/kaznu/`);
    assert.ok((await answer.text()).includes("data-offline"));
    assert.equal(await page.locator("main h1").innerText(), "You are offline");
    await page.getByRole("link", { name: "Send a deed" }).waitFor();
    await context.close();
  });

  it("follows a new deploy by the second visit and deletes the older build's cache", async () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), "qq-deploy-"));
    cpSync(path.join(root, "site"), dist, { recursive: true });
    const server = await startServer({ dist });
    try {
      const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US", serviceWorkers: "allow" });
      const page = await context.newPage();
      const app = new App(page, server.url);
      await app.open("/about");
      await page.evaluate(() => navigator.serviceWorker.ready);
      const before = await page.evaluate(() => caches.keys());
      assert.equal(before.length, 1);
      assert.match(before[0], /^qq-[0-9a-f]{16}$/);

      // A deploy: a new page and a new worker, as a build writes them.
      const next = "qq-0000000000000000";
      for (const file of ["sw.js", "about/index.html"]) {
        const text = readFileSync(path.join(dist, file), "utf8");
        writeFileSync(
          path.join(dist, file),
          file === "sw.js" ? text.replace(before[0], next) : text.replace("<title>", '<title data-build="next">'),
        );
        rmSync(path.join(dist, `${file}.br`), { force: true });
        rmSync(path.join(dist, `${file}.gz`), { force: true });
      }
      let visits = 0;
      let title = null;
      while (visits < 2 && title !== "next") {
        visits += 1;
        await app.open("/about");
        title = await page.evaluate(() => document.title && document.querySelector("title").dataset.build);
      }
      assert.equal(title, "next", `the new page after ${visits} visits`);
      await page.waitForFunction((name) => caches.keys().then((keys) => keys.length === 1 && keys[0] === name), next, {
        timeout: 10000,
      });
      await context.close();
    } finally {
      await server.stop();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
