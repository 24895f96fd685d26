// Submitting deeds: the form, the outbox on the phone, the inbox (`qq serve --data`), the
// moderators' page (tests/e2e/moderate.test.mjs has the rest of it) and publishing into
// the feed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { App } from "./support/app.mjs";
import { VIEWPORTS, launch, watchErrors } from "./support/browser.mjs";
import { startServer } from "./support/server.mjs";
import { assertAccessible, keepScreenshot } from "./support/audit.mjs";
import { t } from "./support/locales.mjs";
import { Moderation } from "./support/moderate.mjs";
import { university } from "./support/store.mjs";

const TOKEN = "tester-token-0123456789";
const session = {};

before(async () => {
  session.data = mkdtempSync(path.join(os.tmpdir(), "qq-e2e-"));
  session.browser = await launch();
  // With an inbox: the site, the store and the API on one port.
  session.inbox = await startServer({ data: session.data, env: { QQ_MODERATOR_TOKENS: `tester:${TOKEN}` } });
  // A plain static site: no inbox answers.
  session.plain = await startServer();
});

after(async () => {
  await session.browser?.close();
  await session.inbox?.stop();
  await session.plain?.stop();
  rmSync(session.data, { recursive: true, force: true });
});

async function open(server, options = {}) {
  const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US", ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const app = new App(page, server.url);
  await app.open("/submit");
  await page.locator("#sub-university").waitFor();
  return { context, page, errors, app };
}

let serial = 0;
/** Fills the form with a good deed and sends it; resolves to its title. */
async function sendDeed(page, { title } = {}) {
  serial += 1;
  const name = title ?? `Tested deed ${Date.now()} ${serial}`;
  await page.locator("#sub-university").fill(university("kaznu").short.en);
  await page.locator("label.chip", { hasText: t("en", "virtue.honesty.name") }).click();
  await page.locator("#sub-title").fill(name);
  await page.locator("#sub-story").fill("We found a wallet in the library and took it back to its owner the same day.");
  await page.locator("#sub-date").fill("2020-03-02");
  await page.getByRole("button", { name: t("en", "submit.pass_add") }).click();
  await page.locator("#sub-pass-0").fill(university("enu").short.en);
  await page.locator("#sub-consent").check();
  await page.getByRole("button", { name: t("en", "submit.send"), exact: true }).click();
  return name;
}

const mine = (page, title) => page.getByTestId("my-deeds").locator("li", { hasText: title });

