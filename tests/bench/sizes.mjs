// `make bench`: the release build's transfer sizes (raw, gzip, brotli) by kind, appended
// with the date to BENCHMARKS.md. Exits non-zero when the shell is over its budget.
import { readdirSync, readFileSync, statSync, appendFileSync, existsSync, writeFileSync } from "node:fs";
import { execSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(root, "dist");
const BUDGET_BROTLI = 150 * 1024; // the app shell: wasm + js + css + html
const KINDS = [".wasm", ".js", ".css", ".html"];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? [] : [full]; // the shell is the top level of dist/
  });
}

function sizes(buffer) {
  return {
    raw: buffer.length,
    gzip: zlib.gzipSync(buffer, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buffer, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  };
}

const rows = Object.fromEntries(KINDS.map((kind) => [kind, { raw: 0, gzip: 0, brotli: 0 }]));
for (const file of files(dist)) {
  const kind = path.extname(file);
  if (!rows[kind]) continue;
  const s = sizes(readFileSync(file));
  for (const k of ["raw", "gzip", "brotli"]) rows[kind][k] += s[k];
}
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const kind of KINDS) for (const k of Object.keys(total)) total[k] += rows[kind][k];

const kb = (n) => (n / 1024).toFixed(1);
console.log("kind     raw KB   gzip KB  brotli KB");
for (const kind of [...KINDS, "total"]) {
  const r = kind === "total" ? total : rows[kind];
  console.log(`${kind.padEnd(8)} ${kb(r.raw).padStart(7)} ${kb(r.gzip).padStart(9)} ${kb(r.brotli).padStart(10)}`);
}
const within = total.brotli <= BUDGET_BROTLI;
console.log(`shell brotli ${kb(total.brotli)} KB, budget ${kb(BUDGET_BROTLI)} KB: ${within ? "within" : "OVER"}`);

const bench = path.join(root, "BENCHMARKS.md");
if (!existsSync(bench)) writeFileSync(bench, "# Benchmarks\n");
let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { cwd: root, stdio: ["ignore", "pipe", "ignore"] })
    .toString()
    .trim();
} catch {}
const date = new Date().toISOString().slice(0, 10);
const cell = (r) => `${kb(r.raw)} / ${kb(r.gzip)} / ${kb(r.brotli)}`;
appendFileSync(
  bench,
  `| ${date} | ${commit} | ${cell(rows[".wasm"])} | ${cell(rows[".js"])} | ${cell(rows[".css"])} | ${cell(rows[".html"])} | ${cell(total)} | ${within ? "yes" : "NO"} |\n`,
);
console.log(`appended to ${path.relative(root, bench)}`);
process.exit(within ? 0 : 1);
