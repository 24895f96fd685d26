// Starts the native server (`qq serve`) on a free loopback port against the release build.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Serves the site folder at `base` ("/" or "/qq/"); resolves to { url, stop }. */
export function startServer({ base = "/", dist = path.join(root, "site"), data = null, env = {} } = {}) {
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
