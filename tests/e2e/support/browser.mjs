// The system Chromium, driven by playwright-core; nothing is downloaded.
import { chromium } from "playwright-core";

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};

/**
 * Starts Chromium. Its contexts block the site's service worker unless a test allows it
 * (`serviceWorkers: "allow"`): a page served by the worker bypasses Playwright's routes,
 * which the tests use to fake failures.
 */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: "block", ...options });
  return browser;
}

/**
 * Records what went wrong on a page: console errors, uncaught exceptions, and responses
 * with an error status (as "404 URL"; the console's own line for those names no URL).
 */
export function watchErrors(page) {
  const errors = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (message.text().startsWith("Failed to load resource")) return; // recorded below
    errors.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "";
    // Leaving a page cancels its fetches in flight; that is not a failure of the app.
    if (reason !== "net::ERR_ABORTED") errors.push(`failed ${request.url()}: ${reason}`);
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}
