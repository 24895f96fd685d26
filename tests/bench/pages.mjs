// `make bench`, the site's pages as a slow phone opens them from a plain static host: the
// largest contentful paint (median of LOADS cold loads), the layout shifts until the app
// has taken the page over, and Lighthouse 12's performance score (mobile preset). Each
// figure is checked against its bar; the caller decides what a missed bar means.
//
// The loads run in the system Chromium through playwright-core with Lighthouse's mobile
// throttling applied over CDP (as tests/bench/browser.mjs does for the feed); Lighthouse
// runs its own Chromium through chrome-launcher. Both come from pinned packages
// (tests/e2e and tests/bench, `npm ci`); nothing is downloaded while measuring.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launch } from "../e2e/support/browser.mjs";
import { startStaticHost } from "../e2e/support/static.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Cold loads per page; the median LCP is the figure. */
export const LOADS = 5;

/** The bars: LCP in ms per page (none for the map), CLS, Lighthouse's score. */
export const BARS = { cls: 0.02, score: 0.95 };

/** Lighthouse's mobile throttling (mobileSlow4G, 4x CPU), applied as DevTools does. */
export const SLOW_PHONE = {
  latency: 562.5,
  downloadThroughput: (1474.56 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
  cpu: 4,
};

/** Lighthouse's mobile screen (a Moto G Power). */
const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

/** The page's language in both browsers: the site's own default, its readers' first. */
const LOCALE = "kk-KZ";

/** After `<html data-live>`, how long layout shifts are still counted. */
const AFTER_LIVE_MS = 1000;

/** How long a load may take to come alive before it is recorded as never alive. */
const LIVE_TIMEOUT_MS = 45000;

/** The pages measured: the newest deed and one university from the site itself. */
export function pagesOf(site) {
  const manifest = JSON.parse(readFileSync(path.join(site, "data/v1/manifest.json"), "utf8"));
  const universities = existsSync(path.join(site, "u")) ? readdirSync(path.join(site, "u")).sort() : [];
  const university = universities.includes("kaznu") ? "kaznu" : universities[0];
  return [
    { name: "feed", path: "/", lcpBar: 1000 },
    { name: "deed", path: `/deed/${manifest.last_id}/`, lcpBar: 1000 },
    { name: "university", path: `/u/${university}/`, lcpBar: 1200 },
    { name: "relay", path: "/relay/", lcpBar: 1200 },
    { name: "map", path: "/map/", lcpBar: null },
  ];
}

function median(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// In the page before any of its scripts: the LCP entries (with their element described as
// they are reported, since the app replaces the page's elements), the layout shifts and
// their sources, the first contentful paint, and when `<html data-live>` appeared.
const OBSERVE = () => {
  const one = (element) => {
    const classes = typeof element.className === "string" ? element.className.trim().split(/\s+/).filter(Boolean) : [];
    return element.tagName.toLowerCase() + (element.id ? `#${element.id}` : "") + classes.map((c) => `.${c}`).join("");
  };
  // The element and up to two of its nearest ancestors that have a class or an id.
  const describe = (node) => {
    if (!node) return null;
    const element = node.nodeType === 1 ? node : node.parentElement;
    if (!element) return node.nodeName;
    const chain = [one(element)];
    for (let up = element.parentElement; up && up !== document.body && chain.length < 3; up = up.parentElement) {
      if (up.id || (typeof up.className === "string" && up.className.trim())) chain.unshift(one(up));
    }
    return chain.join(" > ");
  };
  const rect = (r) => (r ? [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)] : null);
  const qq = (window.__qq = { lcp: [], shifts: [], fcp: null, live: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      qq.lcp.push({
        time: e.startTime,
        size: e.size,
        url: e.url || null,
        element: e.element ? one(e.element) : null,
        within: describe(e.element),
        text: e.element ? (e.element.textContent ?? "").trim().slice(0, 60) : null,
      });
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      qq.shifts.push({
        time: e.startTime,
        value: e.value,
        input: e.hadRecentInput,
        sources: (e.sources ?? []).map((s) => ({ node: describe(s.node), from: rect(s.previousRect), to: rect(s.currentRect) })),
      });
    }
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-contentful-paint") qq.fcp = e.startTime;
  }).observe({ type: "paint", buffered: true });
  // The document may have no <html> yet when this runs: watch the whole document.
  new MutationObserver((_, observer) => {
    if (document.documentElement?.hasAttribute("data-live")) {
      qq.live = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-live"] });
};

/** The page's requests as the browser timed them (ms from navigation start). */
const RESOURCES = () => {
  const nav = performance.getEntriesByType("navigation")[0];
  const list = performance.getEntriesByType("resource").map((r) => ({
    url: new URL(r.name).pathname,
    kind: r.initiatorType,
    blocking: r.renderBlockingStatus ?? null,
    start: Math.round(r.startTime),
    end: Math.round(r.responseEnd),
    bytes: r.encodedBodySize,
  }));
  return {
    html: nav ? { start: 0, firstByte: Math.round(nav.responseStart), end: Math.round(nav.responseEnd), bytes: nav.encodedBodySize } : null,
    requests: list,
  };
};

/** One cold load of `url` on the throttled phone, observed until the app is live plus AFTER_LIVE_MS. */
async function load(browser, url, withResources) {
  const context = await browser.newContext({ ...PHONE, locale: LOCALE });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: SLOW_PHONE.latency,
      downloadThroughput: SLOW_PHONE.downloadThroughput,
      uploadThroughput: SLOW_PHONE.uploadThroughput,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: SLOW_PHONE.cpu });
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(url, { waitUntil: "commit" });
    const alive = await page
      .waitForFunction(() => window.__qq?.live != null, null, { timeout: LIVE_TIMEOUT_MS, polling: 100 })
      .then(() => true)
      .catch(() => false);
    await page.waitForTimeout(AFTER_LIVE_MS);
    const qq = await page.evaluate(() => window.__qq);
    const resources = withResources ? await page.evaluate(RESOURCES) : null;
    const lcp = qq.lcp.at(-1) ?? null;
    const shifts = qq.shifts.filter((s) => !s.input);
    return {
      lcp_ms: lcp ? Math.round(lcp.time) : null,
      lcp_element: lcp?.element ?? null,
      lcp_within: lcp?.within ?? null,
      lcp_text: lcp?.text ?? null,
      lcp_size: lcp?.size ?? null,
      lcp_candidates: qq.lcp.map((c) => ({ ms: Math.round(c.time), element: c.element, size: c.size })),
      fcp_ms: qq.fcp === null ? null : Math.round(qq.fcp),
      live_ms: alive && qq.live !== null ? Math.round(qq.live) : null,
      cls: shifts.reduce((sum, s) => sum + s.value, 0),
      shifts: shifts.map((s) => ({ ms: Math.round(s.time), value: s.value, sources: s.sources })),
      errors,
      resources,
    };
  } finally {
    await context.close();
  }
}

