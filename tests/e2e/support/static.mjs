// A plain static host, as a CDN or nginx with `try_files $uri $uri/index.html =404;
// error_page 404 /404.html;` serves the site folder: files as they are, a folder's
// index.html (a folder named without its slash is redirected to it), and 404.html with
// status 404 for anything else. No headers of ours: what the page does on such a host is
// all the page's own doing.
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
export function startStaticHost({ dist = path.join(root, "site") } = {}) {
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
    const inside = file === dist || file.startsWith(dist + path.sep);
    let body = null;
    let status = 200;
    let type = TYPES[".html"];
    const found = inside ? await stat(file).catch(() => null) : null;
    if (found?.isFile()) {
      body = await readFile(file);
      type = TYPES[path.extname(file)] ?? "application/octet-stream";
    } else if (found?.isDirectory() && !raw.endsWith("/")) {
      // The folder's own name (as nginx merges slashes): never `//other-host/`.
      response.writeHead(301, { location: "/" + path.relative(dist, file).split(path.sep).join("/") + "/" });
      response.end();
      return;
    } else if (found?.isDirectory() && (await stat(path.join(file, "index.html")).catch(() => null))) {
      body = await readFile(path.join(file, "index.html"));
    } else {
      status = 404;
      body = await readFile(path.join(dist, "404.html")).catch(() => Buffer.from("not found"));
    }
    response.writeHead(status, { "content-type": type });
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
