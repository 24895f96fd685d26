// The feed, the deed page and the university page over the committed sample store.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";

import { App } from "./support/app.mjs";
import { assertAccessible, keepScreenshot } from "./support/audit.mjs";
import { VIEWPORTS, watchErrors } from "./support/browser.mjs";
import { useSession } from "./support/session.mjs";
import { Feed } from "./support/feed.mjs";
import { t } from "./support/locales.mjs";
import { firstBatons } from "./support/relay.mjs";
import { deed, stats, storeFile, university } from "./support/store.mjs";

const session = useSession();

async function open(route, options = {}) {
  const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US", ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const app = new App(page, session.server.url);
  await app.open(route);
  return { context, page, errors, app, feed: new Feed(page) };
}

/**
 * Holds the feed app's code back, as a slow connection does, until `release` lets it
 * through or `fail` fails it.
 */
async function holdAppCode(page) {
  let settle;
  const held = new Promise((resolve) => (settle = resolve));
  await page.route(/\/alfarabi-qq-[0-9a-f]{1,16}_bg\.wasm$/, async (route) => {
    if (await held) await route.continue();
    else await route.abort();
  });
  return { release: () => settle(true), fail: () => settle(false) };
}

describe("feed", () => {
  it("shows the newest deeds first, each an article headed by its title", async () => {
    const { context, feed, errors } = await open("/");
    await feed.waitForCards();
    const manifest = storeFile("manifest.json");
    const newest = deed(manifest.last_id);
    assert.equal(await feed.cards().first().getByRole("heading", { level: 2 }).textContent(), newest.title);
    assert.equal(await feed.cards().first().evaluate((el) => el.tagName), "ARTICLE");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("arrives as finished HTML with the newest deeds, then the app takes over with no shift", async () => {
    for (const viewport of ["phone", "desktop"]) {
      const context = await session.browser.newContext({ viewport: VIEWPORTS[viewport], locale: "ru-RU" });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      // The feed app's code is held back, as on a slow connection.
      const code = await holdAppCode(page);
      await page.goto(session.server.url);
      const cards = page.getByTestId("deed-card");
      await cards.first().waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.live), undefined, "the app has not started");
      const manifest = storeFile("manifest.json");
      const newest = [0, 1, 2, 3].map((n) => deed(manifest.last_id - n));
      assert.equal(await page.locator("main h1").innerText(), t("ru", "feed.title"));
      assert.deepEqual((await cards.locator("h2").allInnerTexts()).slice(0, 4), newest.map((d) => d.title));
      assert.deepEqual(
        (await cards.locator(".deed-card__meta a").allInnerTexts()).slice(0, 4),
        newest.map((d) => university(d.university).short.ru),
      );
      const before = await cards.first().locator(".deed-card__story").boundingBox();
      await assertAccessible(page);
      await keepScreenshot(page, `${viewport}-ru-feed-prerendered`);

      code.release();
      const feed = new Feed(page);
      await feed.waitForCards();
      assert.deepEqual((await feed.cards().locator("h2").allInnerTexts()).slice(0, 4), newest.map((d) => d.title));
      // The same story in the same place: the app's card does not move what was read.
      const after = await feed.cards().first().locator(".deed-card__story").boundingBox();
      assert.deepEqual(after, before);
      const shift = await page.evaluate(() => window.__shift);
      assert.ok(shift < 0.01, `layout shift ${shift}`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  it("explains the challenge above the deeds, the first deed's title still on a phone's first screen", async () => {
    const manifest = storeFile("manifest.json");
    const universities = storeFile("universities.json").universities;
    const reached = universities.filter((u) => (manifest.lists[`u/${u.id}`] ?? 0) > 0);
    const countries = new Set(reached.map((u) => u.country)).size;
    for (const [locale, browserLocale] of [["kk", "kk-KZ"], ["ru", "ru-RU"], ["en", "en-US"]]) {
      const { context, page, feed, errors } = await open("/", { locale: browserLocale, viewport: { width: 390, height: 844 } });
      await feed.waitForCards();
      const intro = page.getByTestId("challenge-intro");
      assert.equal(await intro.getByRole("heading", { level: 2 }).innerText(), t(locale, "intro.title"));
      assert.ok((await intro.innerText()).includes(t(locale, "intro.lead")));
      const figures = t(locale, "intro.figures", { deeds: manifest.lists.all, universities: reached.length, countries });
      assert.equal(await intro.locator(".intro__figures").innerText(), figures);
      assert.equal(await intro.getByRole("link", { name: t(locale, "intro.step_add") }).getAttribute("href"), "/submit/");
      // The first deed's title is above the tab bar without scrolling.
      const title = await feed.cards().first().locator("h2").boundingBox();
      const tabBar = await page.locator("nav.tab-bar").boundingBox();
      assert.ok(title.y + title.height <= tabBar.y, `${locale}: the first title ends at ${title.y + title.height}, the tab bar starts at ${tabBar.y}`);
      await keepScreenshot(page, `phone-${locale}-home-intro`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });

  it("folds the introduction away for good, in every language, with nothing moving on the next visit", async () => {
    const { context, page, feed } = await open("/", { locale: "en-US" });
    const intro = page.getByTestId("challenge-intro");
    const toggle = intro.getByRole("button", { name: t("en", "intro.fold") });
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    await toggle.click();
    assert.equal(await intro.getByRole("button", { name: t("en", "intro.unfold") }).getAttribute("aria-expanded"), "false");
    assert.ok(!(await intro.locator(".intro__body").isVisible()));
    // The next visit, in another language: folded before the app starts, and after.
    await page.addInitScript(() => localStorage.setItem("qq.locale", "kk"));
    await page.route(/\/alfarabi-qq-[0-9a-f]{1,16}_bg\.wasm$/, (route) => route.abort());
    await page.reload();
    await intro.waitFor();
    assert.ok(!(await intro.locator(".intro__body").isVisible()), "folded in the prerendered page");
    await page.unroute(/\/alfarabi-qq-[0-9a-f]{1,16}_bg\.wasm$/);
    await page.reload();
    await feed.waitForCards();
    assert.ok(!(await intro.locator(".intro__body").isVisible()), "folded once the app has the page");
    await intro.getByRole("button", { name: t("kk", "intro.unfold") }).click();
    assert.ok(await intro.locator(".intro__body").isVisible());
    assert.equal(await page.evaluate(() => localStorage.getItem("qq.intro")), null);
    await context.close();
  });

  it("is readable with JavaScript off, its links leading to finished pages", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(session.server.url);
    // Without the script that reads the reader's language, the page speaks Kazakh.
    assert.equal(await page.locator("main h1").innerText(), t("kk", "feed.title"));
    const manifest = storeFile("manifest.json");
    const newest = deed(manifest.last_id);
    const first = page.getByTestId("deed-card").first();
    assert.equal(await first.locator("h2").innerText(), newest.title);
    await first.locator("h2 a").click();
    await page.waitForURL(new RegExp(`/deed/${manifest.last_id}/$`));
    assert.equal(await page.locator("main h1").innerText(), newest.title);
    assert.ok((await page.locator(".deed-card__story").innerText()).includes(newest.story.slice(0, 40)));
    await page.locator(".deed-card__meta a").first().click();
    await page.waitForURL(new RegExp(`/u/${newest.university}/$`));
    assert.equal(await page.locator("main h1").innerText(), university(newest.university).name.kk);
    await keepScreenshot(page, "phone-kk-university-no-script");
    await context.close();
  });

  it("keeps the prerendered deeds and says so when the app cannot start", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "kk-KZ" });
    const page = await context.newPage();
    const code = await holdAppCode(page);
    await page.goto(session.server.url);
    const cards = page.getByTestId("deed-card");
    await cards.first().waitFor();
    const note = page.locator(".boot-note");
    assert.ok(!(await note.isVisible()), "no failure is said while the app loads");
    code.fail();
    await note.waitFor();
    assert.ok((await note.innerText()).startsWith("Беттің"), "said in the reader's language");
    assert.ok(await cards.first().isVisible(), "the deeds already shown stay");
    assert.ok(await page.locator("[data-retry]").isVisible());
    await keepScreenshot(page, "phone-kk-feed-app-failed");
    await context.close();
  });

  it("marks sample deeds as examples and opens posts in a new tab safely", async () => {
    const { context, feed } = await open("/");
    await feed.waitForCards();
    const first = feed.cards().first();
    assert.equal(await first.locator(".badge--example").textContent(), t("en", "deed.illustrative"));
    const post = feed.page.locator(".deed-card__post").first();
    assert.equal(await post.getAttribute("target"), "_blank");
    assert.equal(await post.getAttribute("rel"), "noopener noreferrer");
    await context.close();
  });

  it("loads more deeds on request until there are no more", async () => {
    const { context, feed } = await open("/");
    await feed.waitForCards();
    const before = await feed.cards().count();
    await feed.moreButton().click();
    await feed.page.waitForFunction((n) => document.querySelectorAll("[data-testid=deed-card]").length > n, before);
    assert.ok((await feed.cards().count()) > before);
    // The first step's deeds (newest.json), then the pages': newest first, none twice,
    // none skipped.
    await feed.moreButton().click();
    await feed.page.waitForFunction(() => document.querySelectorAll("[data-testid=deed-card]").length >= 44);
    const shown = await feed.cards().evaluateAll((cards) => cards.map((c) => Number(c.dataset.deedId)));
    const last = storeFile("manifest.json").last_id;
    assert.deepEqual(shown, shown.map((_, i) => last - i));
    await context.close();
  });

  it("loads the next deeds when the reader scrolls to the end", async () => {
    const { context, feed, page } = await open("/");
    await feed.waitForCards();
    const before = await feed.cards().count();
    await page.locator(".feed__end").scrollIntoViewIfNeeded();
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=deed-card]").length > n, before);
    await context.close();
  });

  it("keeps at most 200 cards in the page however far the reader scrolls", async () => {
    const { context, feed, page } = await open("/");
    await feed.waitForCards();
    const trimmed = page.getByTestId("feed-trimmed");
    for (let i = 0; i < 20 && !(await trimmed.isVisible()); i++) {
      await page.locator(".feed__end").scrollIntoViewIfNeeded();
      await page.waitForTimeout(150);
    }
    assert.ok(await trimmed.isVisible(), "earlier deeds were put away");
    assert.ok((await feed.cards().count()) <= 200);
    await trimmed.getByRole("button", { name: t("en", "feed.back_to_start") }).click();
    await page.waitForFunction(() => !document.querySelector("[data-testid=feed-trimmed]"));
    const newest = deed(storeFile("manifest.json").last_id);
    await page.waitForFunction((title) => document.querySelector("[data-testid=deed-card] h2")?.textContent === title, newest.title);
    await context.close();
  });

  it("filters by virtue, keeps the filter in the URL and restores it on reload", async () => {
    const { context, feed, page } = await open("/");
    await feed.waitForCards();
    await feed.openFilters();
    const honesty = t("en", "virtue.honesty.name");
    await feed.virtueChip(new RegExp(`^${honesty}`)).click();
    await page.waitForURL(/v=honesty/);
    await page.waitForFunction((name) => {
      const badges = [...document.querySelectorAll("[data-testid=deed-card] .deed-card__tags .badge:first-child")];
      return badges.length > 0 && badges.every((b) => b.textContent === name);
    }, honesty);
    assert.ok((await feed.cards().count()) > 0);
    await page.reload();
    await feed.waitForCards();
    assert.equal(feed.query().get("v"), "honesty");
    const badges = await feed.badges();
    assert.ok(badges.length > 0 && badges.every((b) => b === honesty), badges.join());
    await feed.openFilters();
    assert.equal(await feed.virtueChip(new RegExp(`^${honesty}`)).getAttribute("aria-pressed"), "true");
    await context.close();
  });

  it("keeps both of two changes made before the first reaches the URL", async () => {
    const { context, feed, page } = await open("/");
    await feed.waitForCards();
    await feed.openFilters();
    const honesty = t("en", "virtue.honesty.name");
    // Both in one task: a change reaches the URL only after the next frame.
    await page.evaluate((name) => {
      [...document.querySelectorAll(".filters__virtues button")].find((el) => el.textContent.startsWith(name)).click();
      const region = document.querySelector(".filters__row select");
      region.value = "far";
      region.dispatchEvent(new Event("change", { bubbles: true }));
    }, honesty);
    await page.waitForURL((url) => url.searchParams.get("v") === "honesty" && url.searchParams.get("r") === "far");
    await page.waitForFunction((name) => {
      const badges = [...document.querySelectorAll("[data-testid=deed-card] .deed-card__tags .badge:first-child")];
      return badges.length > 0 && badges.every((b) => b.textContent === name);
    }, honesty);
    assert.equal(await feed.virtueChip(new RegExp(`^${honesty}`)).getAttribute("aria-pressed"), "true");
    assert.equal(await page.locator(".filters__row select").first().inputValue(), "far");
    await context.close();
  });

  it("filters by region and university through the URL", async () => {
    const { context, feed } = await open("/?r=far");
    await feed.waitForCards();
    const far = storeFile("universities.json")
      .universities.filter((u) => !["KZ", "RU", "KG", "UZ", "TJ", "BY"].includes(u.country))
      .map((u) => u.short.en);
    const names = await feed.cards().locator(".deed-card__meta a").first().allTextContents();
    for (const name of await feed.cards().evaluateAll((cards) =>
      cards.map((c) => c.querySelector(".deed-card__meta a").textContent),
    )) {
      assert.ok(far.includes(name), `${name} is not far abroad`);
    }
    assert.ok(names.length > 0);
    await context.close();

    const kaznu = await open("/?u=kaznu");
    await kaznu.feed.waitForCards();
    const unis = await kaznu.feed.cards().evaluateAll((cards) =>
      cards.map((c) => c.querySelector(".deed-card__meta a").getAttribute("href")),
    );
    assert.ok(unis.every((href) => href === "/u/kaznu/"), unis.join());
    await kaznu.context.close();
  });

  it("counts each virtue's deeds for the chosen university or region, and each region's for the chosen virtue", async () => {
    const virtues = ["kindness", "decency", "honesty", "justice"];
    // Every deed of a stored list, from its pages, as the test's own expectation.
    const listDeeds = (key) => {
      const deeds = [];
      for (let page = 0; page * 50 < storeFile("manifest.json").lists[key]; page++) deeds.push(...storeFile(`${key}/${page}.json`).deeds);
      return deeds;
    };
    const byVirtue = (deeds) => virtues.map((v) => String(deeds.filter((d) => d.virtue === v).length));
    const chipCounts = (page) =>
      page.evaluate((names) => names.map((v) => document.querySelector(`.filters__virtues .chip--${v} .chip__count`)?.textContent ?? ""), virtues);

    for (const [route, list, locale] of [
      ["/?u=kaznu", "u/kaznu", "kk"],
      ["/?u=kaznu", "u/kaznu", "en"],
      ["/?r=near", "r/near", "en"],
    ]) {
      const { context, feed, page, errors } = await open(route, { locale: locale === "kk" ? "kk-KZ" : "en-US" });
      await feed.waitForCards();
      await feed.openFilters();
      const expected = byVirtue(listDeeds(list));
      await page.waitForFunction(
        ([names, want]) => names.every((v, i) => document.querySelector(`.filters__virtues .chip--${v} .chip__count`)?.textContent === want[i]),
        [virtues, expected],
      );
      assert.deepEqual(await chipCounts(page), expected, route);
      if (list === "u/kaznu") {
        // The regions count the chosen university's deeds: all of them in Kazakhstan.
        const options = await page.locator(".filters__row select").first().locator("option").allInnerTexts();
        assert.ok(options[1].endsWith(`(${listDeeds(list).length})`), options[1]);
        assert.ok(options[2].endsWith("(0)"), options[2]);
        await page.locator("section.filters").evaluate((el) => el.scrollIntoView({ block: "start" }));
        await keepScreenshot(page, `phone-${locale}-feed-filters-university`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    }

    // A virtue chosen: each region counts that virtue's deeds.
    const { context, feed, page } = await open("/?v=honesty");
    await feed.waitForCards();
    await feed.openFilters();
    const honest = listDeeds("v/honesty");
    const expected = ["kz", "near", "far"].map((r) => {
      const ids = new Set(listDeeds(`r/${r}`).map((d) => d.id));
      return `(${honest.filter((d) => ids.has(d.id)).length})`;
    });
    await page.waitForFunction(
      (want) => [...document.querySelector(".filters__row select").options].slice(1).every((o, i) => o.textContent.endsWith(want[i])),
      expected,
    );
    await context.close();
  });

  it("counts by whole months, and says when the dates make a count approximate", async () => {
    // From the first of a month: exact. From within it: the month counts whole, marked ≈.
    const kaznu = [];
    for (let page = 0; page * 50 < storeFile("manifest.json").lists["u/kaznu"]; page++) kaznu.push(...storeFile(`u/kaznu/${page}.json`).deeds);
    const months = [...new Set(kaznu.map((d) => d.done_on.slice(0, 7)))].sort();
    const month = months[Math.floor(months.length / 2)];
    const kindness = (from) => String(kaznu.filter((d) => d.virtue === "kindness" && d.done_on >= from).length);
    const chip = (page) => page.locator(".filters__virtues .chip--kindness .chip__count");

    const exact = await open(`/?u=kaznu&from=${month}-01`);
    await exact.feed.waitForCards();
    await exact.feed.openFilters();
    await chip(exact.page).filter({ hasText: new RegExp(`^${kindness(`${month}-01`)}$`) }).waitFor();
    assert.equal(await exact.page.locator("#filters-approx").innerText(), "");
    await exact.context.close();

    const cut = await open(`/?u=kaznu&from=${month}-02`);
    await cut.feed.waitForCards();
    await cut.feed.openFilters();
    const inMonth = kaznu.filter((d) => d.done_on.startsWith(month)).length;
    assert.ok(inMonth > 0);
    await cut.page.locator("#filters-approx").filter({ hasText: t("en", "feed.count_approx_note") }).waitFor();
    const marked = await cut.page.locator(".filters__virtues .chip__count").allInnerTexts();
    assert.ok(marked.some((text) => text.startsWith(t("en", "feed.count_approx"))), marked.join());
    await cut.context.close();
  });

  it("picks a university by typing its name", async () => {
    const { context, feed, page } = await open("/", { locale: "kk-KZ" });
    await feed.waitForCards();
    await feed.openFilters();
    const picker = page.getByLabel(t("kk", "feed.university_label"));
    await picker.fill(university("seifullin").short.en);
    await picker.press("Tab");
    await page.waitForURL(/u=seifullin/);
    await page.waitForFunction(() => {
      const links = [...document.querySelectorAll("[data-testid=deed-card] .deed-card__meta a")];
      return links.length > 0 && links.every((a) => a.getAttribute("href") === "/u/seifullin/");
    });
    assert.equal(await picker.inputValue(), university("seifullin").name.kk);
    await context.close();
  });

  it("picks a university by a part of its name, and says why a name picks none", async () => {
    const { context, feed, page, errors } = await open("/", { locale: "ru-RU" });
    await feed.waitForCards();
    await feed.openFilters();
    const picker = page.getByLabel(t("ru", "feed.university_label"));
    const problem = page.locator("#feed-university-problem");

    // A name no university has: said under the field, the text kept, the feed unfiltered.
    await picker.fill("Хогвартс");
    await picker.press("Tab");
    await problem.filter({ hasText: t("ru", "feed.university_unknown") }).waitFor();
    assert.equal(await picker.inputValue(), "Хогвартс");
    assert.equal(await picker.getAttribute("aria-invalid"), "true");
    assert.ok(!page.url().includes("u="), page.url());
    await picker.scrollIntoViewIfNeeded();
    await keepScreenshot(page, "phone-ru-feed-university-unknown");

    // A part of several names: the reader is asked to pick one.
    await picker.fill("Karaganda");
    await picker.press("Tab");
    await problem.filter({ hasText: t("ru", "feed.university_several") }).waitFor();

    // A part of one name, typed without the Kazakh letters: that university.
    await picker.fill("букетов");
    await picker.press("Tab");
    await page.waitForURL(/u=buketov/);
    assert.equal(await picker.inputValue(), university("buketov").name.ru);
    assert.equal(await problem.textContent(), "");
    assert.equal(await picker.getAttribute("aria-invalid"), "false");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("offers every university by name, in the reader's language, in the picker", async () => {
    const { context, feed, page } = await open("/", { locale: "ru-RU" });
    await feed.waitForCards();
    await feed.openFilters();
    await page.getByLabel(t("ru", "feed.university_label")).focus();
    const all = storeFile("universities.json").universities;
    await page.waitForFunction((n) => document.querySelectorAll("#feed-universities option").length === n, all.length);
    const offered = await page.locator("#feed-universities option").evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(new Set(offered), new Set(all.map((u) => u.name.ru)));
    await context.close();
  });

  it("finds a Kazakh word typed without its special letters", async () => {
    const { context, feed, page } = await open("/", { locale: "kk-KZ" });
    const index = [];
    const isSearch = (url) => url.includes("/data/v1/search/") || url.includes("alfarabi-qq-search");
    page.on("request", (request) => isSearch(request.url()) && index.push(request.url()));
    await feed.waitForCards();
    assert.deepEqual(index, [], "neither the search's code nor its index is fetched before a search");
    await feed.search().fill("карттар уйине");
    await page.waitForURL(/q=/);
    await page.waitForFunction(() => {
      const titles = [...document.querySelectorAll("[data-testid=deed-card] h2")];
      return titles.length > 0 && titles.every((h) => h.textContent.includes("Қарттар үйіне"));
    });
    assert.ok((await feed.cards().count()) > 0, "at least one deed is found");
    assert.ok(index.some((url) => url.endsWith("/alfarabi-qq-search_bg.wasm")), "the search's code is fetched on first use");
    assert.ok(index.some((url) => url.includes("/data/v1/search/s/")), "so is a shard of the index");
    await context.close();
  });

  it("says so when nothing matches", async () => {
    const { context, page } = await open("/?q=zzzzqqqq");
    await page.getByTestId("feed-empty").waitFor();
    assert.equal(
      await page.getByTestId("feed-empty").getByRole("heading").textContent(),
      t("en", "feed.empty_title"),
    );
    await context.close();
  });

  it("shows a translated error for the feed alone, and recovers on retry", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "ru-RU" });
    const page = await context.newPage();
    const deeds = /\/data\/v1\/(newest|all\/\d+)\.json$/;
    await page.route(deeds, (route) => route.abort());
    const app = new App(page, session.server.url);
    await app.open("/");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.equal(await alert.getByRole("heading").textContent(), t("ru", "error.title"));
    assert.ok((await alert.textContent()).includes(t("ru", "error.network")));
    assert.ok(await new App(page, session.server.url).tabBar().isVisible(), "the rest of the page works");
    await page.unroute(deeds);
    await alert.getByRole("button", { name: t("ru", "error.retry") }).click();
    await new Feed(page).waitForCards();
    await context.close();
  });

  it("reads on sensibly with a manifest older than the store, after an unpublish", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const manifest = storeFile("manifest.json");
    const lastPage = Math.floor((manifest.last_id - 1) / 50);
    // A store published before newest.json: the feed reads its pages from the first step.
    await page.route("**/data/v1/newest.json", (route) => route.fulfill({ status: 404, body: "not found" }));
    // The newest page is gone (its deeds were taken off after this manifest was read),
    // and the page before now also holds a deed the reader would see twice.
    await page.route(`**/data/v1/all/${lastPage}.json`, (route) => route.fulfill({ status: 404, body: "not found" }));
    await page.route(`**/data/v1/all/${lastPage - 1}.json`, async (route) => {
      const body = storeFile(`all/${lastPage - 1}.json`);
      body.deeds.push(body.deeds[body.deeds.length - 1]);
      await route.fulfill({ json: body });
    });
    await new App(page, session.server.url).open("/");
    const feed = new Feed(page);
    await feed.waitForCards();
    const shown = await feed.cards().evaluateAll((cards) => cards.map((c) => Number(c.dataset.deedId)));
    assert.equal(shown[0], lastPage * 50, "the newest deed still there comes first");
    assert.equal(new Set(shown).size, shown.length, "no deed twice");
    assert.equal(await page.getByRole("alert").count(), 0, "no error");
    assert.deepEqual(errors.filter((e) => !e.startsWith("404 ")), []);
    await context.close();
  });

  it("skips a bad record with a warning and refuses another schema", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US" });
    const page = await context.newPage();
    const warnings = [];
    page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    const manifest = storeFile("manifest.json");
    // The first step's file, newest.json, as the pages are read.
    await page.route("**/data/v1/newest.json", async (route) => {
      const body = storeFile("newest.json");
      body.deeds[body.deeds.length - 1].virtue = "greed";
      body.deeds[body.deeds.length - 2].university = "hogwarts";
      await route.fulfill({ json: body });
    });
    const app = new App(page, session.server.url);
    await app.open("/");
    const feed = new Feed(page);
    await feed.waitForCards();
    const shown = await feed.cards().evaluateAll((cards) => cards.map((c) => Number(c.dataset.deedId)));
    assert.ok(!shown.includes(manifest.last_id), "the malformed deed is skipped");
    assert.ok(!shown.includes(manifest.last_id - 1), "the deed of an unknown university is skipped");
    assert.ok(shown.includes(manifest.last_id - 2), "the rest is shown");
    assert.ok(warnings.some((w) => w.includes("skipped")), warnings.join("\n"));

    await page.route("**/data/v1/manifest.json", (route) => route.fulfill({ json: { ...manifest, schema: 99 } }));
    await page.reload();
    await page.getByRole("alert").waitFor();
    assert.ok((await page.getByRole("alert").textContent()).includes(t("en", "error.schema")));
    await context.close();
  });
});

