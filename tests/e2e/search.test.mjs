// Keyword search over the index partitioned by word: counts that agree with the store,
// prefixes from the third letter, Kazakh typed in Latin letters, filters combined without
// reading deeds that fail them, and bad input answered at once without a storm of requests.
import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { App } from "./support/app.mjs";
import { VIEWPORTS, watchErrors } from "./support/browser.mjs";
import { useSession } from "./support/session.mjs";
import { Feed } from "./support/feed.mjs";
import { t } from "./support/locales.mjs";
import { storeFile } from "./support/store.mjs";

const session = useSession();

/** Every deed of the committed store, with the words it is found by (see search.rs). */
function indexedDeeds() {
  const manifest = storeFile("manifest.json");
  const universities = new Map(storeFile("universities.json").universities.map((u) => [u.id, u]));
  const deeds = [];
  for (let page = 0; page * 50 < manifest.last_id; page++) deeds.push(...storeFile(`all/${page}.json`).deeds);
  const folds = { "ә": "а", "і": "и", i: "и", "ң": "н", "ғ": "г", "ү": "у", "ұ": "у", "қ": "к", "ө": "о", "һ": "х", "ё": "е" };
  const fold = (text) =>
    [...text.toLowerCase().replace(/[ьъ\u0307]/g, "")].map((c) => folds[c] ?? c).join("");
  const words = (text) => fold(text).split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean);
  return deeds.map((deed) => {
    const u = universities.get(deed.university);
    const names = [u.short, u.name, u.city].flatMap((n) => [n.kk, n.ru, n.en]).join(" ");
    return { deed, words: new Set(words(`${deed.title} ${deed.story} ${names}`)), fold };
  });
}

/** How many deeds have a word that `prefix` (folded, three letters or more) begins. */
function countWith(prefix, keep = () => true) {
  const all = indexedDeeds();
  const wanted = all[0].fold(prefix);
  return all.filter(({ deed, words }) => keep(deed) && [...words].some((w) => w.startsWith(wanted))).length;
}

async function open(route, locale = "en-US") {
  const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const requests = [];
  page.on("request", (request) => {
    const url = request.url();
    if (url.includes("/data/v1/") || url.includes("alfarabi-qq-search")) requests.push(url);
  });
  await new App(page, session.server.url).open(route);
  return { context, page, errors, requests, feed: new Feed(page) };
}

const shownCount = async (page) => {
  const text = await page.getByTestId("result-count").textContent();
  return Number(text.match(/\d+/)[0]);
};

describe("search", () => {
  it("shows how many deeds a word finds, as many as the store holds, newest first", async () => {
    const { context, page, errors, feed } = await open("/?q=студент", "ru-RU");
    await page.getByTestId("result-count").waitFor();
    const expected = countWith("студент");
    assert.ok(expected > 1, "the sample has the word");
    assert.equal(await shownCount(page), expected);
    assert.equal(await page.getByTestId("result-count").textContent(), t("ru", "feed.found", { count: expected }));
    await feed.waitForCards();
    const ids = await feed.cards().evaluateAll((cards) => cards.map((c) => Number(c.dataset.deedId)));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), "newest first");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("finds Kazakh words typed in Latin letters", async () => {
    const { context, page, feed } = await open("/?q=kitap", "kk-KZ");
    await page.getByTestId("result-count").waitFor();
    const cyrillic = countWith("кітап");
    assert.ok(cyrillic > 0, "the sample has the word");
    assert.ok((await shownCount(page)) >= cyrillic, "every deed with «кітап» is found");
    await feed.waitForCards();
    await context.close();
  });

  it("combines a word with a virtue without reading deeds of other virtues", async () => {
    const { context, page, requests, feed } = await open("/?q=студент&v=honesty", "ru-RU");
    await page.getByTestId("result-count").waitFor();
    assert.equal(await shownCount(page), countWith("студент", (deed) => deed.virtue === "honesty"));
    await feed.waitForCards();
    const badges = await page.locator("[data-testid=deed-card] .badge").evaluateAll((spans) =>
      spans.map((span) => span.className),
    );
    const virtues = badges.filter((c) => !c.includes("badge--example"));
    assert.ok(virtues.length > 0 && virtues.every((c) => c.includes("badge--honesty")), virtues.join());
    const lists = requests.filter((url) => /\/data\/v1\/(v|all)\//.test(url));
    assert.ok(lists.every((url) => /\/data\/v1\/all\//.test(url)), `only the found deeds' pages: ${lists}`);
    await context.close();
  });

  for (const [name, query] of [
    ["only punctuation", "!!! — ... ???"],
    ["only emoji", "🙂🙂 🎉"],
    ["a word longer than any indexed", "а".repeat(60)],
  ]) {
    it(`answers ${name} with a clear empty result and no request to the index`, async () => {
      const { context, page, errors, requests } = await open(`/?q=${encodeURIComponent(query)}`);
      await page.getByTestId("feed-empty").waitFor();
      assert.equal(await page.getByTestId("feed-empty").getByRole("heading").textContent(), t("en", "feed.empty_title"));
      assert.deepEqual(requests.filter((url) => url.includes("/data/v1/search/")), []);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  for (const [name, query] of [
    ["500 characters", "донор мектеп кітап студент волонтер ".repeat(14).slice(0, 500)],
    ["mixed scripts", "донорdonor kitapкітап"],
  ]) {
    it(`answers ${name} without a storm of requests`, async () => {
      const { context, page, errors, requests } = await open(`/?q=${encodeURIComponent(query)}`);
      await page.getByTestId("result-count").waitFor();
      await page.locator("[data-testid=feed-empty], [data-testid=deed-card]").first().waitFor();
      const index = requests.filter((url) => url.includes("/data/v1/search/"));
      assert.ok(index.length <= 30, `${index.length} index requests`);
      assert.equal(new Set(index).size, index.length, "no file asked twice");
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
