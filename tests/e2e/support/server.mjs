// Starts the native server (`qq serve`) on a free loopback port against the release build.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const built = new Map();

/**
 * The site folder published for `base`: `make site`'s site/ for "/", and for a sub-path
 * ("/qq/") a folder `qq site` publishes from the same build once per test run, since a
 * site's pages name their base.
 */
export function siteFor(base) {
  if (base === "/") return path.join(root, "site");
  if (!built.has(base)) {
    const out = path.join(root, "target/e2e-sites", base.replace(/\//g, "") || "root");
    const bin = path.join(root, "target/debug/qq");
    if (!existsSync(bin)) throw new Error("target/debug/qq is missing: run make site");
    execFileSync(bin, [
      "site",
      "--dist", path.join(root, "dist"),
      "--out", out,
      "--base", base,
      "--public-url", `http://127.0.0.1${base}`,
    ], { stdio: ["ignore", "ignore", "inherit"] });
    built.set(base, out);
  }
  return built.get(base);
}

/** Serves the site folder published for `base` ("/" or "/qq/"); resolves to { url, stop }. */
export function startServer({ base = "/", dist = siteFor(base), data = null, env = {} } = {}) {
  const bin = path.join(root, "target/debug/qq");
  const args = ["serve", "--addr", "127.0.0.1:0", "--dist", dist, "--base", base];
  if (data) args.push("--data", data, "--seed", "sample");
  const child = spawn(bin, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`qq serve did not start: ${stderr}`)), 15000);
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = stdout.match(/at (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          stop: () =>
            new Promise((done) => {
              child.once("exit", done);
              child.kill("SIGTERM");
            }),
        });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`qq serve exited with ${code}: ${stderr}`));
    });
  });
}
