// Deeds' photos as readers see them, over a store made here: the sample with photos on
// its newest deeds and their JPEG files (drawn by Chromium's canvas), published by
// `qq publish` and `qq site --store`. The feed's first card shows its photo without
// moving anything and without its text waiting for it; the deed's page shows every photo
// with its description; screenshots in two sizes and two languages. And the moderators'
// queue shows a submission's photos, with a switch that leaves one out of the approval.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { assertAccessible, keepScreenshot } from "./support/audit.mjs";
import { VIEWPORTS, launch, watchErrors } from "./support/browser.mjs";
import { t } from "./support/locales.mjs";
import { Moderation, submitWithPhotos } from "./support/moderate.mjs";
import { root, startServer } from "./support/server.mjs";

const BROWSER_LOCALE = { kk: "kk-KZ", ru: "ru-RU", en: "en-US" };
const TOKEN = "tester-token-0123456789";
// The newest deed has two photos, a landscape and a portrait one; the third newest one.
const NEWEST = [
  { name: "a1a1a1a1a1a1a1a1", alt: "Students carrying boxes of warm clothes", width: 1200, height: 900 },
  { name: "b2b2b2b2b2b2b2b2", alt: "A volunteer reading a book with a child", width: 900, height: 1200 },
];
const THIRD = [{ name: "c3c3c3c3c3c3c3c3", alt: "Young trees planted along the road", width: 1200, height: 800 }];
const session = {};

/** A JPEG of `width`×`height` drawn by the browser: a gradient and a label. */
async function drawJpeg(page, width, height, label) {
  const url = await page.evaluate(
    ([width, height, label]) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext("2d");
      const fill = g.createLinearGradient(0, 0, width, height);
      fill.addColorStop(0, "#00677a");
      fill.addColorStop(1, "#fec50c");
      g.fillStyle = fill;
      g.fillRect(0, 0, width, height);
      g.fillStyle = "#ffffff";
      g.font = `bold ${Math.round(width / 8)}px sans-serif`;
      g.fillText(label, width / 10, height / 2);
      return canvas.toDataURL("image/jpeg", 0.8);
    },
    [width, height, label],
  );
  return Buffer.from(url.split(",")[1], "base64");
}

/** A photo as the store writes it: one string, `{name} {width}x{height} {alt}`. */
const storeForm = (photo) => `${photo.name} ${photo.width}x${photo.height} ${photo.alt}`;

/** A photo read from the store's string. */
function fromStore(text) {
  const [, name, width, height, alt] = text.match(/^([0-9a-f]{16}) (\d+)x(\d+) (.*)$/s);
  return { name, width: Number(width), height: Number(height), alt };
}

/** The sample's source with `photos` on the newest deed and the third newest. */
function sourceWithPhotos(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "universities.jsonl"), readFileSync(path.join(root, "src/sample/universities.jsonl")));
  const lines = readFileSync(path.join(root, "src/sample/deeds.jsonl"), "utf8").split("\n").filter((l) => l.trim());
  const put = (at, photos) => {
    const deed = JSON.parse(lines[at]);
    deed.photos = photos.map(storeForm);
    lines[at] = JSON.stringify(deed);
  };
  put(lines.length - 1, NEWEST);
  put(lines.length - 3, THIRD);
  writeFileSync(path.join(dir, "deeds.jsonl"), `${lines.join("\n")}\n`);
}