/** Lighthouse 12's mobile preset (simulated throttling), performance only, over each page. */
async function lighthouseAll(base, pages) {
  let lighthouse;
  let chromeLauncher;
  try {
    ({ default: lighthouse } = await import("lighthouse"));
    chromeLauncher = await import("chrome-launcher");
  } catch (error) {
    throw new Error(`Lighthouse is not installed: run \`npm ci --prefix tests/bench\` (${error.message})`);
  }
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--lang=${LOCALE}`,
    ],
    logLevel: "silent",
  });
  const results = {};
  try {
    for (const page of pages) {
      const run = await lighthouse(base + page.path.slice(1), {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance"],
      });
      results[page.name] = summarise(run.lhr);
    }
  } finally {
    await chrome.kill();
  }
  return results;
}

/** The figures of one Lighthouse report the bench keeps. */
function summarise(lhr) {
  const audit = (id) => lhr.audits[id] ?? {};
  const value = (id) => audit(id).numericValue ?? null;
  const ms = (id) => (value(id) === null ? null : Math.round(value(id)));
  // `largest-contentful-paint-element`: a list of two tables, the element and the phases.
  const lcpDetails = audit("largest-contentful-paint-element").details?.items ?? [];
  const lcpNode = lcpDetails[0]?.items?.[0]?.node ?? null;
  const phases = Object.fromEntries(
    (lcpDetails[1]?.items ?? []).map((p) => [p.phase, Math.round(p.timing)]),
  );
  const observed = audit("metrics").details?.items?.[0] ?? {};
  const score = lhr.categories.performance.score;
  return {
    version: lhr.lighthouseVersion,
    benchmark_index: lhr.environment?.benchmarkIndex ?? null,
    score,
    pass: score !== null && score >= BARS.score,
    lcp_ms: ms("largest-contentful-paint"),
    fcp_ms: ms("first-contentful-paint"),
    si_ms: ms("speed-index"),
    tbt_ms: ms("total-blocking-time"),
    cls: value("cumulative-layout-shift"),
    observed_lcp_ms: observed.observedLargestContentfulPaint ?? null,
    observed_fcp_ms: observed.observedFirstContentfulPaint ?? null,
    lcp_element: lcpNode ? { selector: lcpNode.selector, snippet: lcpNode.snippet } : null,
    lcp_phases: phases,
    render_blocking: (audit("render-blocking-resources").details?.items ?? []).map((i) => ({
      url: new URL(i.url).pathname,
      wasted_ms: Math.round(i.wastedMs ?? 0),
      bytes: i.totalBytes,
    })),
    layout_shifts: (audit("layout-shifts").details?.items ?? []).map((i) => ({
      selector: i.node?.selector ?? null,
      score: i.score,
    })),
    long_tasks: (audit("long-tasks").details?.items ?? []).map((i) => ({
      url: i.url,
      start_ms: Math.round(i.startTime),
      duration_ms: Math.round(i.duration),
    })),
    warnings: lhr.runWarnings ?? [],
  };
}

/**
 * Every figure over the site folder `site`, served by the plain static host, and whether
 * each bar is met.
 */
export async function measurePages({ site = path.join(root, "site"), loads = LOADS } = {}) {
  const pages = pagesOf(site);
  const host = await startStaticHost({ dist: site });
  try {
    const measured = [];
    const browser = await launch();
    let browserVersion;
    try {
      browserVersion = browser.version();
      for (const page of pages) {
        const runs = [];
        for (let run = 0; run < loads; run++) runs.push(await load(browser, host.url + page.path.slice(1), run === 0));
        measured.push({ page, runs });
      }
    } finally {
      await browser.close();
    }
    // Lighthouse after the loads, with no other browser running beside it.
    const lighthouse = await lighthouseAll(host.url, pages);

    const results = measured.map(({ page, runs }) => {
      const lcps = runs.map((r) => r.lcp_ms).filter((v) => v !== null);
      const lcpMedian = median(lcps);
      const clsMax = Math.max(...runs.map((r) => r.cls));
      // The load whose LCP is the median one names the element.
      const medianRun = runs.find((r) => r.lcp_ms === lcpMedian) ?? runs[0];
      const elements = {};
      for (const r of runs) elements[r.lcp_within] = (elements[r.lcp_within] ?? 0) + 1;
      const lcpPass = page.lcpBar === null ? null : lcpMedian !== null && lcps.length === runs.length && lcpMedian <= page.lcpBar;
      const clsPass = clsMax <= BARS.cls && runs.every((r) => r.live_ms !== null);
      const lh = lighthouse[page.name];
      return {
        name: page.name,
        path: page.path,
        lcp: {
          median_ms: lcpMedian,
          loads_ms: runs.map((r) => r.lcp_ms),
          bar_ms: page.lcpBar,
          pass: lcpPass,
          element: medianRun.lcp_element,
          within: medianRun.lcp_within,
          text: medianRun.lcp_text,
          elements,
          candidates: medianRun.lcp_candidates,
        },
        cls: {
          // A shift in any load is a shift the reader can see: the worst load is the figure.
          max: clsMax,
          median: median(runs.map((r) => r.cls)),
          loads: runs.map((r) => r.cls),
          bar: BARS.cls,
          pass: clsPass,
          shifts: runs.flatMap((r, i) => r.shifts.map((s) => ({ load: i + 1, ...s }))),
        },
        fcp_ms: runs.map((r) => r.fcp_ms),
        live_ms: runs.map((r) => r.live_ms),
        errors: [...new Set(runs.flatMap((r) => r.errors))],
        resources: runs[0].resources,
        lighthouse: lh,
        pass: lcpPass !== false && clsPass && lh.pass,
      };
    });
    return {
      url: host.url,
      site,
      loads,
      browser: browserVersion,
      throttling: SLOW_PHONE,
      phone: PHONE,
      locale: LOCALE,
      bars: { ...BARS, lcp_ms: Object.fromEntries(pages.map((p) => [p.name, p.lcpBar])) },
      pages: results,
      pass: results.every((r) => r.pass),
    };
  } finally {
    await host.stop();
  }
}

/** The figures as a table, then what hurts them: shifts' sources, blocking requests. */
export function report(result) {
  const lines = [];
  const mark = (ok) => (ok === null ? "" : ok ? "ok" : "MISSED");
  const n = (v, digits = 3) => (v === null || v === undefined ? "-" : v.toFixed(digits));
  lines.push(
    `${result.loads} cold loads per page on ${result.browser}, ${result.phone.viewport.width}x${result.phone.viewport.height} ` +
      `@${result.phone.deviceScaleFactor}, ${result.throttling.latency} ms RTT, ` +
      `${Math.round((result.throttling.downloadThroughput * 8) / 1024)} kbit/s down, ${result.throttling.cpu}x CPU, ${result.locale}`,
  );
  lines.push("");
  lines.push(
    "page        LCP med  bar   each load (ms)                  CLS max  each load                     LH score  LH LCP  LH CLS  LH TBT  pass",
  );
  for (const p of result.pages) {
    const lh = p.lighthouse;
    lines.push(
      [
        p.name.padEnd(11),
        String(p.lcp.median_ms ?? "-").padStart(7),
        String(p.lcp.bar_ms ?? "-").padStart(5),
        ` ${p.lcp.loads_ms.map((v) => v ?? "-").join(", ")} ${mark(p.lcp.pass)}`.padEnd(33),
        n(p.cls.max, 4).padStart(7),
        ` ${p.cls.loads.map((v) => n(v, 4)).join(", ")} ${mark(p.cls.pass)}`.padEnd(30),
        `${n(lh.score, 2)} ${mark(lh.pass)}`.padStart(9),
        String(lh.lcp_ms).padStart(7),
        n(lh.cls, 3).padStart(7),
        String(lh.tbt_ms).padStart(7),
        p.pass ? "  yes" : "  NO",
      ].join(" "),
    );
  }
  lines.push("");
  for (const p of result.pages) {
    const lh = p.lighthouse;
    lines.push(`${p.name} ${p.path}`);
    lines.push(`  LCP element: ${p.lcp.within} "${p.lcp.text ?? ""}"`);
    const others = Object.entries(p.lcp.elements).filter(([e]) => e !== p.lcp.within);
    if (others.length) lines.push(`  other loads' LCP elements: ${others.map(([e, k]) => `${e} (${k})`).join("; ")}`);
    lines.push(`  FCP ${p.fcp_ms.join(", ")} ms; app live at ${p.live_ms.map((v) => v ?? "never").join(", ")} ms`);
    const html = p.resources?.html;
    if (html) lines.push(`  HTML: first byte ${html.firstByte} ms, last byte ${html.end} ms, ${html.bytes} B`);
    const blocking = (p.resources?.requests ?? []).filter((r) => r.blocking === "blocking");
    lines.push(`  render-blocking requests (browser): ${blocking.length ? blocking.map((r) => `${r.url} ${r.start}-${r.end} ms`).join(", ") : "none"}`);
    const early = (p.resources?.requests ?? []).filter((r) => p.lcp.median_ms !== null && r.start < p.lcp.median_ms);
    if (early.length) lines.push(`  requests started before the LCP: ${early.map((r) => `${r.url} (${r.kind}, ${r.bytes} B)`).join(", ")}`);
    for (const s of p.cls.shifts) {
      lines.push(`  shift in load ${s.load} at ${s.ms} ms: ${s.value.toFixed(4)}`);
      for (const src of s.sources) lines.push(`    ${src.node}: ${JSON.stringify(src.from)} -> ${JSON.stringify(src.to)}`);
    }
    if (p.errors.length) lines.push(`  page errors: ${p.errors.join("; ")}`);
    lines.push(
      `  Lighthouse ${lh.version} (benchmark index ${lh.benchmark_index}): FCP ${lh.fcp_ms} ms, SI ${lh.si_ms} ms, ` +
        `LCP ${lh.lcp_ms} ms (observed unthrottled ${lh.observed_lcp_ms} ms), TBT ${lh.tbt_ms} ms`,
    );
    if (lh.lcp_element) lines.push(`  Lighthouse's LCP element: ${lh.lcp_element.selector}`);
    if (Object.keys(lh.lcp_phases).length) lines.push(`  Lighthouse's LCP phases: ${JSON.stringify(lh.lcp_phases)}`);
    if (lh.render_blocking.length) {
      lines.push(`  Lighthouse's render-blocking: ${lh.render_blocking.map((r) => `${r.url} (${r.wasted_ms} ms)`).join(", ")}`);
    }
    for (const s of lh.layout_shifts) lines.push(`  Lighthouse's layout shift: ${s.selector} ${n(s.score, 4)}`);
    if (lh.long_tasks.length) {
      lines.push(`  Lighthouse's long tasks: ${lh.long_tasks.map((t) => `${path.basename(t.url)} ${t.duration_ms} ms @${t.start_ms}`).join(", ")}`);
    }
    for (const w of lh.warnings) lines.push(`  Lighthouse warning: ${w}`);
  }
  lines.push("");
  lines.push(`all bars met: ${result.pass ? "yes" : "no"}`);
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const site = path.resolve(process.argv[2] ?? path.join(root, "site"));
  const started = Date.now();
  const result = await measurePages({ site });
  console.log(report(result));
  console.log(`measured in ${Math.round((Date.now() - started) / 1000)} s`);
  if (process.env.PAGES_JSON) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(process.env.PAGES_JSON, JSON.stringify(result, null, 2));
  }
}
