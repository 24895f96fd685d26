// `make bench`, the store: what the first screen costs at 100 and at 100,000 deeds, and
// what publishing one more deed into 100,000 writes. Uses `qq sample` (release build).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const qq = path.join(root, "target/release/qq");
const work = path.join(root, "target/bench");

const brotli = (buffer) =>
  zlib.brotliCompressSync(buffer, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function sample(deeds, site, universities = 300) {
  const out = execFileSync(qq, ["sample", "--deeds", String(deeds), "--universities", String(universities), "--site", site]);
  return JSON.parse(out.toString().trim().split("\n").pop());
}

/** The first screen's data: the manifest, the universities and the newest deeds (newest.json,
 * the feed's first step; see src/app/components/deed_feed/newest.rs). */
export function firstScreenFiles() {
  return ["manifest.json", "universities.json", "newest.json"];
}

export function firstScreenBrotli(store) {
  return firstScreenFiles().reduce((sum, f) => sum + brotli(readFileSync(path.join(store, f))), 0);
}

/**
 * The keyword index of a store (see src/model/search_index.rs): its shards (count, median
 * and largest, brotli bytes), its own files (count, raw bytes), and the manifest's layout.
 */
export function searchIndexBrotli(store) {
  const dir = path.join(store, "search");
  const shards = readdirSync(path.join(dir, "s")).map((name) => brotli(readFileSync(path.join(dir, "s", name))));
  shards.sort((a, b) => a - b);
  const own = readdirSync(path.join(dir, "w"));
  const ownRaw = own.reduce((sum, name) => sum + readFileSync(path.join(dir, "w", name)).length, 0);
  const manifest = JSON.parse(readFileSync(path.join(store, "manifest.json")));
  return {
    shards: shards.length,
    shard_median: shards[Math.floor(shards.length / 2)] ?? 0,
    largest: shards[shards.length - 1] ?? 0,
    total: shards.reduce((a, b) => a + b, 0),
    own_files: own.length,
    own_raw: ownRaw,
    layout_bytes: JSON.stringify(manifest.search ?? {}).length,
  };
}

export function measureStore() {
  rmSync(work, { recursive: true, force: true });
  const small = path.join(work, "s100");
  const large = path.join(work, "s100000");
  sample(100, small);
  const full = sample(100000, large);
  // Measured at 100,000 deeds, before the 100,001st (whose newest page holds one deed, so
  // the first screen reads the page before it too, as at any size).
  const index100k = searchIndexBrotli(path.join(large, "data/v1"));
  const a = firstScreenBrotli(path.join(small, "data/v1"));
  const b = firstScreenBrotli(path.join(large, "data/v1"));
  const one = sample(100001, large);
  const medium = path.join(work, "s10000");
  sample(10000, medium);
  const index10k = searchIndexBrotli(path.join(medium, "data/v1"));
  return {
    first_screen_100: a,
    first_screen_100000: b,
    ratio: b / a,
    rebuild_100000_ms: full.total_ms,
    rebuild_files: full.files,
    one_deed_files_written: one.files_written,
    one_deed_bytes_written: one.bytes_written,
    index_10000: index10k,
    index_100000: index100k,
  };
}