before(async () => {
  session.dir = mkdtempSync(path.join(os.tmpdir(), "qq-e2e-photos-"));
  session.browser = await launch();
  const qq = path.join(root, "target/debug/qq");
  const source = path.join(session.dir, "source");
  const store = path.join(session.dir, "store");
  sourceWithPhotos(source);
  execFileSync(qq, ["publish", "--source", source, "--site", store], { stdio: ["ignore", "ignore", "inherit"] });
  const photos = path.join(store, "data/v1/photos");
  mkdirSync(photos, { recursive: true });
  const context = await session.browser.newContext();
  const page = await context.newPage();
  for (const photo of [...NEWEST, ...THIRD]) {
    for (const target of [480, 1200]) {
      const width = Math.min(target, photo.width);
      const height = Math.round((photo.height * width) / photo.width);
      const bytes = await drawJpeg(page, width, height, `${photo.name.slice(0, 2)} ${target}`);
      writeFileSync(path.join(photos, `${photo.name}-${target}.jpg`), bytes);
    }
  }
  session.jpeg = await drawJpeg(page, 1600, 1200, "inbox");
  await context.close();
  session.site = path.join(session.dir, "site");
  execFileSync(
    qq,
    ["site", "--dist", path.join(root, "dist"), "--out", session.site, "--base", "/", "--public-url", "http://127.0.0.1/", "--store", store],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  session.manifest = JSON.parse(readFileSync(path.join(session.site, "data/v1/manifest.json"), "utf8"));
  session.server = await startServer({ dist: session.site });
});

after(async () => {
  await session.browser?.close();
  await session.server?.stop();
  rmSync(session.dir, { recursive: true, force: true });
});

/** Adds up the layout shifts of the page's content (what a photo could move: the site's
 * bars around it are not theirs, and their icons settle while the page starts) and keeps
 * the largest paints' elements from the first moment. */
async function watchPaints(page) {
  await page.addInitScript(() => {
    window.__shift = 0;
    window.__lcp = [];
    const inContent = (source) => source.node?.isConnected && document.querySelector("main")?.contains(source.node);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput && (entry.sources ?? []).some(inContent)) window.__shift += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__lcp.push({ tag: entry.element?.tagName ?? null, size: entry.size, time: entry.startTime });
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
}

/** Holds every photo's file back until `release()`. */
async function holdPhotos(page) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const asked = [];
  await page.route(/\/data\/v1\/photos\//, async (route) => {
    asked.push(route.request().url());
    await held;
    await route.continue();
  });
  return { release, asked };
}

/** Whether `image` has arrived and decoded. */
function loaded(image) {
  return image.evaluate((img) => img.complete && img.naturalWidth > 0);
}

