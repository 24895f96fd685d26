// `make bench`, the keyword search at 100,000 deeds (issue: search at scale): on Lighthouse's
// mobile profile with a cold cache, how long after the last keystroke a word found in one
// old deed ("12345") and a word in about half the deeds ("донор") show their first result
// and the count, how much each fetched, and how smooth typing stays at 4x CPU meanwhile.
// The store is `qq sample`'s (release build): a real vocabulary, each title ending with its
// deed's number, донор in every other story.
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import zlib from "node:zlib";

import { launch } from "../e2e/support/browser.mjs";
import { startServer } from "../e2e/support/server.mjs";
import { root } from "./store.mjs";

const RUNS = 3;
const DEEDS = 100000;

const brotli = (buffer) =>
  zlib.brotliCompressSync(buffer, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * A copy of the published site (`make site`) whose store holds `deeds` synthetic deeds: the
 * pages are the sample's, the app reads the large store as soon as it takes over.
 */
function siteWith(deeds) {
  const site = path.join(root, `target/bench/search${deeds}`);
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  for (const name of readdirSync(path.join(root, "site"))) {
    if (name !== "data") cpSync(path.join(root, "site", name), path.join(site, name), { recursive: true });
  }
  const qq = process.env.QQ ?? path.join(root, "target/release/qq");
  execFileSync(qq, ["sample", "--deeds", String(deeds), "--universities", "300", "--site", site]);
  return site;
}

const OBSERVE = () => {
  window.__events = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__events.push({ name: e.name, duration: e.duration });
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
  // When a card whose title ends with `window.__wanted` (or any card, for "") appears, and
  // when the count does, at the frame after.
  window.__seen = null;
  window.__counted = null;
  new MutationObserver(() => {
    if (window.__wanted === undefined) return;
    if (window.__counted === null && document.querySelector("[data-testid=result-count]"))
      requestAnimationFrame(() => (window.__counted ??= performance.now()));
    const titles = [...document.querySelectorAll(".feed:not(.feed--stale) [data-testid=deed-card] h2")];
    // A card shown before the search's count is the previous list's.
    if (window.__counted === null && !document.querySelector("[data-testid=result-count]")) return;
    if (window.__seen === null && titles.some((h) => h.textContent.trim().endsWith(window.__wanted)))
      requestAnimationFrame(() => (window.__seen ??= performance.now()));
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
};

/** Types `word` into the feed's search box of `page`, 120 ms a key, and waits for its result. */
async function search(page, word, wanted, requests) {
  const box = page.locator("#feed-q");
  await box.fill("");
  await page.waitForTimeout(800);
  requests.length = 0;
  await page.evaluate(() => {
    window.__events = [];
    window.__seen = null;
    window.__counted = null;
  });
  await box.focus();
  let last = 0;
  await page.evaluate((w) => (window.__wanted = w), wanted);
  for (const ch of word) {
    await page.keyboard.type(ch);
    last = await page.evaluate(() => performance.now());
    await page.waitForTimeout(120);
  }
  await page.waitForFunction(() => window.__seen !== null && window.__counted !== null, null, { timeout: 60000 });
  await page.waitForTimeout(300);
  const { seen, counted, events, count } = await page.evaluate(() => ({
    seen: window.__seen,
    counted: window.__counted,
    events: window.__events,
    count: document.querySelector("[data-testid=result-count]")?.textContent,
  }));
  const finished = await Promise.all(requests.map((r) => r.done));
  const data = finished.filter((r) => r.url.includes("/data/v1/"));
  const code = finished.filter((r) => !r.url.includes("/data/v1/"));
  const sum = (list, key) => list.reduce((s, r) => s + r[key], 0);
  const keys = events.filter((e) => ["keydown", "keypress", "keyup", "input"].includes(e.name)).map((e) => e.duration);
  while (keys.length < word.length * 4) keys.push(16);
  return {
    result_ms: Math.round(seen - last),
    count_ms: Math.round(counted - last),
    count,
    data_files: data.length,
    data_brotli: sum(data, "brotli"),
    data_raw: sum(data, "raw"),
    code_brotli: sum(code, "brotli"),
    keys,
  };
}

/** A fresh context on the mobile profile, its requests for data and the search's code recorded. */
async function freshPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "ru-RU" });
  const page = await context.newPage();
  await page.addInitScript(OBSERVE);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1638.4 * 1024) / 8,
    uploadThroughput: (675 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const requests = [];
  page.on("request", (request) => {
    const u = request.url();
    if (!u.includes("/data/v1/") && !u.includes("search")) return;
    requests.push({
      url: u,
      done: request
        .response()
        .then((response) => response?.body())
        .then((body) => ({ url: u, raw: body?.length ?? 0, brotli: body ? brotli(body) : 0 }))
        .catch(() => ({ url: u, raw: 0, brotli: 0 })),
    });
  });
  await page.goto(url);
  await page.locator("[data-testid=deed-card]").first().waitFor({ timeout: 60000 });
  await page.waitForTimeout(1000);
  return { context, page, requests };
}

export async function measureSearch() {
  const site = siteWith(DEEDS);
  const server = await startServer({ dist: site });
  const browser = await launch();
  const rare = [];
  const rareCold = [];
  const common = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // A visit's first search: the common word, the search's code loaded with it.
      const first = await freshPage(browser, server.url);
      common.push(await search(first.page, "донор", "", first.requests));
      // Then the rare word, its data cold, the code warm.
      rare.push(await search(first.page, "12345", "12345", first.requests));
      await first.context.close();
      // The rare word as a visit's first search.
      const cold = await freshPage(browser, server.url);
      rareCold.push(await search(cold.page, "12345", "12345", cold.requests));
      await cold.context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const summary = (runs) => ({
    result_ms: median(runs.map((r) => r.result_ms)),
    count_ms: median(runs.map((r) => r.count_ms)),
    count: runs[0].count,
    data_files: median(runs.map((r) => r.data_files)),
    data_kb: +(median(runs.map((r) => r.data_brotli)) / 1024).toFixed(1),
    data_raw_kb: +(median(runs.map((r) => r.data_raw)) / 1024).toFixed(1),
    code_kb: +(median(runs.map((r) => r.code_brotli)) / 1024).toFixed(1),
  });
  const keys = [...common, ...rare, ...rareCold].flatMap((r) => r.keys);
  return {
    rare: summary(rare),
    rare_first_search: summary(rareCold),
    common: summary(common),
    keystroke_p95_ms: percentile(keys, 95),
    keystroke_max_ms: Math.max(...keys),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureSearch(), null, 1));
}
