// `make bench`, the site's pages as a slow phone opens them from a plain static host: the
// largest contentful paint (median of LOADS cold loads), the layout shifts until the app
// has taken the page over, and Lighthouse 12's performance score (mobile preset). Each
// figure is checked against its bar; the caller decides what a missed bar means.
//
// The loads run in the system Chromium through playwright-core with Lighthouse's mobile
// throttling applied over CDP (as tests/bench/browser.mjs does for the feed); Lighthouse
// runs its own Chromium through chrome-launcher. Both come from pinned packages
// (tests/e2e and tests/bench, `npm ci`); nothing is downloaded while measuring.
//
// Alone: `node tests/bench/pages.mjs [siteDir]` prints the figures (exit code 0 whether or
// not the bars are met); with PAGES_JSON=FILE it also writes them all to FILE.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launch } from "../e2e/support/browser.mjs";
import { startStaticHost } from "../e2e/support/static.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Cold loads per page; the median LCP is the figure. */
export const LOADS = 5;

/**
 * Lighthouse runs per page; the median score is the figure. One run's score swings (on
 * this machine the feed's went from 0.83 to 1.0 between runs of one build), and each run
 * takes about 7 s.
 */
export const LIGHTHOUSE_RUNS = 3;

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
    // An entry read after its element left the page (the app replaced it) names none.
    if (lcp && lcp.element === null) lcp.within = "(an element no longer in the page when reported)";
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

/**
 * Lighthouse 12's mobile preset (simulated throttling), performance only, `runs` times over
 * each page; the run with the median score is the page's.
 */
