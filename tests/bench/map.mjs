// `make bench`, the map: input to next paint while panning (a drag) and zooming (a pinch,
// the wheel) a map of 300
// universities and about 600 baton arcs (a synthetic store from `qq sample`), without and
// with 4x CPU throttling, and the outlines' transfer size. Run by tests/bench/sizes.mjs.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import zlib from "node:zlib";

import { launch } from "../e2e/support/browser.mjs";
import { startServer } from "../e2e/support/server.mjs";
import { root } from "./store.mjs";

function percentile(values, p) {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A copy of the release build over a synthetic store with about 600 relay links. */
function mapSite() {
  const site = path.join(root, "target/bench/map-site");
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  for (const name of readdirSync(path.join(root, "dist"))) {
    if (name !== "data") cpSync(path.join(root, "dist", name), path.join(site, name), { recursive: true });
  }
  cpSync(path.join(root, "dist/data/geo"), path.join(site, "data/geo"), { recursive: true });
  execFileSync(path.join(root, "target/release/qq"), ["sample", "--deeds", "2400", "--universities", "300", "--site", site]);
  return site;
}

// Each input's time to the next frame: the handlers, then style, layout and paint, which
// run before a task queued from the frame's requestAnimationFrame callback.
const OBSERVE = () => {
  window.__delays = [];
  const record = (event) => {
    const start = event.timeStamp;
    // A step moves the drawing; the end of a gesture, or a key, redraws it.
    const kind =
      event.type === "pointermove"
        ? event.pointerType === "touch" ? "pinch" : "step"
        : event.type === "wheel" ? "wheel" : "redraw";
    requestAnimationFrame(() => setTimeout(() => window.__delays.push([kind, performance.now() - start]), 0));
  };
  for (const type of ["pointermove", "pointerup", "wheel", "keydown"]) {
    addEventListener(type, record, { capture: true, passive: true });
  }
};

async function gestures(page) {
  const svg = page.locator(".map__frame");
  const box = await svg.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.evaluate(() => (window.__delays = []));
  for (let round = 0; round < 4; round++) {
    // A drag of 30 steps, then a settle.
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) {
      await page.mouse.move(cx + Math.sin(i / 5) * 120, cy + Math.cos(i / 7) * 80);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await page.waitForTimeout(200);
    // Ten wheel steps in, ten out, each burst settling.
    for (const dy of [-120, 120]) {
      for (let i = 0; i < 10; i++) {
        await page.mouse.wheel(0, dy);
        await page.waitForTimeout(16);
      }
      await page.waitForTimeout(300);
    }
    // Keys: a zoom and a move.
    await svg.focus();
    await page.keyboard.press("+");
    await page.waitForTimeout(100);
    await page.keyboard.press("ArrowLeft");
    await page.waitForTimeout(100);
    await page.keyboard.press("0");
    await page.waitForTimeout(200);
  }
  return page.evaluate(() => window.__delays);
}

/** Pinches out and in with two fingers (CDP touch events), 12 steps each, at `frame`'s centre. */
async function pinches(page, cdp) {
  const box = await page.locator(".map__frame").boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const touch = (type, spread) =>
    cdp.send("Input.dispatchTouchEvent", {
      type,
      touchPoints: type === "touchEnd" ? [] : [{ x: cx - spread, y: cy, id: 1 }, { x: cx + spread, y: cy, id: 2 }],
    });
  await page.evaluate(() => (window.__delays = []));
  for (let round = 0; round < 4; round++) {
    for (const [from, to] of [[40, 160], [160, 40]]) {
      await touch("touchStart", from);
      for (let i = 1; i <= 12; i++) {
        await touch("touchMove", from + ((to - from) * i) / 12);
        await page.waitForTimeout(16);
      }
      await touch("touchEnd", 0);
      await page.waitForTimeout(300);
    }
  }
  return page.evaluate(() => window.__delays);
}

/**
 * The method's floor: the same gestures over a blank page whose element has the same
 * kind of listeners doing nothing (a cancellable wheel listener, as the map's). Chromium
 * delivers a cancellable wheel event aligned to a frame, so even a no-op handler waits
 * about two frames by this measure.
 */
async function baseline(browser, rate) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  await page.setContent(
    "<div class='map__frame' tabindex='0' style='width:860px;height:540px;margin:200px 0 0 80px;background:#dcebf0;touch-action:none'></div>",
  );
  await page.evaluate(OBSERVE);
  await page.evaluate(() => {
    const frame = document.querySelector(".map__frame");
    frame.addEventListener("wheel", (e) => e.preventDefault(), { passive: false });
    frame.addEventListener("pointermove", () => {});
  });
  const delays = await gestures(page);
  await context.close();
  const touchContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const touchPage = await touchContext.newPage();
  const touchCdp = await touchContext.newCDPSession(touchPage);
  await touchCdp.send("Emulation.setCPUThrottlingRate", { rate });
  await touchPage.setContent(
    "<div class='map__frame' style='width:860px;height:540px;margin:200px 0 0 80px;background:#dcebf0;touch-action:none'></div>",
  );
  await touchPage.evaluate(OBSERVE);
  await touchPage.evaluate(() => document.querySelector(".map__frame").addEventListener("pointermove", () => {}));
  delays.push(...(await pinches(touchPage, touchCdp)));
  await touchContext.close();
  const of = (kind) => delays.filter(([k]) => k === kind).map(([, ms]) => ms);
  return {
    step: Math.round(percentile(of("step"), 95) * 10) / 10,
    wheel: Math.round(percentile(of("wheel"), 95) * 10) / 10,
    pinch: Math.round(percentile(of("pinch"), 95) * 10) / 10,
  };
}

