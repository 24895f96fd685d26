// Checks shared by the end-to-end suites: axe over the WCAG 2.x A and AA rules (with the
// 2.2 target size), and screenshots kept for people to look at.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";

import { root } from "./server.mjs";

const SHOTS = path.join(root, "target/screenshots");

/** Fails with every axe violation on the page, by rule and element. */
export async function assertAccessible(page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"])
    .options({ rules: { "target-size": { enabled: true } } })
    .analyze();
  assert.deepEqual(
    results.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    [],
  );
}

/** Keeps a screenshot as target/screenshots/{name}.png. */
export async function keepScreenshot(page, name, options = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), ...options });
}
