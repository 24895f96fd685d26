// The map over the committed sample store and the committed outlines.
import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { App } from "./support/app.mjs";
import { VIEWPORTS, watchErrors } from "./support/browser.mjs";
import { useSession } from "./support/session.mjs";
import { assertAccessible, keepScreenshot } from "./support/audit.mjs";
import { t } from "./support/locales.mjs";
import { storeFile, university } from "./support/store.mjs";

const session = useSession();

async function open(route, options = {}) {
  const context = await session.browser.newContext({ viewport: VIEWPORTS.desktop, locale: "en-US", ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const warnings = [];
  page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  await options.before?.(page);
  const app = new App(page, session.server.url);
  await app.open(route);
  await markers(page).first().waitFor();
  // The markers are drawn again when the counts (stats.json) and relay arrive: wait for
  // those, so a test does not pick a marker that is about to merge into a cluster.
  await page.waitForLoadState("networkidle");
  return { context, page, errors, warnings, app };
}

const markers = (page) => page.locator(".map__svg .marker");
const panel = (page) => page.getByTestId("map-panel");
const countries = (page) => page.locator(".map__countries");

/** The scale of the outlines' transform: pixels per map unit. */
async function scale(page) {
  const transform = await countries(page).getAttribute("transform");
  return Number(/scale\(([\d.]+)\)/.exec(transform)[1]);
}

async function translate(page) {
  const transform = await countries(page).getAttribute("transform");
  const [, x, y] = /translate\((-?[\d.]+) (-?[\d.]+)\)/.exec(transform);
  return { x: Number(x), y: Number(y) };
}

/**
 * The id of a university drawn with a marker of its own, well inside the frame and clear
 * of the zoom buttons (markers just outside the view are drawn too, ready for a pan).
 */
async function singleMarker(page) {
  return page.evaluate(() => {
    const frame = document.querySelector(".map__frame").getBoundingClientRect();
    const controls = document.querySelector(".map__controls").getBoundingClientRect();
    const inside = [...document.querySelectorAll(".map__svg .marker[data-u]")].find((marker) => {
      const r = marker.getBoundingClientRect();
      const clearOfControls = r.right < controls.left - 4 || r.top > controls.bottom + 4;
      return r.left > frame.left + 4 && r.right < frame.right - 4 && r.top > frame.top + 4 && r.bottom < frame.bottom - 4 && clearOfControls;
    });
    return inside?.dataset.u ?? null;
  });
}

describe("map", () => {
  it("draws the outlines and a marker per university or cluster, never more markers than universities", async () => {
    const { context, page, errors } = await open("/map");
    await page.locator(".map__countries path").first().waitFor({ state: "attached" });
    assert.ok((await page.locator(".map__countries path").count()) > 150);
    // Out to the whole world, so no university is outside the view.
    for (let i = 0; i < 8; i++) {
      await page.getByRole("button", { name: t("en", "map.zoom_out"), exact: true }).click();
    }
    await page.waitForTimeout(200);
    const universities = storeFile("universities.json").universities.length;
    const drawn = await markers(page).count();
    assert.ok(drawn > 0 && drawn <= universities);
    // Each cluster's count is its members': singles plus cluster counts cover every university.
    const singles = await page.locator(".map__svg .marker[data-u]").count();
    const merged = await page
      .locator(".map__svg .marker__count")
      .evaluateAll((els) => els.reduce((sum, el) => sum + Number(el.textContent), 0));
    assert.equal(singles + merged, universities);
    assert.ok((await page.locator(".map__svg .arc").count()) > 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("opens the panel of the clicked marker and puts it in the URL", async () => {
    const { context, page, errors } = await open("/map");
    const id = await singleMarker(page);
    await page.locator(`.map__svg .marker[data-u="${id}"]`).click();
    await panel(page).waitFor();
    const record = university(id);
    assert.equal(await panel(page).getByRole("heading", { level: 2 }).textContent(), record.name.en);
    assert.equal(new URL(page.url()).searchParams.get("u"), id);
    assert.equal(
      await panel(page).getByRole("link", { name: t("en", "map.open_page") }).getAttribute("href"),
      `/u/${id}/`,
    );
    assert.equal(
      await panel(page).getByRole("link", { name: t("en", "map.open_feed") }).getAttribute("href"),
      `/?u=${id}`,
    );
    await panel(page).locator(".map-panel__deeds li, p").first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("opens a tapped university's panel in view on a phone, focused, closed by Escape and by Back", async () => {
    const { context, page, errors } = await open("/map/", { viewport: VIEWPORTS.phone, locale: "kk-KZ", hasTouch: true });
    const id = await singleMarker(page);
    await page.locator(`.map__svg .marker[data-u="${id}"]`).tap();
    await panel(page).waitFor();
    assert.equal(new URL(page.url()).searchParams.get("u"), id);
    // In view, above the tab bar, without scrolling: the heading and the links.
    const viewport = page.viewportSize();
    const tabBar = await page.locator(".tab-bar").boundingBox();
    const heading = panel(page).getByRole("heading", { level: 2 });
    for (const part of [heading, panel(page).getByRole("link", { name: t("kk", "map.open_page") })]) {
      const box = await part.boundingBox();
      assert.ok(box.y >= 0 && box.y + box.height <= tabBar.y, `in view: ${JSON.stringify(box)}`);
    }
    assert.ok((await panel(page).boundingBox()).y < viewport.height);
    assert.equal(await heading.evaluate((h) => h === document.activeElement), true, "the heading has the focus");
    // Escape closes it: the address loses ?u=.
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("u"));
    assert.equal(await panel(page).count(), 0);
    // Opened again, the back button closes it and leaves the map.
    await page.locator(`.map__svg .marker[data-u="${id}"]`).tap();
    await panel(page).waitFor();
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("u"));
    assert.equal(await panel(page).count(), 0);
    assert.equal(new URL(page.url()).pathname, "/map/");
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("restores the selection from the URL, in the reader's language", async () => {
    const { context, page } = await open("/map?u=kaznu", { locale: "ru-RU" });
    await panel(page).waitFor();
    assert.equal(await panel(page).getByRole("heading", { level: 2 }).textContent(), university("kaznu").name.ru);
    // Three latest deeds at most, each a link to its page.
    const latest = panel(page).locator(".map-panel__deeds li");
    await latest.first().waitFor();
    assert.ok((await latest.count()) <= 3);
    await panel(page).getByRole("button", { name: t("ru", "map.close") }).click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("u"));
    assert.equal(await panel(page).count(), 0);
    await context.close();
  });

  it("offers the universities of a cluster too close to split, such as one city's", async () => {
    const { context, page } = await open("/map");
    const cluster = () => page.locator('.map__svg .marker[data-members~="kaznu"]');
    for (let i = 0; i < 12 && (await page.getByTestId("map-here").count()) === 0; i++) {
      await cluster().click();
      await page.waitForTimeout(50);
    }
    const here = page.getByTestId("map-here");
    await here.waitFor();
    await here.getByRole("button", { name: university("kaznu").short.en, exact: true }).click();
    await panel(page).waitFor();
    assert.equal(new URL(page.url()).searchParams.get("u"), "kaznu");
    assert.equal(await here.count(), 0);
    await context.close();
  });

  it("selects a marker with the keyboard", async () => {
    const { context, page } = await open("/map");
    const first = await scale(page);
    const id = await singleMarker(page);
    const marker = page.locator(`.map__svg .marker[data-u="${id}"]`);
    await marker.focus();
    await page.keyboard.press("Enter");
    await panel(page).waitFor();
    assert.equal(new URL(page.url()).searchParams.get("u"), id);
    // Keys move and zoom the map.
    await page.locator(".map__frame").focus();
    const before = await translate(page);
    await page.keyboard.press("ArrowLeft");
    await page.waitForFunction((x) => !document.querySelector(".map__countries").getAttribute("transform").startsWith(`translate(${x} `), before.x);
    const zoom = await scale(page);
    await page.keyboard.press("+");
    await page.waitForFunction((k) => !document.querySelector(".map__countries").getAttribute("transform").includes(`scale(${k.toFixed(6)})`), zoom);
    assert.ok((await scale(page)) > zoom);
    await page.keyboard.press("0");
    await page.waitForFunction((k) => document.querySelector(".map__countries").getAttribute("transform").includes(`scale(${k.toFixed(6)})`), first);
    await context.close();
  });

  it("zooms with the buttons and the wheel, anchored where the pointer is", async () => {
    const { context, page } = await open("/map");
    const first = await scale(page);
    await page.getByRole("button", { name: t("en", "map.zoom_in"), exact: true }).click();
    await page.waitForFunction((k) => !document.querySelector(".map__countries").getAttribute("transform").includes(`scale(${k.toFixed(6)})`), first);
    const zoomed = await scale(page);
    assert.ok(zoomed > first * 1.5);
    await page.getByRole("button", { name: t("en", "map.zoom_out"), exact: true }).click();
    await page.waitForFunction((k) => document.querySelector(".map__countries").getAttribute("transform").includes(`scale(${k.toFixed(6)})`), first);

    // The wheel: the map point under the pointer stays under it.
    const box = await page.locator(".map__frame").boundingBox();
    const at = { x: box.x + box.width * 0.3, y: box.y + box.height * 0.6 };
    const before = { k: await scale(page), ...(await translate(page)) };
    const mapPoint = { x: (at.x - box.x - before.x) / before.k, y: (at.y - box.y - before.y) / before.k };
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((k) => !document.querySelector(".map__countries").getAttribute("transform").includes(`scale(${k.toFixed(6)})`), before.k);
    const after = { k: await scale(page), ...(await translate(page)) };
    assert.ok(after.k > before.k);
    assert.ok(Math.abs(mapPoint.x * after.k + after.x - (at.x - box.x)) < 1);
    assert.ok(Math.abs(mapPoint.y * after.k + after.y - (at.y - box.y)) < 1);
    await context.close();
  });

  it("pans when dragged, without selecting what the drag ends on", async () => {
    const { context, page } = await open("/map");
    const box = await page.locator(".map__frame").boundingBox();
    const before = await translate(page);
    await page.mouse.move(box.x + 100, box.y + 100);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 100 + i * 12, box.y + 100 + i * 5);
    await page.mouse.up();
    await page.waitForFunction((x) => !document.querySelector(".map__countries").getAttribute("transform").startsWith(`translate(${x} `), before.x);
    const after = await translate(page);
    assert.ok(Math.abs(after.x - before.x - 120) < 2 && Math.abs(after.y - before.y - 50) < 2);
    assert.equal(new URL(page.url()).searchParams.get("u"), null);
    await context.close();
  });

  it("zooms with a pinch made of touch events", async () => {
    const { context, page } = await open("/map", { viewport: VIEWPORTS.phone, hasTouch: true, isMobile: true });
    const box = await page.locator(".map__frame").boundingBox();
    const cdp = await context.newCDPSession(page);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const touch = (type, spread) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints:
          type === "touchEnd"
            ? []
            : [
                { x: cx - spread, y: cy, id: 1 },
                { x: cx + spread, y: cy, id: 2 },
              ],
      });
    const before = await scale(page);
    await touch("touchStart", 30);
    for (let spread = 40; spread <= 120; spread += 10) await touch("touchMove", spread);
    await touch("touchEnd", 0);
    await page.waitForFunction((k) => !document.querySelector(".map__countries").getAttribute("transform").includes(`scale(${k.toFixed(6)})`), before);
    const after = await scale(page);
    assert.ok(after > before * 2.5, `pinch from ${before} to ${after}`);
    await context.close();
  });

  it("filters by region, and the list orders by deeds or by joining", async () => {
    const { context, page } = await open("/map");
    await page.getByRole("button", { name: t("en", "region.kz") }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("r") === "kz");
    const kz = storeFile("universities.json").universities.filter((u) => u.country === "KZ");
    await page.waitForFunction((n) => document.querySelectorAll(".map-list li").length === n, kz.length);
    const listed = await page.locator(".map-list__item").evaluateAll((els) => els.map((el) => el.dataset.u));
    assert.deepEqual([...listed].sort(), kz.map((u) => u.id).sort());
    const deeds = listed.map((id) => storeFile("stats.json").universities.find((s) => s.id === id)?.deeds ?? 0);
    assert.deepEqual(deeds, [...deeds].sort((a, b) => b - a));

    await page.getByLabel(t("en", "map.sort_label")).selectOption("joined");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("sort") === "joined");
    const joinedOrder = await page.locator(".map-list__item").evaluateAll((els) => els.map((el) => el.dataset.u));
    const joined = joinedOrder.map((id) => storeFile("stats.json").universities.find((s) => s.id === id)?.joined ?? "9999");
    assert.deepEqual(joined, [...joined].sort());
    // A list entry selects its university: the path for keyboards and screen readers.
    await page.locator(`.map-list__item[data-u="${joinedOrder[0]}"]`).click();
    await panel(page).waitFor();
    assert.equal(await page.locator(`.map-list__item[data-u="${joinedOrder[0]}"]`).getAttribute("aria-current"), "true");
    await context.close();
  });

  it("without the outlines, shows the markers and the list on a plain background with a notice", async () => {
    const { context, page } = await open("/map", {
      before: (page) => page.route("**/data/geo/world.json", (route) => route.fulfill({ status: 200, body: "{ not json" })),
    });
    await page.getByTestId("map-outline-error").waitFor();
    assert.equal(await page.locator(".map__countries path").count(), 0);
    assert.ok((await markers(page).count()) > 0);
    assert.ok((await page.locator(".map-list__item").count()) > 0);
    await context.close();
  });

  it("lists but does not draw a university with impossible coordinates, with a warning", async () => {
    const { context, page, warnings } = await open("/map?r=far", {
      before: (page) =>
        page.route("**/data/v1/universities.json", async (route) => {
          const response = await route.fetch();
          const body = await response.json();
          body.universities.find((u) => u.id === "kaznu").lat = 123;
          await route.fulfill({ response, json: body });
        }),
    });
    await page.getByRole("button", { name: t("en", "region.all") }).click();
    await page.locator('.map-list__item[data-u="kaznu"]').waitFor();
    assert.match(await page.locator('.map-list__item[data-u="kaznu"]').textContent(), new RegExp(t("en", "map.not_drawn")));
    assert.equal(await page.locator('.map__svg [data-u="kaznu"]').count(), 0);
    assert.ok(warnings.some((w) => w.includes("kaznu")));
    await context.close();
  });

  it("does not fetch the outlines before the map is opened", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone });
    const page = await context.newPage();
    const fetched = [];
    page.on("request", (r) => fetched.push(r.url()));
    const app = new App(page, session.server.url);
    await app.open("/");
    await page.locator("[data-testid=deed-card]").first().waitFor();
    assert.ok(!fetched.some((u) => u.includes("/data/geo/")));
    await app.tabBar().getByRole("link", { name: t("en", "nav.map") }).click();
    await markers(page).first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll(".map__countries path").length > 0);
    assert.ok(fetched.some((u) => u.includes("/data/geo/world.json")));
    await context.close();
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const colorScheme of ["light", "dark"]) {
      it(`axe finds no violation at ${size} in ${colorScheme}, and a screenshot is kept`, async () => {
        const { context, page } = await open("/map?u=kaznu", { viewport, colorScheme, locale: "kk-KZ" });
        await panel(page).waitFor();
        await page.locator(".map__countries path").first().waitFor({ state: "attached" });
        await assertAccessible(page);
        await keepScreenshot(page, `map-${size}-${colorScheme}`);
        await context.close();
      });
    }
  }
});