/** The map page at 1280x800 with CPU throttling `rate`, once its drawing is in. */
async function openMap(browser, server, rate, hasTouch) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US", hasTouch });
  const page = await context.newPage();
  await page.addInitScript(OBSERVE);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  await page.goto(`${server.url}map`);
  await page.locator(".map__svg .marker").first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll(".map__countries path").length > 0);
  await page.waitForTimeout(500);
  return { context, page, cdp };
}

export async function measureMap() {
  const site = mapSite();
  const links = JSON.parse(readFileSync(path.join(site, "data/v1/relay.json"))).links.length;
  const universities = JSON.parse(readFileSync(path.join(site, "data/v1/universities.json"))).universities.length;
  const outline = readFileSync(path.join(root, "dist/data/geo/world.json"));
  const outlineBrotli = zlib.brotliCompressSync(outline, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  const server = await startServer({ dist: site });
  const browser = await launch();
  try {
    const result = { universities, links, outline_raw: outline.length, outline_brotli: outlineBrotli };
    for (const rate of [1, 4]) {
      const { context, page } = await openMap(browser, server, rate, false);
      // Each kind of arc is one path with a subpath per arc.
      const arcs = await page.evaluate(() =>
        [...document.querySelectorAll(".map__svg .arc > path:not(.arc__head)")].reduce((n, p) => n + (p.getAttribute("d").match(/M/g) ?? []).length, 0),
      );
      const delays = await gestures(page);
      await context.close();
      // Pinches, on a touch screen of the same size.
      const touch = await openMap(browser, server, rate, true);
      delays.push(...(await pinches(touch.page, touch.cdp)));
      await touch.context.close();
      result.arcs_drawn = Math.max(result.arcs_drawn ?? 0, arcs);
      for (const kind of ["step", "pinch", "wheel", "redraw"]) {
        const of = delays.filter(([k]) => k === kind).map(([, ms]) => ms);
        result[`${kind}_p95_${rate}x_ms`] = Math.round(percentile(of, 95) * 10) / 10;
        result[`${kind}_max_${rate}x_ms`] = Math.round(Math.max(...of) * 10) / 10;
        result[`${kind}s_${rate}x`] = of.length;
      }
      const floor = await baseline(browser, rate);
      result[`floor_step_p95_${rate}x_ms`] = floor.step;
      result[`floor_wheel_p95_${rate}x_ms`] = floor.wheel;
      result[`floor_pinch_p95_${rate}x_ms`] = floor.pinch;
    }
    return result;
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureMap());
}
