// A plain static host, as a CDN or nginx with `try_files $uri /index.html;` serves the
// built site: files as they are, and index.html for any path that is no file. No headers
// of ours, no redirects: what the page does on such a host is all the page's own doing.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

import { root } from "./server.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

/** Serves `dist` on a free loopback port; resolves to { url, stop }. */
export function startStaticHost({ dist = path.join(root, "dist") } = {}) {
  const server = createServer(async (request, response) => {
    // The path as sent, never parsed as a URL: `//other-host/x` is a path here too.
    const raw = request.url.split("?")[0];
    let relative;
    try {
      relative = decodeURIComponent(raw);
    } catch {
      relative = raw;
    }
    const file = path.join(dist, path.normalize(relative));
    const inside = file.startsWith(dist + path.sep);
    let body = null;
    let type = TYPES[".html"];
    if (inside && (await stat(file).catch(() => null))?.isFile()) {
      body = await readFile(file);
      type = TYPES[path.extname(file)] ?? "application/octet-stream";
    } else {
      body = await readFile(path.join(dist, "index.html"));
    }
    response.writeHead(200, { "content-type": type });
    response.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/`,
        stop: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