describe("deed page", () => {
  it("shows the whole story, its university, virtue and batons", async () => {
    const first = deed(1);
    const { context, page, errors } = await open("/deed/1");
    assert.equal(await page.locator("main h1").innerText(), first.title);
    assert.ok((await page.locator(".deed-card__story").textContent()).includes(first.story));
    for (const to of first.passes_to) {
      assert.ok(await page.locator(`.deed-card__passes a[href="/u/${to}/"]`).isVisible(), to);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("copies the link with #AlFarabiQQ when the browser has no share sheet", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    await page.addInitScript(() => {
      delete Navigator.prototype.share;
    });
    const app = new App(page, session.server.url);
    await app.open("/deed/1");
    await page.getByRole("button", { name: t("en", "deed.share"), exact: true }).click();
    await page.getByTestId("toast").filter({ hasText: t("en", "deed.copied") }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `${deed(1).title} #AlFarabiQQ ${session.server.url}deed/1/`);
    await context.close();
  });

  it("says plainly when a deed does not exist", async () => {
    const { context, page } = await open("/deed/999999");
    await page.getByTestId("deed-not-found").waitFor();
    assert.equal(await page.getByTestId("deed-not-found").textContent(), t("en", "deed.not_found"));
    await context.close();
  });
});

describe("university page", () => {
  it("says KazNU started the relay, and a baton that reached it later came back", async () => {
    const { context, page } = await open("/u/kaznu/");
    await page.locator(".university-facts").waitFor();
    assert.equal(await page.getByTestId("relay-origin").innerText(), t("en", "university.started"));
    const facts = await page.locator(".university-facts").innerText();
    assert.ok(!facts.includes(t("en", "university.received_from")), facts);
    // KazNU received no baton; the first that reached it later came back.
    assert.equal(stats("kaznu").received_from, undefined);
    const back = firstBatons().get("kaznu");
    assert.ok(back, "the sample has a baton that came back to KazNU");
    assert.ok(facts.includes(t("en", "university.returned_from")), facts);
    assert.ok(facts.includes(university(back.from).short.en), facts);
    await context.close();
    const other = await open("/u/enu/");
    await other.page.locator(".university-facts").waitFor();
    assert.equal(await other.page.getByTestId("relay-origin").count(), 0);
    await other.context.close();
  });

  it("shows the names, the relay and only this university's deeds", async () => {
    const record = university("enu");
    const counts = stats("enu");
    const { context, page, feed } = await open("/u/enu", { locale: "ru-RU" });
    assert.equal(await page.locator("main h1").innerText(), record.name.ru);
    const from = counts.received_from;
    await page.locator(`.university-facts a[href="/u/${from}/"]`).waitFor();
    await feed.waitForCards();
    // The first cards come with the page; the rest as the end of the list comes near.
    await page.locator(".feed__end").scrollIntoViewIfNeeded();
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=deed-card]").length >= n, counts.deeds);
    const links = await feed.cards().evaluateAll((cards) =>
      cards.map((c) => c.querySelector(".deed-card__meta a").getAttribute("href")),
    );
    assert.equal(links.length, counts.deeds);
    assert.ok(links.every((href) => href === "/u/enu/"));
    await context.close();
  });
});

describe("about page", () => {
  it("links the open data: every deed as a CSV a spreadsheet opens, the universities as GeoJSON", async () => {
    const { context, page, errors } = await open("/about/");
    const section = page.getByTestId("open-data");
    await section.getByRole("heading", { name: t("en", "about.data_title") }).waitFor();
    const csvLink = section.getByRole("link", { name: t("en", "about.data_csv") });
    const geoLink = section.getByRole("link", { name: t("en", "about.data_geojson") });
    const csvUrl = await csvLink.evaluate((a) => a.href);
    const geoUrl = await geoLink.evaluate((a) => a.href);
    const csv = await page.request.get(csvUrl);
    assert.equal(csv.status(), 200);
    const bytes = await csv.body();
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with a byte order mark");
    const text = bytes.subarray(3).toString("utf8");
    assert.ok(text.startsWith("id,published_at,done_on,university,virtue,lang,title,story,link,author,passes_to,received_from,illustrative\r\n"), text.slice(0, 120));
    assert.ok(text.includes(deed(1).title), "the first deed's title is in the file");
    const geo = await (await page.request.get(geoUrl)).json();
    assert.equal(geo.type, "FeatureCollection");
    assert.equal(geo.features.length, storeFile("universities.json").universities.length);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe("accessibility of the data pages", () => {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const colorScheme of ["light", "dark"]) {
      it(`axe finds no violation at ${size} in ${colorScheme}`, async () => {
        const context = await session.browser.newContext({ viewport, colorScheme, locale: "kk-KZ" });
        const page = await context.newPage();
        const app = new App(page, session.server.url);
        for (const route of ["/", "/?v=justice&r=near", "/deed/1", "/u/kaznu"]) {
          await app.open(route);
          await new Feed(page).cards().first().waitFor();
          const results = await new AxeBuilder({ page })
            .withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"])
            .options({ rules: { "target-size": { enabled: true } } })
            .analyze();
          assert.deepEqual(
            results.violations.map((v) => `${route}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
            [],
          );
        }
        await context.close();
      });
    }
  }
});