async function moderation(server, method, route, body) {
  const response = await fetch(`${server.url}api/v1/${route}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: await response.json() };
}

describe("submit", () => {
  it("puts translated errors next to their fields, announced, and focuses the first", async () => {
    const { context, page, errors } = await open(session.plain, { locale: "ru-RU" });
    await page.getByRole("button", { name: t("ru", "submit.send"), exact: true }).click();
    const field = page.locator("#sub-university");
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.equal(await page.locator("#sub-university-error").textContent(), t("ru", "submit.error.no_university"));
    assert.match(await field.getAttribute("aria-describedby"), /sub-university-error/);
    assert.equal(await page.locator("#sub-university-error").getAttribute("aria-live"), "polite");
    assert.equal(await page.evaluate(() => document.activeElement.id), "sub-university");
    // Typed rules come from the model: a title too short, a link that is not http(s).
    await page.locator("#sub-title").fill("Hi");
    await page.locator("#sub-link").fill("javascript:alert(1)");
    assert.equal(await page.locator("#sub-title-error").textContent(), t("ru", "submit.error.too_short", { n: 3 }));
    assert.equal(await page.locator("#sub-link-error").textContent(), t("ru", "submit.error.link_not_http"));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("sends a deed to the inbox once; a moderator publishes it and it reaches the feed", async () => {
    const { context, page } = await open(session.inbox);
    const title = await sendDeed(page);
    await mine(page, title).and(page.locator('[data-state="sent"]')).waitFor();
    // The inbox answered 201: the form says sent, waiting for a moderator, never "kept on
    // this phone".
    const notice = page.getByTestId("submit-notice").locator("p");
    assert.equal(await notice.getAttribute("data-progress"), "sent");
    assert.match(await notice.textContent(), new RegExp(`^${t("en", "submit.sent")}`));
    assert.equal(await notice.getByRole("button", { name: t("en", "submit.follow") }).count(), 1);
    const queue = await moderation(session.inbox, "GET", "moderation/queue");
    const queued = queue.json.submissions.filter((s) => s.submission.title === title);
    assert.equal(queued.length, 1);
    assert.deepEqual(queued[0].submission.university, { id: "kaznu" });
    assert.deepEqual(queued[0].submission.passes_to, [{ id: "enu" }]);
    // Sending the same submission again (a retry) stores nothing new.
    const again = await fetch(`${session.inbox.url}api/v1/deeds`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(queued[0].submission),
    });
    assert.equal(again.status, 201);
    const approved = await moderation(session.inbox, "POST", `moderation/${queued[0].id}/approve`);
    assert.equal(approved.json.state, "published");
    await page.reload();
    await mine(page, title).and(page.locator('[data-state="published"]')).waitFor();
    await mine(page, title).getByRole("link", { name: t("en", "submit.open") }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/deed/${approved.json.deed_id}/`);
    // The deed's own page is finished HTML at once, as a shared link's preview reads it.
    const shared = await fetch(`${session.inbox.url}deed/${approved.json.deed_id}/`);
    assert.equal(shared.status, 200);
    const html = await shared.text();
    assert.ok(html.includes(`<meta property="og:title" content="${title} · `), "the link preview names the deed and its university");
    await page.goto(session.inbox.url);
    await page.locator("html[data-live]").waitFor({ state: "attached" });
    await page.locator("[data-testid=deed-card]").first().waitFor();
    assert.equal(await page.locator("[data-testid=deed-card] h2").first().innerText(), title);
    await context.close();
  });

  it("keeps a deed waiting on a plain static host, through a reload, and sends it when an inbox answers", async () => {
    const { context, page } = await open(session.plain);
    const title = await sendDeed(page);
    // No inbox answers on a plain static host: kept on this phone, never called sent.
    const notice = page.getByTestId("submit-notice").locator("p");
    await notice.and(page.locator('[data-progress="queued"]')).waitFor();
    assert.equal(await notice.textContent(), t("en", "submit.saved"));
    await mine(page, title).and(page.locator('[data-state="waiting"]')).waitFor();
    await page.reload();
    await mine(page, title).and(page.locator('[data-state="waiting"]')).waitFor();
    const posted = [];
    await page.route("**/api/v1/deeds", async (route) => {
      posted.push(JSON.parse(route.request().postData()));
      await route.fulfill({ status: 201, json: { id: posted.at(-1).id, state: "pending" } });
    });
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await mine(page, title).and(page.locator('[data-state="sent"]')).waitFor();
    assert.equal(posted.length, 1);
    // A reload forgot which deed the form had just kept: the notice is gone, "My deeds"
    // says where it stands.
    assert.equal(await page.getByTestId("submit-notice").locator("p").count(), 0);
    assert.equal(posted[0].title, title);
    await context.close();
  });

  it("sends a waiting deed from the feed's page, and loads the form's app there only while one waits", async () => {
    const { context, page, errors } = await open(session.plain);
    const title = await sendDeed(page);
    await mine(page, title).and(page.locator('[data-state="waiting"]')).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem("qq.outbox.waiting")), "1");
    errors.length = 0; // the plain host's 404 for the first try was expected
    const posted = [];
    await page.route("**/api/v1/deeds", async (route) => {
      posted.push(JSON.parse(route.request().postData()));
      await route.fulfill({ status: 201, json: { id: posted.at(-1).id, state: "pending" } });
    });
    const formApp = [];
    page.on("request", (request) => {
      if (/alfarabi-qq-submit-[0-9a-f]+_bg\.wasm/.test(request.url())) formApp.push(request.url());
    });
    const app = new App(page, session.plain.url);
    await app.open("/about");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "read");
    await page.waitForFunction(() => localStorage.getItem("qq.outbox.waiting") === "0");
    assert.equal(posted.length, 1);
    assert.equal(posted[0].title, title);
    assert.equal(formApp.length, 1);
    // Nothing waits now: the next page downloads only its own app.
    await app.open("/");
    await page.locator("[data-testid=deed-card]").first().waitFor();
    assert.equal(formApp.length, 1);
    assert.deepEqual(errors, []);
    await app.open("/submit");
    await mine(page, title).and(page.locator('[data-state="sent"]')).waitFor();
    await context.close();
  });

  it("marks a refused deed as needing attention; correcting it sends it again under its id", async () => {
    const { context, page } = await open(session.plain);
    const posted = [];
    await page.route("**/api/v1/deeds", async (route) => {
      const body = JSON.parse(route.request().postData());
      posted.push(body);
      if (posted.length === 1) {
        await route.fulfill({ status: 422, json: { errors: [{ field: "title", code: "too_long", max: 120 }] } });
      } else {
        await route.fulfill({ status: 201, json: { id: body.id, state: "pending" } });
      }
    });
    const title = await sendDeed(page);
    const item = mine(page, title);
    await item.and(page.locator('[data-state="attention"]')).waitFor();
    assert.match(await item.textContent(), new RegExp(t("en", "submit.error.too_long", { n: 120 })));
    await item.getByRole("button", { name: t("en", "submit.correct") }).click();
    assert.equal(await page.locator("#sub-title").inputValue(), title);
    await page.locator("#sub-title").fill(`${title} (corrected)`);
    await page.getByRole("button", { name: t("en", "submit.send"), exact: true }).click();
    await mine(page, `${title} (corrected)`).and(page.locator('[data-state="sent"]')).waitFor();
    assert.equal(posted.length, 2);
    assert.equal(posted[1].id, posted[0].id);
    assert.equal(await page.getByTestId("my-deeds").locator("li").count(), 1);
    await context.close();
  });

  it("opens again with no connection once visited, the outbox included", async () => {
    const { context, page } = await open(session.plain, { serviceWorkers: "allow" });
    const title = await sendDeed(page);
    await mine(page, title).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
    await page.reload();
    await page.locator("#sub-university").waitFor();
    await mine(page, title).and(page.locator('[data-state="waiting"]')).waitFor();
    await context.setOffline(false);
    await context.close();
  });

  it("opens the form with no connection when only the feed was visited", async () => {
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US", serviceWorkers: "allow" });
    const page = await context.newPage();
    const app = new App(page, session.plain.url);
    await app.open("/");
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
    await app.open("/submit");
    await page.locator("#sub-university").waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "submit");
    // The form's own styles were kept too.
    assert.equal(await page.locator(".submit-form").evaluate((form) => getComputedStyle(form).display), "grid");
    await context.setOffline(false);
    await context.close();
  });

  it("lets a moderator sign in, publish a deed into the feed and reject another with a reason", async () => {
    const { context, page } = await open(session.inbox);
    const title = await sendDeed(page);
    const declined = await sendDeed(page);
    await mine(page, declined).and(page.locator('[data-state="sent"]')).waitFor();
    await mine(page, title).and(page.locator('[data-state="sent"]')).waitFor();
    const moderation = new Moderation(page, session.inbox.url, "en");
    await moderation.open();
    assert.equal(new URL(page.url()).pathname, "/moderate/");
    await moderation.signIn("wrong-token-0000000000");
    await page.getByRole("alert").filter({ hasText: t("en", "moderate.token_invalid") }).waitFor();
    await moderation.signInAndWait(TOKEN);
    assert.ok(!page.url().includes(TOKEN));
    // The student's deed, as the public card will show it.
    const entry = moderation.entry(title);
    assert.equal(await entry.getByTestId("deed-card").locator("h2").textContent(), title);
    await moderation.approveButton(entry).click();
    await entry.waitFor({ state: "detached" });
    await moderation.reject(moderation.entry(declined), "Not a deed: an advertisement.");
    await moderation.entry(declined).waitFor({ state: "detached" });
    await page.goto(`${session.inbox.url}submit`);
    await mine(page, title).and(page.locator('[data-state="published"]')).waitFor();
    await mine(page, declined).and(page.locator('[data-state="rejected"]')).waitFor();
    assert.match(await mine(page, declined).textContent(), /Not a deed: an advertisement\./);
    await page.goto(session.inbox.url);
    await page.locator("html[data-live]").waitFor({ state: "attached" });
    await page.locator("[data-testid=deed-card]").first().waitFor();
    assert.equal(await page.locator("[data-testid=deed-card] h2").first().innerText(), title);
    await context.close();
  });

  it("lets a moderator add the university a student could not find, then publish the deed", async () => {
    const { context, page } = await open(session.inbox);
    await page.getByLabel(t("en", "submit.unlisted"), { exact: true }).check();
    await page.locator("#sub-university").fill("Termez State University");
    await page.locator("#sub-university-city").fill("Termez");
    await page.locator("label.chip", { hasText: t("en", "virtue.justice.name") }).click();
    const title = `An unlisted university's deed ${Date.now()}`;
    await page.locator("#sub-title").fill(title);
    await page.locator("#sub-story").fill("We repaired the ramp at the entrance of the city library for wheelchair users.");
    await page.locator("#sub-date").fill("2020-03-05");
    await page.locator("#sub-consent").check();
    await page.getByRole("button", { name: t("en", "submit.send"), exact: true }).click();
    await mine(page, title).and(page.locator('[data-state="sent"]')).waitFor();
    const moderation = new Moderation(page, session.inbox.url, "en");
    await moderation.open();
    await moderation.signInAndWait(TOKEN);
    await moderation.addUniversity({ id: "termez", name: "Termez State University", city: "Termez", country: "UZ", lat: 37.22, lon: 67.28 });
    await moderation.status().filter({ hasText: t("en", "moderate.added", { name: "termez" }) }).waitFor();
    const entry = moderation.entry(title);
    await moderation.pickField(entry, "Termez State University, Termez").fill("termez");
    await moderation.approveButton(entry).click();
    await entry.waitFor({ state: "detached" });
    await page.goto(`${session.inbox.url}u/termez`);
    await page.getByRole("heading", { level: 1, name: "Termez State University" }).waitFor();
    await context.close();
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const colorScheme of ["light", "dark"]) {
      it(`axe finds no violation at ${size} in ${colorScheme} with errors shown, and a screenshot is kept`, async () => {
        const { context, page } = await open(session.plain, { viewport, colorScheme, locale: "kk-KZ" });
        await page.locator("form.submit-form button[type=submit]").click();
        await page.locator("#sub-university-error").filter({ hasText: /./ }).waitFor();
        await assertAccessible(page);
        await keepScreenshot(page, `submit-${size}-${colorScheme}`, { fullPage: true });
        await context.close();
      });
    }
  }
});
