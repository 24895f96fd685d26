// The app shell in a real Chromium against the release build served by `qq serve`:
// every route in every language at phone and desktop sizes, deep links at the root and
// under a sub-path, the language choice, and accessibility (axe).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";

import { App } from "./support/app.mjs";
import { VIEWPORTS, watchErrors } from "./support/browser.mjs";
import { useSession } from "./support/session.mjs";
import { LOCALES, t } from "./support/locales.mjs";
import { root, startServer } from "./support/server.mjs";
import { deed, university } from "./support/store.mjs";

const SCREENSHOTS = path.join(root, "target/screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

// Each route, the title its page shows in a locale, and a name for its screenshot.
const key = (k) => (locale) => t(locale, k);
const ROUTES = [
  ["/", key("feed.title"), "feed"],
  ["/map", key("map.title"), "map"],
  ["/submit", key("submit.title"), "submit"],
  ["/relay", key("relay.title"), "relay"],
  ["/about", key("about.title"), "about"],
  ["/deed/1", () => deed(1).title, "deed"],
  ["/u/kaznu", (locale) => university("kaznu").name[locale], "university"],
  ["/no/such/page", key("not_found.title"), "not-found"],
];

const BROWSER_LOCALE = { kk: "kk-KZ", ru: "ru-RU", en: "en-US" };

const session = useSession();

async function newApp(options = {}, base = session.server.url) {
  const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  return { context, page, errors, app: new App(page, base) };
}

describe("every route in every language", () => {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const locale of LOCALES) {
      it(`renders at ${size} in ${locale}, with no console error and no horizontal scroll`, async () => {
        const { context, errors, app, page } = await newApp({
          viewport,
          locale: BROWSER_LOCALE[locale],
        });
        for (const [route, title, name] of ROUTES) {
          await app.open(route);
          assert.equal(await app.heading().innerText(), title(locale), `${route} title`);
          assert.equal(await app.htmlLang(), locale, `${route} <html lang>`);
          assert.equal(await app.horizontalOverflow(), 0, `${route} scrolls sideways`);
          await page.screenshot({ path: path.join(SCREENSHOTS, `${size}-${locale}-${name}.png`) });
        }
        const nav = size === "phone" ? app.tabBar() : app.topNav();
        assert.ok(await nav.isVisible(), `the ${size} navigation is visible`);
        assert.ok(
          await nav.getByRole("link", { name: t(locale, "nav.about") }).isVisible(),
          "the navigation names its sections in the page's language",
        );
        // The one error: the not-found page answers with the status 404, as it should.
        assert.deepEqual(
          errors.map((e) => e.replace(/http:\/\/[^/]+/, "")),
          ["404 /no/such/page"],
        );
        await context.close();
      });
    }
  }
});