async function lighthouseAll(base, pages, runs) {
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
      const each = [];
      for (let run = 0; run < runs; run++) {
        const result = await lighthouse(base + page.path.slice(1), {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance"],
        });
        each.push(summarise(result.lhr));
      }
      const sorted = [...each].sort((a, b) => (a.score ?? -1) - (b.score ?? -1));
      const chosen = sorted[Math.floor(sorted.length / 2)];
      results[page.name] = {
        ...chosen,
        runs: each.map((r) => ({ score: r.score, lcp_ms: r.lcp_ms, tbt_ms: r.tbt_ms, cls: r.cls, lcp_counted: r.lcp_counted })),
      };
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
  const pathname = (url) => {
    try {
      return new URL(url).pathname;
    } catch {
      return url;
    }
  };
  // `largest-contentful-paint-element`: a list of two tables, the element and the phases.
  const lcpDetails = audit("largest-contentful-paint-element").details?.items ?? [];
  const lcpNode = lcpDetails[0]?.items?.[0]?.node ?? null;
  const phases = Object.fromEntries((lcpDetails[1]?.items ?? []).map((p) => [p.phase, Math.round(p.timing)]));
  const observed = audit("metrics").details?.items?.[0] ?? {};
  // The simulated LCP counts every request that had finished by the paint in the
  // unthrottled load Lighthouse recorded (its "ended before the paint" rule), whatever
  // the paint needed: those are the requests it charged to the LCP.
  const lcpAt = observed.observedLargestContentfulPaint ?? null;
  const requests = audit("network-requests").details?.items ?? [];
  const lcpCounted = lcpAt === null ? [] : requests.filter((r) => r.networkEndTime <= lcpAt).map((r) => `${pathname(r.url)} (${r.transferSize} B)`);
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
    observed_lcp_ms: lcpAt,
    observed_fcp_ms: observed.observedFirstContentfulPaint ?? null,
    lcp_counted: lcpCounted,
    lcp_element: lcpNode ? { selector: lcpNode.selector, snippet: lcpNode.snippet } : null,
    lcp_phases: phases,
    render_blocking: (audit("render-blocking-resources").details?.items ?? []).map((i) => ({
      url: pathname(i.url),
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
    // Audits that could not run (Lighthouse 12.2's trace reader fails on some of newer
    // Chromium's trace events); the score's metrics are not among them when it is set.
    failed_audits: Object.values(lhr.audits)
      .filter((a) => a.scoreDisplayMode === "error")
      .map((a) => a.id),
    warnings: [...(lhr.runtimeError ? [lhr.runtimeError.message] : []), ...(lhr.runWarnings ?? [])],
  };
}

/**
 * Every figure over the site folder `site`, served by the plain static host, and whether
 * each bar is met.
 */
export async function measurePages({ site = path.join(root, "site"), loads = LOADS, lighthouseRuns = LIGHTHOUSE_RUNS } = {}) {
  const pages = pagesOf(site);
  const started = Date.now();
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
    const loadsSeconds = Math.round((Date.now() - started) / 1000);
    const lighthouse = await lighthouseAll(host.url, pages, lighthouseRuns);
    const lighthouseSeconds = Math.round((Date.now() - started) / 1000) - loadsSeconds;

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
      lighthouse_runs: lighthouseRuns,
      seconds: { loads: loadsSeconds, lighthouse: lighthouseSeconds },
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
  const mark = (ok) => (ok === null ? "" : ok ? " ok" : " MISSED");
  const fixed = (v, digits) => (v === null || v === undefined ? "-" : v.toFixed(digits));
  const table = [
    ["page", "LCP median", "each load (ms)", "CLS worst", "each load", "LH score", "each run", "LH LCP", "LH TBT", "LH CLS", "all bars"],
  ];
  for (const p of result.pages) {
    const lh = p.lighthouse;
    table.push([
      `${p.name} ${p.path}`,
      `${p.lcp.median_ms ?? "-"} ms${p.lcp.bar_ms === null ? "" : ` (<= ${p.lcp.bar_ms})`}${mark(p.lcp.pass)}`,
      p.lcp.loads_ms.map((v) => v ?? "-").join(" "),
      `${fixed(p.cls.max, 4)} (<= ${p.cls.bar})${mark(p.cls.pass)}`,
      p.cls.loads.map((v) => fixed(v, 4)).join(" "),
      `${fixed(lh.score, 2)} (>= ${result.bars.score})${mark(lh.pass)}`,
      lh.runs.map((r) => fixed(r.score, 2)).join(" "),
      `${lh.lcp_ms} ms`,
      `${lh.tbt_ms} ms`,
      fixed(lh.cls, 3),
      p.pass ? "yes" : "NO",
    ]);
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  lines.push(
    `${result.loads} cold loads per page in Chromium ${result.browser}: ${result.phone.viewport.width}x${result.phone.viewport.height} ` +
      `at ${result.phone.deviceScaleFactor}x, ${result.throttling.latency} ms latency, ` +
      `${Math.round((result.throttling.downloadThroughput * 8) / 1024)} kbit/s down, ${result.throttling.cpu}x CPU, ${result.locale}; ` +
      `Lighthouse mobile preset, ${result.lighthouse_runs} runs per page (the median score's run shown)`,
  );
  lines.push("");
  for (const row of table) lines.push(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
  lines.push("");
  for (const p of result.pages) {
    const lh = p.lighthouse;
    lines.push(`${p.name} ${p.path}`);
    lines.push(`  LCP element: ${p.lcp.within} "${p.lcp.text ?? ""}"`);
    const others = Object.entries(p.lcp.elements).filter(([e]) => e !== p.lcp.within);
    if (others.length) lines.push(`  other loads' LCP elements: ${others.map(([e, k]) => `${e} (${k})`).join("; ")}`);
    lines.push(`  FCP ${p.fcp_ms.join(" ")} ms; the app live at ${p.live_ms.map((v) => v ?? "never").join(" ")} ms`);
    const html = p.resources?.html;
    if (html) lines.push(`  the HTML (first load): ${html.bytes} B, last byte at ${html.end} ms`);
    const requests = p.resources?.requests ?? [];
    const blocking = requests.filter((r) => r.blocking === "blocking");
    lines.push(`  render-blocking requests: ${blocking.length ? blocking.map((r) => `${r.url} (${r.bytes} B, ${r.start}-${r.end} ms)`).join(", ") : "none"}`);
    const before = requests.filter((r) => p.lcp.median_ms !== null && r.start < p.lcp.median_ms);
    if (before.length) lines.push(`  requested before the LCP: ${before.map((r) => `${r.url} (${r.kind}, ${r.bytes} B)`).join(", ")}`);
    for (const s of p.cls.shifts) {
      lines.push(`  layout shift in load ${s.load} at ${s.ms} ms: ${s.value.toFixed(4)}`);
      for (const src of s.sources) lines.push(`    ${src.node}: ${JSON.stringify(src.from)} -> ${JSON.stringify(src.to)}`);
    }
    if (p.errors.length) lines.push(`  page errors: ${p.errors.join("; ")}`);
    lines.push(
      `  Lighthouse ${lh.version} (benchmark index ${lh.benchmark_index}): FCP ${lh.fcp_ms} ms, SI ${lh.si_ms} ms, ` +
        `LCP ${lh.lcp_ms} ms, TBT ${lh.tbt_ms} ms; its unthrottled load painted at ${lh.observed_lcp_ms} ms`,
    );
    for (const [i, r] of lh.runs.entries()) {
      lines.push(`    run ${i + 1}: score ${fixed(r.score, 2)}, LCP ${r.lcp_ms} ms, TBT ${r.tbt_ms} ms; LCP charged with ${r.lcp_counted.join(", ")}`);
    }
    if (lh.lcp_element) lines.push(`  Lighthouse's LCP element: ${lh.lcp_element.selector}`);
    if (Object.keys(lh.lcp_phases).length) lines.push(`  Lighthouse's LCP phases: ${JSON.stringify(lh.lcp_phases)}`);
    if (lh.render_blocking.length) {
      lines.push(`  Lighthouse's render-blocking: ${lh.render_blocking.map((r) => `${r.url} (${r.wasted_ms} ms)`).join(", ")}`);
    }
    for (const s of lh.layout_shifts) lines.push(`  Lighthouse's layout shift: ${s.selector} ${fixed(s.score, 4)}`);
    if (lh.long_tasks.length) {
      lines.push(`  Lighthouse's long tasks: ${lh.long_tasks.map((t) => `${path.basename(t.url)} ${t.duration_ms} ms at ${t.start_ms} ms`).join(", ")}`);
    }
    if (lh.failed_audits.length) lines.push(`  Lighthouse audits that failed: ${lh.failed_audits.join(", ")}`);
    for (const w of lh.warnings) lines.push(`  Lighthouse warning: ${w}`);
  }
  lines.push("");
  lines.push(`measured in ${result.seconds.loads} s of loads and ${result.seconds.lighthouse} s of Lighthouse`);
  lines.push(`all bars met: ${result.pass ? "yes" : "no"}`);
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const site = path.resolve(process.argv[2] ?? path.join(root, "site"));
  const result = await measurePages({ site });
  console.log(report(result));
  if (process.env.PAGES_JSON) writeFileSync(process.env.PAGES_JSON, JSON.stringify(result, null, 2));
}
