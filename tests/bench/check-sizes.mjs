// `make test`: after the release build the end-to-end tests use, fails when a public page
// (its app's code plus the data it fetches at once) exceeds its budget in budgets.mjs.
// `make bench` records the same figures in BENCHMARKS.md.
import path from "node:path";

import { checkBudgets, measureBuild, KB } from "./budgets.mjs";
import { root } from "./store.mjs";

const results = checkBudgets(measureBuild(path.join(root, "dist")));
for (const { app, brotli, budget, ok } of results) {
  console.log(`${app.padEnd(7)} ${(brotli / KB).toFixed(1).padStart(6)} KB brotli (budget ${(budget / KB).toFixed(0)}): ${ok ? "within" : "OVER"}`);
}
if (results.some((r) => !r.ok)) {
  console.error("a page exceeds its size budget (tests/bench/budgets.mjs; README, \"Keeping the apps small\")");
  process.exit(1);
}