describe("language", () => {
  it("defaults to Kazakh when the browser asks for a language the site lacks", async () => {
    const { context, app } = await newApp({ locale: "de-DE" });
    await app.open("/about");
    assert.equal(await app.htmlLang(), "kk");
    assert.equal(await app.heading().innerText(), t("kk", "about.title"));
    await context.close();
  });

  it("keeps the reader's choice across reloads, over the browser's language", async () => {
    const { context, app, page, errors } = await newApp({ locale: "en-US" });
    await app.open("/about");
    assert.equal(await app.htmlLang(), "en");
    await app.languageButton("ru").click();
    await page.getByRole("heading", { level: 1, name: t("ru", "about.title") }).waitFor();
    assert.equal(await app.languageButton("ru").getAttribute("aria-pressed"), "true");
    await page.reload();
    await app.live();
    assert.equal(await app.heading().innerText(), t("ru", "about.title"));
    assert.equal(await app.htmlLang(), "ru");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("ignores an unknown stored language", async () => {
    const { context, app, page } = await newApp({ locale: "ru-RU" });
    await page.addInitScript(() => localStorage.setItem("qq.locale", "xx"));
    await app.open("/");
    assert.equal(await app.htmlLang(), "ru");
    assert.equal(await app.heading().innerText(), t("ru", "feed.title"));
    await context.close();
  });
});

describe("navigation", () => {
  it("moves between the reading pages without reloading and marks the current one", async () => {
    const { context, app, page } = await newApp({ locale: "en-US" });
    await app.open("/u/kaznu/");
    await page.evaluate(() => (window.__sameDocument = true));
    await app.tabBar().getByRole("link", { name: t("en", "nav.about") }).click();
    await page.getByRole("heading", { level: 1, name: t("en", "about.title") }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/about/");
    assert.equal(await page.evaluate(() => window.__sameDocument), true, "no full reload");
    const about = app.tabBar().getByRole("link", { name: t("en", "nav.about") });
    assert.equal(await about.getAttribute("aria-current"), "page");
    assert.equal(await about.getAttribute("rel"), null);
    // The feed and the relay are other apps' pages: the browser loads them.
    for (const tab of ["nav.feed", "nav.relay"]) {
      const link = app.tabBar().getByRole("link", { name: t("en", tab) });
      assert.equal(await link.getAttribute("rel"), "external", tab);
      assert.equal(await link.getAttribute("aria-current"), null, tab);
    }
    await app.tabBar().getByRole("link", { name: t("en", "nav.relay") }).click();
    await page.getByRole("heading", { level: 1, name: t("en", "relay.title") }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/relay/");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "relay");
    await context.close();
  });

  it("opens a deed from the feed in the reading pages' app, and the back button returns to the filtered feed", async () => {
    const { context, app, page } = await newApp({ locale: "en-US" });
    const errors = watchErrors(page);
    // Every card shown is a deed of justice: the filter was read from the address.
    const onlyJustice = async () => {
      const cards = page.locator("[data-testid=deed-card]");
      await cards.first().waitFor();
      assert.equal(await cards.locator(".deed-card__tags .badge:not(.badge--example)").count(), await cards.count());
      assert.equal(await cards.locator(".badge--justice").count(), await cards.count());
    };
    await app.open("/?v=justice");
    await onlyJustice();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "feed");
    assert.equal(await app.tabBar().getByRole("link", { name: t("en", "nav.feed") }).getAttribute("aria-current"), "page");
    const first = page.locator("[data-testid=deed-card] h2 a").first();
    const title = await first.textContent();
    await first.click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/deed\/\d+\/$/);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "read");
    await page.goBack();
    await app.live();
    assert.equal(new URL(page.url()).search, "?v=justice");
    await onlyJustice();
    assert.equal(await page.locator("[data-testid=deed-card] h2 a").first().textContent(), title);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("loads the map's and the form's own apps, and the back button returns", async () => {
    const { context, app, page } = await newApp({ locale: "en-US" });
    const errors = watchErrors(page);
    await app.open("/about");
    await app.tabBar().getByRole("link", { name: t("en", "nav.map") }).click();
    await page.getByRole("heading", { level: 1, name: t("en", "map.title") }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/map/");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "map");
    assert.equal(
      await app.tabBar().getByRole("link", { name: t("en", "nav.map") }).getAttribute("aria-current"),
      "page",
    );
    await app.tabBar().getByRole("link", { name: t("en", "nav.submit") }).click();
    await page.getByRole("heading", { level: 1, name: t("en", "submit.title") }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "submit");
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: t("en", "map.title") }).waitFor();
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: t("en", "about.title") }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "read");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("offers a skip link as the first stop of the keyboard", async () => {
    const { context, app, page } = await newApp({ locale: "en-US" });
    await app.open("/about");
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    assert.equal(await focused.textContent(), t("en", "shell.skip_to_content"));
    assert.ok(await focused.isVisible());
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
    await context.close();
  });

  it("shows the translated not-found page with a way home", async () => {
    const { context, app, page } = await newApp({ locale: "kk-KZ" });
    await app.open("/deed");
    assert.equal(await app.heading().innerText(), t("kk", "not_found.title"));
    await page.getByRole("link", { name: t("kk", "not_found.home") }).click();
    await page.getByRole("heading", { level: 1, name: t("kk", "feed.title") }).waitFor();
    await context.close();
  });

  it("shows the submit form and an empty list of my deeds", async () => {
    const { context, app, page } = await newApp({ locale: "en-US" });
    await app.open("/submit");
    await page.getByLabel(t("en", "submit.university_label")).waitFor();
    assert.equal(await page.getByTestId("my-deeds").locator("p").textContent(), t("en", "submit.mine_empty"));
    await context.close();
  });
});

describe("installing", () => {
  it("passes Chromium's installability check, with PNG icons drawn from the mark", async () => {
    const { context, app, page } = await newApp({ locale: "en-US", serviceWorkers: "allow" });
    await app.open("/");
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    // A test browser's context is an incognito one, which Chromium never installs from;
    // every other reason would be the site's.
    assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito"), []);
    const manifest = await (await fetch(`${session.server.url}manifest.webmanifest`)).json();
    const sizes = manifest.icons.filter((icon) => icon.type === "image/png").map((icon) => `${icon.sizes} ${icon.purpose}`);
    assert.deepEqual(sizes, ["192x192 any", "512x512 any", "512x512 maskable"]);
    for (const icon of [...manifest.icons, { src: "icons/apple-touch-icon.png" }]) {
      const response = await fetch(new URL(icon.src, `${session.server.url}manifest.webmanifest`));
      assert.equal(response.status, 200, icon.src);
    }
    await context.close();
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

  for (const [route, titleKey] of [
    ["/", "feed.title"],
    ["/about", "about.title"],
    ["/deed/1", null],
    ["/u/kaznu", null],
    ["/map", "map.title"],
    ["/submit", "submit.title"],
    ["/not/a/page", "not_found.title"],
  ]) {
    it(`loads ${route} directly from /qq${route}`, async () => {
      const { context, app, errors } = await newApp({ locale: "en-US" }, sub.url);
      await app.open(route);
      const expected = titleKey
        ? t("en", titleKey)
        : route.startsWith("/deed/")
          ? deed(1).title
          : university("kaznu").name.en;
      assert.equal(await app.heading().innerText(), expected);
      // An unknown address under a sub-path looks for config.json from the root down; the
      // browser logs the misses, which are expected.
      // The not-found page answers with the status 404, as it should.
      assert.deepEqual(errors, route === "/not/a/page" ? [`404 ${sub.url}not/a/page`] : []);
      await context.close();
    });
  }

  it("names its manifest and icons inside the sub-path", async () => {
    const { context, app, page } = await newApp({ locale: "en-US" }, sub.url);
    await app.open("/about/");
    const href = await page.evaluate(() => document.querySelector('link[rel="manifest"]').href);
    assert.equal(href, `${sub.url}manifest.webmanifest`);
    const manifest = await (await fetch(href)).json();
    assert.equal(new URL(manifest.start_url, href).href, sub.url);
    for (const icon of manifest.icons) {
      assert.equal((await fetch(new URL(icon.src, href))).status, 200, icon.src);
    }
    await context.close();
  });

  it("keeps links and the inbox config inside the sub-path", async () => {
    const { context, app, page } = await newApp({ locale: "en-US" }, sub.url);
    await app.open("/deed/1");
    await app.tabBar().getByRole("link", { name: t("en", "nav.submit") }).click();
    await page.getByTestId("my-deeds").waitFor();
    assert.equal(new URL(page.url()).pathname, "/qq/submit/");
    await page.reload();
    await app.heading().waitFor();
    assert.equal(await app.heading().innerText(), t("en", "submit.title"));
    await context.close();
  });
});

describe("accessibility", () => {
  const TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];
  for (const colorScheme of ["light", "dark"]) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      it(`axe finds no violation on any route at ${size} in ${colorScheme}`, async () => {
        const { context, app, page } = await newApp({ viewport, colorScheme, locale: "kk-KZ" });
        for (const [route] of ROUTES) {
          await app.open(route);
          const results = await new AxeBuilder({ page })
            .withTags(TAGS)
            .options({ rules: { "target-size": { enabled: true } } })
            .analyze();
          const found = results.violations.map(
            (v) => `${route}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
          );
          assert.deepEqual(found, []);
        }
        await context.close();
      });
    }
  }
});