describe("photos in the feed and on a deed's page", () => {
  it("shows the first card's photo beside its text, the text painted first and nothing moving", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await watchPaints(page);
    const photos = await holdPhotos(page);
    // Not waiting for the load event, which waits for the held photo.
    await page.goto(session.server.url, { waitUntil: "domcontentloaded" });
    const first = page.getByTestId("deed-card").first();
    await first.locator("h2").waitFor();
    const photo = first.getByRole("img", { name: NEWEST[0].alt });
    await photo.waitFor();
    // The text is on the screen while the photo is still held back.
    assert.equal(await loaded(photo), false);
    assert.ok(await first.locator("h2").isVisible());
    await page.waitForTimeout(300);
    const painted = await page.evaluate(() => window.__lcp);
    assert.ok(painted.length > 0, "a largest paint before the photo");
    assert.ok(painted.every((p) => p.tag !== "IMG"), JSON.stringify(painted));
    // Its box is the photo's before a byte arrives.
    const box = await photo.boundingBox();
    assert.ok(box.width > 80 && box.width < 120 && Math.abs(box.width - box.height) < 1, JSON.stringify(box));
    assert.equal(await photo.getAttribute("srcset"), `data/v1/photos/${NEWEST[0].name}-480.jpg 480w, data/v1/photos/${NEWEST[0].name}-1200.jpg 1200w`);
    assert.equal(await photo.getAttribute("loading"), "eager", "the first card's photo is asked for at once");
    // The app takes the page over while the photo is still on its way.
    await page.locator("html[data-live]").waitFor({ state: "attached" });
    assert.equal(await loaded(page.getByTestId("deed-card").first().getByRole("img")), false);
    photos.release();
    await page.waitForFunction(() => {
      const img = document.querySelector("[data-testid=deed-card] img");
      return img && img.complete && img.naturalWidth > 0;
    });
    // The phone's small box picks the narrow file.
    assert.ok(photos.asked.some((url) => url.endsWith(`${NEWEST[0].name}-480.jpg`)), photos.asked.join(" "));
    assert.ok(!photos.asked.some((url) => url.includes(NEWEST[1].name)), "a card shows its first photo only");
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__shift), 0, "nothing moved");
    const lcp = await page.evaluate(() => window.__lcp.at(-1));
    assert.notEqual(lcp.tag, "IMG", "the text stays the largest paint");
    // The third card's photo waits until it comes near the screen.
    const third = page.getByRole("img", { name: THIRD[0].alt });
    assert.equal(await third.getAttribute("loading"), "lazy");
    await third.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (alt) => [...document.images].some((img) => img.alt === alt && img.complete && img.naturalWidth > 0),
      THIRD[0].alt,
    );
    assert.equal(await page.evaluate(() => window.__shift), 0, "nothing moved while scrolling");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("shows every photo of a deed on its page, each with its description", async () => {
    const id = session.manifest.last_id;
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await watchPaints(page);
    await page.goto(`${session.server.url}deed/${id}/`);
    await page.locator("html[data-live]").waitFor({ state: "attached" });
    const gallery = page.getByTestId("deed-photos");
    const images = gallery.getByRole("img");
    assert.equal(await images.count(), NEWEST.length);
    for (const [index, photo] of NEWEST.entries()) {
      const image = gallery.getByRole("img", { name: photo.alt });
      assert.equal(await image.getAttribute("width"), String(photo.width));
      assert.equal(await image.getAttribute("height"), String(photo.height));
      assert.equal(await image.getAttribute("loading"), index === 0 ? "eager" : "lazy");
      assert.equal(await image.getAttribute("fetchpriority"), index === 0 ? "high" : "auto");
      await image.scrollIntoViewIfNeeded();
      await page.waitForFunction((alt) => [...document.images].some((i) => i.alt === alt && i.naturalWidth > 0), photo.alt);
      // Laid out at the photo's own proportions.
      const box = await image.boundingBox();
      assert.ok(Math.abs(box.width / box.height - photo.width / photo.height) < 0.02, JSON.stringify(box));
    }
    assert.equal(await page.evaluate(() => window.__shift), 0, "nothing moved");
    // Its link preview is its first photo.
    const html = readFileSync(path.join(session.site, `deed/${id}/index.html`), "utf8");
    assert.ok(html.includes(`<meta property="og:image" content="http://127.0.0.1/data/v1/photos/${NEWEST[0].name}-1200.jpg">`));
    await assertAccessible(page);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("shows a deed's first photo beside it in the map's panel", async () => {
    const id = session.manifest.last_id;
    const page0 = JSON.parse(readFileSync(path.join(session.site, `data/v1/all/${Math.floor((id - 1) / 50)}.json`), "utf8"));
    const newest = page0.deeds.find((d) => d.id === id);
    const context = await session.browser.newContext({ viewport: VIEWPORTS.desktop, locale: "en-US" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.server.url}map?u=${newest.university}`);
    const panel = page.getByTestId("map-panel");
    const item = panel.locator(".map-panel__deeds li", { hasText: newest.title });
    await item.waitFor();
    const thumb = item.getByRole("img", { name: NEWEST[0].alt });
    await page.waitForFunction((alt) => [...document.images].some((i) => i.alt === alt && i.naturalWidth > 0), NEWEST[0].alt);
    const box = await thumb.boundingBox();
    assert.ok(box.width < 50 && Math.abs(box.width - box.height) < 1, JSON.stringify(box));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("looks right on a phone and a desktop, in Kazakh, Russian and English", async () => {
    const id = session.manifest.last_id;
    for (const viewport of ["phone", "desktop"]) {
      for (const locale of ["kk", "ru", "en"]) {
        const context = await session.browser.newContext({ viewport: VIEWPORTS[viewport], locale: BROWSER_LOCALE[locale] });
        const page = await context.newPage();
        await page.goto(session.server.url);
        await page.locator("html[data-live]").waitFor({ state: "attached" });
        await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=deed-card] img")].slice(0, 1).every((i) => i.naturalWidth > 0));
        await keepScreenshot(page, `${viewport}-${locale}-photos-feed`);
        await page.goto(`${session.server.url}deed/${id}/`);
        await page.locator("html[data-live]").waitFor({ state: "attached" });
        await page.waitForFunction(() => document.querySelector("[data-testid=deed-photos] img")?.naturalWidth > 0);
        await keepScreenshot(page, `${viewport}-${locale}-photos-deed`, { fullPage: true });
        await context.close();
      }
    }
  });
});

describe("photos in the moderators' queue", () => {
  it("shows each photo with its description, and an approval leaves out the photos switched off", async () => {
    const data = path.join(session.dir, "inbox");
    mkdirSync(data, { recursive: true });
    const inbox = await startServer({ data, env: { QQ_MODERATOR_TOKENS: `tester:${TOKEN}` } });
    try {
      // A submission with two photos, sent to the real inbox as the outbox sends it.
      const notes = [{ alt: "Snow cleared in front of the hospital" }, { alt: "The team with their shovels" }];
      const submitted = await submitWithPhotos(inbox, notes, [session.jpeg, session.jpeg]);
      const context = await session.browser.newContext({ viewport: VIEWPORTS.desktop, locale: "en-US" });
      const page = await context.newPage();
      const errors = watchErrors(page);
      const photoRequests = [];
      page.on("request", (request) => {
        if (request.url().includes("/api/v1/moderation/photos/")) {
          photoRequests.push({ url: request.url(), auth: request.headers().authorization });
        }
      });
      const moderation = new Moderation(page, inbox.url, "en");
      await moderation.open();
      await moderation.signInAndWait(TOKEN);
      const entry = moderation.entry(submitted.title);
      await entry.waitFor();
      const photos = entry.getByTestId("queue-photo");
      await photos.nth(1).waitFor();
      for (const [index, note] of notes.entries()) {
        const image = entry.getByRole("img", { name: note.alt });
        await page.waitForFunction((alt) => [...document.images].some((i) => i.alt === alt && i.naturalWidth > 0), note.alt);
        assert.match(await image.getAttribute("src"), /^blob:/);
        assert.ok((await image.boundingBox()).width >= 250, "large enough to judge");
        assert.ok(await entry.getByText(note.alt).isVisible());
        assert.ok(photoRequests.some((r) => r.url.endsWith(`/moderation/photos/${submitted.id}/${index}`) && r.auth === `Bearer ${TOKEN}`));
      }
      const switches = entry.getByRole("checkbox", { name: t("en", "moderate.photos.leave_out") });
      assert.equal(await switches.count(), 2);
      await switches.nth(1).check();
      await assertAccessible(page);
      await keepScreenshot(page, "desktop-en-moderate-photos");
      await moderation.approveButton(entry).click();
      await entry.waitFor({ state: "detached" });
      // Published with the first photo only, its two widths on disk and served.
      const status = await (await fetch(`${inbox.url}api/v1/deeds/${submitted.id}/status`)).json();
      assert.equal(status.state, "published");
      const newest = await (await fetch(`${inbox.url}data/v1/newest.json`)).json();
      const deed = newest.deeds.find((d) => d.id === status.deed_id);
      const published = deed.photos.map(fromStore);
      assert.deepEqual(published.map((p) => p.alt), [notes[0].alt]);
      for (const width of [480, 1200]) {
        const file = await fetch(`${inbox.url}data/v1/photos/${published[0].name}-${width}.jpg`);
        assert.equal(file.status, 200);
        assert.equal(file.headers.get("content-type"), "image/jpeg");
      }
      // The photos' blob: addresses went with the entry.
      const blobs = await page.evaluate(() => [...document.images].filter((i) => i.src.startsWith("blob:")).length);
      assert.equal(blobs, 0);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await inbox.stop();
    }
  });
});
