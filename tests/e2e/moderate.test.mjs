// The moderators' page (/moderate), its own app, against a real inbox (`qq serve --data`):
// signing in, the queue shown as the public cards will show it, publishing and rejecting
// (by button and by keyboard), unlisted universities, adding a university, unpublishing,
// the audit log, its three languages, accessibility and screenshots.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { VIEWPORTS, launch, watchErrors } from "./support/browser.mjs";
import { startServer } from "./support/server.mjs";
import { assertAccessible, keepScreenshot } from "./support/audit.mjs";
import { LOCALES, t } from "./support/locales.mjs";
import { Moderation, submitDeed } from "./support/moderate.mjs";
import { university } from "./support/store.mjs";

const TOKEN = "tester-token-0123456789";
const BROWSER_LOCALE = { kk: "kk-KZ", ru: "ru-RU", en: "en-US" };
const session = {};

before(async () => {
  session.data = mkdtempSync(path.join(os.tmpdir(), "qq-e2e-moderate-"));
  session.browser = await launch();
  session.inbox = await startServer({ data: session.data, env: { QQ_MODERATOR_TOKENS: `tester:${TOKEN}` } });
});

after(async () => {
  await session.browser?.close();
  await session.inbox?.stop();
  rmSync(session.data, { recursive: true, force: true });
});

async function open(locale = "en", options = {}) {
  const context = await session.browser.newContext({ viewport: VIEWPORTS.desktop, locale: BROWSER_LOCALE[locale], ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const moderation = new Moderation(page, session.inbox.url, locale);
  await moderation.open();
  return { context, page, errors, moderation };
}

async function statusOf(id) {
  const response = await fetch(`${session.inbox.url}api/v1/deeds/${id}/status`);
  return response.json();
}

/** The audit route answers 404 until the server has it: that alone is not a page error. */
const withoutAuditGap = (errors) => errors.filter((e) => !/^404 .*\/api\/v1\/moderation\/audit/.test(e));

describe("the moderators' page", () => {
  it("is its own app, kept out of search engines and out of every public page's download", async () => {
    const { context, page } = await open();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "moderate");
    assert.equal(await page.locator('meta[name="robots"]').getAttribute("content"), "noindex");
    assert.equal(await page.locator(".tab-bar").count(), 0);
    const wasm = [];
    page.on("request", (request) => {
      if (/\.wasm$/.test(new URL(request.url()).pathname)) wasm.push(new URL(request.url()).pathname);
    });
    for (const route of ["", "map", "submit", "about", "deed/1"]) {
      await page.goto(`${session.inbox.url}${route}`);
      await page.locator("main#main h1").waitFor();
    }
    assert.ok(wasm.length >= 5, wasm.join(" "));
    assert.deepEqual(wasm.filter((file) => file.includes("moderate")), []);
    assert.equal(await page.locator('meta[name="robots"]').count(), 0, "public pages may be indexed");
    await context.close();
  });

  it("starts under a sub-path too", async () => {
    const server = await startServer({ base: "/qq/" });
    try {
      const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US" });
      const page = await context.newPage();
      const moderation = new Moderation(page, server.url, "en");
      await moderation.open();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.app), "moderate");
      assert.equal(new URL(page.url()).pathname, "/qq/moderate/");
      await moderation.tokenField().waitFor();
      await context.close();
    } finally {
      await server.stop();
    }
  });

  it("keeps the token in this tab only, out of the URL, and says when it is not valid", async () => {
    const { context, page, errors, moderation } = await open("ru");
    await moderation.signIn("wrong-token-0000000000");
    const field = moderation.tokenField();
    await page.getByRole("alert").filter({ hasText: t("ru", "moderate.token_invalid") }).waitFor();
    assert.equal(await field.getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("qq.moderator")), null);
    // The empty field is refused before anything is sent.
    await field.fill("");
    await page.getByRole("button", { name: t("ru", "moderate.sign_in") }).click();
    await page.getByRole("alert").filter({ hasText: t("ru", "moderate.token_missing") }).waitFor();
    await moderation.signInAndWait(TOKEN);
    assert.ok(!page.url().includes(TOKEN));
    assert.equal(await page.evaluate(() => sessionStorage.getItem("qq.moderator")), TOKEN);
    assert.equal(await page.evaluate(() => JSON.stringify(localStorage)).then((s) => s.includes(TOKEN)), false);
    // A reload keeps the session of this tab; signing out forgets it.
    await page.reload();
    await moderation.queueHeading().waitFor();
    await page.getByRole("button", { name: t("ru", "moderate.sign_out") }).click();
    await moderation.tokenField().waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem("qq.moderator")), null);
    assert.deepEqual(withoutAuditGap(errors.filter((e) => !e.startsWith("401 "))), []);
    await context.close();
  });

  it("shows a pending deed as its public card, an unlisted university by its typed name with a mark", async () => {
    const queued = await submitDeed(session.inbox, {
      university: { name: "Samarkand State University", city: "Samarkand" },
      passes_to: [{ id: "enu" }, { name: "Bukhara State University", city: "Bukhara" }],
      author: "Dilnoza",
    });
    const { context, moderation } = await open("kk");
    await moderation.signInAndWait(TOKEN);
    const entry = moderation.entry(queued.title);
    const card = entry.getByTestId("deed-card");
    assert.equal(await card.locator("h2").textContent(), queued.title);
    const mark = t("kk", "moderate.unlisted_mark");
    const meta = await card.locator(".deed-card__meta").textContent();
    assert.ok(meta.includes(`Samarkand State University, Samarkand (${mark})`), meta);
    const passes = await card.locator(".deed-card__passes").textContent();
    assert.ok(passes.includes(university("enu").short.kk), passes);
    assert.ok(passes.includes(`Bukhara State University, Bukhara (${mark})`), passes);
    assert.ok((await card.textContent()).includes("Dilnoza"));
    await moderation.pickField(entry, "Samarkand State University, Samarkand").waitFor();
    await moderation.pickField(entry, "Bukhara State University, Bukhara", true).waitFor();
    // The card's link to a page that does not exist yet goes nowhere.
    await card.locator("h2 a").click();
    assert.equal(new URL(moderation.page.url()).pathname, "/moderate/");
    await context.close();
  });

  it("rejects with a reason of 1 to 500 characters, which the student then sees", async () => {
    const queued = await submitDeed(session.inbox);
    const { context, moderation } = await open();
    await moderation.signInAndWait(TOKEN);
    const entry = moderation.entry(queued.title);
    await moderation.rejectButton(entry).click();
    const reason = moderation.reasonField(entry);
    assert.equal(await reason.evaluate((el) => el === document.activeElement), true);
    await entry.getByRole("button", { name: t("en", "moderate.reject_confirm") }).click();
    const message = t("en", "moderate.error.reason_required", { n: 500 });
    await entry.getByText(message).waitFor();
    assert.equal(await reason.getAttribute("aria-invalid"), "true");
    await reason.fill("x".repeat(501));
    await entry.getByRole("button", { name: t("en", "moderate.reject_confirm") }).click();
    await entry.getByText(message).waitFor();
    assert.equal((await statusOf(queued.id)).state, "pending");
    await reason.fill("An advertisement, not a deed.");
    await entry.getByRole("button", { name: t("en", "moderate.reject_confirm") }).click();
    await entry.waitFor({ state: "detached" });
    assert.equal(await moderation.status().textContent(), t("en", "moderate.rejected"));
    assert.deepEqual(await statusOf(queued.id), { id: queued.id, state: "rejected", reason: "An advertisement, not a deed." });
    await context.close();
  });

  it("needs a listed id for an unlisted university; a university added here can be picked and published", async () => {
    const queued = await submitDeed(session.inbox, {
      university: { name: "Tashkent State University", city: "Tashkent" },
      passes_to: [],
    });
    const { context, page, moderation } = await open();
    await moderation.signInAndWait(TOKEN);
    const entry = moderation.entry(queued.title);
    const pick = moderation.pickField(entry, "Tashkent State University, Tashkent");
    await moderation.approveButton(entry).click();
    await entry.getByText(t("en", "moderate.error.pick_needed")).waitFor();
    assert.equal(await pick.evaluate((el) => el === document.activeElement), true);
    await pick.fill("tsu-e2e");
    await moderation.approveButton(entry).click();
    await entry.getByText(t("en", "moderate.error.unknown_pick")).waitFor();

    // The form checks the shared rules before sending, each problem next to its field.
    const form = moderation.addSection();
    await moderation.addField("moderate.id_label").fill("TSU!");
    await moderation.addField("moderate.lat_label").fill("north");
    await form.getByRole("button", { name: t("en", "moderate.add_submit") }).click();
    assert.equal(await page.locator("#uni-id-error").textContent(), t("en", "moderate.error.invalid_slug"));
    assert.equal(await page.locator("#uni-name-error").textContent(), t("en", "moderate.error.required"));
    assert.equal(await page.locator("#uni-country-error").textContent(), t("en", "moderate.error.invalid_country"));
    assert.equal(await page.locator("#uni-coordinates-error").textContent(), t("en", "moderate.error.not_a_number"));
    assert.equal(await moderation.addField("moderate.id_label").getAttribute("aria-invalid"), "true");
    assert.equal(await moderation.addField("moderate.id_label").evaluate((el) => el === document.activeElement), true);
    await moderation.addUniversity({ id: "tsu-e2e", name: "Tashkent State University", city: "Tashkent", country: "uz", lat: "41,35", lon: 69.2 });
    await moderation.status().filter({ hasText: t("en", "moderate.added", { name: "tsu-e2e" }) }).waitFor();
    assert.equal(await moderation.addField("moderate.id_label").inputValue(), "");
    // The same id again: the inbox refuses it, shown at the field.
    await moderation.addUniversity({ id: "tsu-e2e", name: "Tashkent State University", city: "Tashkent", country: "UZ", lat: 41.35, lon: 69.2 });
    await page.locator("#uni-id-error").filter({ hasText: t("en", "moderate.error.university_exists") }).waitFor();

    // What was typed in the entry is still there; the new id is now known.
    assert.equal(await pick.inputValue(), "tsu-e2e");
    await moderation.approveButton(entry).click();
    await entry.waitFor({ state: "detached" });
    const status = await statusOf(queued.id);
    assert.equal(status.state, "published");
    assert.match(await moderation.status().textContent(), new RegExp(`${status.deed_id}`));
    await page.goto(`${session.inbox.url}deed/${status.deed_id}`);
    await page.getByRole("heading", { level: 1, name: queued.title }).waitFor();
    await context.close();
  });

  it("shows the API's refusals translated, and keeps what was typed", async () => {
    const queued = await submitDeed(session.inbox, { passes_to: [{ name: "Nowhere Institute", city: "Nowhere" }] });
    const { context, page, moderation } = await open("ru");
    await moderation.signInAndWait(TOKEN);
    const entry = moderation.entry(queued.title);
    const pick = moderation.pickField(entry, "Nowhere Institute, Nowhere", true);
    await pick.fill("enu");
    const answers = [
      { status: 409, json: { error: "unlisted_university", message: "…" }, key: "moderate.error.unlisted" },
      { status: 409, json: { error: "not_pending", message: "…" }, key: "moderate.error.not_pending" },
      {
        status: 422,
        json: { errors: [{ field: "passes_to", code: "pass_to_self", index: 0 }] },
        key: "submit.error.pass_to_self",
      },
      { abort: true, key: "moderate.error.network" },
    ];
    for (const answer of answers) {
      await page.route("**/api/v1/moderation/*/approve", (route) =>
        answer.abort ? route.abort() : route.fulfill({ status: answer.status, json: answer.json }),
      );
      await moderation.approveButton(entry).click();
      await entry.getByText(t("ru", answer.key)).waitFor();
      await page.unroute("**/api/v1/moderation/*/approve");
      assert.equal(await pick.inputValue(), "enu", answer.key);
    }
    // The 422 about the baton was shown at its field.
    assert.equal((await statusOf(queued.id)).state, "pending");
    await moderation.approveButton(entry).click();
    await entry.waitFor({ state: "detached" });
    assert.equal((await statusOf(queued.id)).state, "published");
    await context.close();
  });

  it("publishes with A and starts a rejection with R on the focused deed; J and K move between deeds", async () => {
    const first = await submitDeed(session.inbox);
    const second = await submitDeed(session.inbox);
    const third = await submitDeed(session.inbox);
    const { context, page, moderation } = await open();
    await moderation.signInAndWait(TOKEN);
    const keys = page.locator("#queue-keys");
    for (const key of ["key_approve", "key_reject", "key_next", "key_previous"]) {
      assert.match(await keys.textContent(), new RegExp(t("en", `moderate.${key}`).replace(/[()]/g, "\\$&")));
    }
    const entries = [first, second, third].map((s) => moderation.entry(s.title));
    assert.equal(await entries[0].getAttribute("aria-keyshortcuts"), "a r j k");
    assert.equal(await moderation.approveButton(entries[0]).getAttribute("aria-keyshortcuts"), "a");
    const focused = (entry) => entry.evaluate((el) => el === document.activeElement);
    await entries[0].focus();
    await page.keyboard.press("j");
    assert.ok(await focused(entries[1]));
    await page.keyboard.press("j");
    assert.ok(await focused(entries[2]));
    await page.keyboard.press("k");
    assert.ok(await focused(entries[1]));
    // R opens the reason; typing "a" there is typing, not publishing.
    await page.keyboard.press("r");
    const reason = moderation.reasonField(entries[1]);
    assert.ok(await reason.evaluate((el) => el === document.activeElement));
    await page.keyboard.type("a duplicate");
    assert.equal(await reason.inputValue(), "a duplicate");
    assert.equal((await statusOf(second.id)).state, "pending");
    await entries[1].getByRole("button", { name: t("en", "moderate.reject_confirm") }).press("Enter");
    await entries[1].waitFor({ state: "detached" });
    assert.equal((await statusOf(second.id)).reason, "a duplicate");
    // The focus moved to the deed that took its place.
    assert.ok(await focused(entries[2]));
    await page.keyboard.press("a");
    await entries[2].waitFor({ state: "detached" });
    assert.equal((await statusOf(third.id)).state, "published");
    await context.close();
  });

  it("unpublishes a deed by its number, with a reason", async () => {
    const queued = await submitDeed(session.inbox);
    const approved = await fetch(`${session.inbox.url}api/v1/moderation/${queued.id}/approve`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
    }).then((r) => r.json());
    const { context, page, moderation } = await open();
    await moderation.signInAndWait(TOKEN);
    const section = page.getByRole("region", { name: t("en", "moderate.unpublish_title") });
    await section.getByRole("button", { name: t("en", "moderate.unpublish_submit") }).click();
    await section.getByText(t("en", "moderate.error.deed_number")).waitFor();
    await section.getByLabel(t("en", "moderate.deed_number_label")).fill("999999");
    await section.getByRole("button", { name: t("en", "moderate.unpublish_submit") }).click();
    await section.getByText(t("en", "moderate.error.no_deed")).waitFor();
    await section.getByLabel(t("en", "moderate.deed_number_label")).fill(String(approved.deed_id));
    await section.getByLabel(t("en", "moderate.unpublish_reason_label")).fill("Posted twice.");
    await section.getByRole("button", { name: t("en", "moderate.unpublish_submit") }).click();
    await moderation.status().filter({ hasText: t("en", "moderate.unpublished", { n: approved.deed_id }) }).waitFor();
    assert.deepEqual(await statusOf(queued.id), { id: queued.id, state: "rejected", reason: "Posted twice." });
    await context.close();
  });

  it("says clearly when the audit log cannot be read", async () => {
    const { context, page, moderation } = await open("kk");
    await page.route("**/api/v1/moderation/audit*", (route) =>
      route.fulfill({ status: 404, json: { error: "not_found", message: "no such API route" } }),
    );
    await moderation.signInAndWait(TOKEN);
    const audit = page.getByRole("region", { name: t("kk", "moderate.audit_title") });
    await audit.getByRole("alert").filter({ hasText: t("kk", "moderate.audit_failed") }).waitFor();
    assert.equal(await audit.getByRole("button", { name: t("kk", "error.retry") }).count(), 1);
    await context.close();
  });

  it("shows what the bucket does not have yet, and nothing for an inbox without one", async () => {
    const plain = await open("en");
    const asked = plain.page.waitForResponse((response) => response.url().includes("/api/v1/moderation/publications"));
    await plain.moderation.signInAndWait(TOKEN);
    assert.deepEqual(await (await asked).json(), { bucket: false, pending: 0, oldest: null, attempts: 0, error: null });
    await plain.page.waitForTimeout(300);
    assert.equal(await plain.page.getByRole("heading", { name: t("en", "moderate.bucket_title") }).count(), 0);
    await plain.context.close();

    const { context, page, moderation } = await open("ru", { timezoneId: "Asia/Almaty" });
    let answer = { bucket: true, pending: 3, oldest: "2026-11-26T10:00:00.000Z", attempts: 2, error: "cannot reach http://127.0.0.1:9000" };
    await page.route("**/api/v1/moderation/publications", (route) => route.fulfill({ json: answer }));
    await moderation.signInAndWait(TOKEN);
    const section = page.getByRole("region", { name: t("ru", "moderate.bucket_title") });
    await section.getByText(t("ru", "moderate.bucket_pending", { n: 3 })).waitFor();
    await section.getByText(t("ru", "moderate.bucket_error", { reason: answer.error })).waitFor();
    assert.ok((await section.textContent()).includes("15:00"), "the oldest change on the reader's clock");
    answer = { bucket: true, pending: 0 };
    await section.getByRole("button", { name: t("ru", "moderate.bucket_check") }).click();
    await section.getByText(t("ru", "moderate.bucket_done")).waitFor();
    await context.close();
  });

  it("reads the audit log as a table in the reader's language and clock", async () => {
    const { context, page, moderation } = await open("ru", { timezoneId: "Asia/Almaty" });
    await page.route("**/api/v1/moderation/audit*", (route) =>
      route.fulfill({
        json: {
          entries: [
            { id: 2, moderator: "alma", at: "2026-11-26T10:00:00.000Z", action: "add_university", target: "tsu", detail: null },
            { id: 1, moderator: "bek", at: "2026-11-25T21:30:00.000Z", action: "reject", target: "0f8fad5b-d9cb-469f-a165-70867728950e", detail: "Реклама." },
          ],
        },
      }),
    );
    await moderation.signInAndWait(TOKEN);
    const table = moderation.auditTable();
    await table.waitFor();
    const headers = await table.locator("th").allTextContents();
    assert.deepEqual(headers, ["audit_who", "audit_when", "audit_what", "audit_target", "audit_detail"].map((k) => t("ru", `moderate.${k}`)));
    const rows = table.locator("tbody tr");
    assert.equal(await rows.count(), 2);
    const first = await rows.nth(0).locator("td").allTextContents();
    assert.equal(first[0], "alma");
    // 10:00 UTC is 15:00 in Almaty (UTC+5), on 26 November.
    assert.ok(first[1].includes("15:00") && first[1].includes("26") && first[1].includes(t("ru", "date.month_11")), first[1]);
    assert.equal(first[2], t("ru", "moderate.action.add_university"));
    assert.equal(first[3], "tsu");
    const second = await rows.nth(1).locator("td").allTextContents();
    assert.ok(second[1].includes("02:30") && second[1].includes("26"), second[1]);
    assert.equal(second[4], "Реклама.");
    await context.close();
  });

  // Needs GET api/v1/moderation/audit on the server (added in parallel on another branch):
  // it fails on this branch alone, where the route answers 404.
  it("lists an approval in the audit log at once (needs the server's audit route)", async () => {
    const queued = await submitDeed(session.inbox);
    const { context, page, moderation } = await open();
    await moderation.signInAndWait(TOKEN);
    await moderation.approveButton(moderation.entry(queued.title)).click();
    await moderation.entry(queued.title).waitFor({ state: "detached" });
    const row = moderation.auditTable().locator("tbody tr", { hasText: queued.id });
    await row.waitFor({ timeout: 10000 });
    const cells = await row.locator("td").allTextContents();
    assert.equal(cells[0], "tester");
    assert.equal(cells[2], t("en", "moderate.action.approve"));
    assert.equal(cells[3], queued.id);
    assert.equal(await page.locator(".audit__table tbody tr").first().locator("td").nth(3).textContent(), queued.id, "newest first");
    await context.close();
  });

  for (const locale of LOCALES) {
    it(`labels everything in ${locale}, read from the locale file`, async () => {
      await submitDeed(session.inbox, { university: { name: "Unlisted University", city: "Somewhere" }, passes_to: [] });
      const { context, page, moderation } = await open(locale);
      assert.equal(await page.evaluate(() => document.documentElement.lang), locale);
      await page.getByText(t(locale, "moderate.intro")).waitFor();
      await page.getByText(t(locale, "moderate.token_hint")).waitFor();
      assert.equal(await page.title(), `${t(locale, "moderate.title")} · ${t(locale, "site.name")}`);
      await moderation.signInAndWait(TOKEN);
      const m = (key, vars) => t(locale, `moderate.${key}`, vars);
      for (const [level, key] of [[2, "queue_title"], [2, "add_title"], [2, "unpublish_title"], [2, "audit_title"]]) {
        await page.getByRole("heading", { level, name: m(key) }).waitFor();
      }
      for (const key of ["sign_out", "refresh", "approve", "reject", "add_submit", "unpublish_submit"]) {
        assert.ok((await page.getByRole("button", { name: m(key), exact: true }).count()) > 0, key);
      }
      for (const key of ["id_label", "country_label", "lat_label", "lon_label", "deed_number_label", "unpublish_reason_label"]) {
        assert.equal(await page.getByLabel(m(key), { exact: true }).count(), 1, key);
      }
      for (const key of ["name_legend", "short_legend", "city_legend"]) {
        const group = page.getByRole("group", { name: m(key) });
        for (const lang of LOCALES) assert.equal(await group.getByLabel(t(locale, `lang.${lang}`)).count(), 1, `${key} ${lang}`);
      }
      for (const key of ["id_hint", "country_hint", "coords_hint", "short_hint", "add_intro", "unpublish_intro", "audit_intro", "keys_intro", "unlisted_title", "unlisted_hint"]) {
        assert.ok((await page.getByText(m(key), { exact: true }).count()) > 0, key);
      }
      await page.getByLabel(m("pick_university", { name: "Unlisted University, Somewhere" })).first().waitFor();
      assert.ok((await page.getByText(m("unlisted_mark"), { exact: false }).count()) > 0);
      // The language switcher changes every label at once.
      const other = locale === "en" ? "kk" : "en";
      await page.locator(`.lang-switch button[data-locale="${other}"]`).click();
      await page.getByRole("heading", { level: 2, name: t(other, "moderate.add_title") }).waitFor();
      await page.getByRole("button", { name: t(other, "moderate.approve"), exact: true }).first().waitFor();
      await context.close();
    });
  }

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    for (const [locale, colorScheme] of [["kk", "light"], ["en", "dark"], ["ru", "light"]]) {
      it(`axe finds no violation at ${size} in ${locale} (${colorScheme}), with a rejection and errors open; a screenshot is kept`, async () => {
        await submitDeed(session.inbox, {
          university: { name: "Al-Khwarizmi University", city: "Urgench" },
          passes_to: [{ id: "enu" }],
          title: `A deed to moderate ${size} ${locale}`,
        });
        const { context, page, moderation } = await open(locale, { viewport, colorScheme });
        await page.route("**/api/v1/moderation/audit*", (route) =>
          route.fulfill({
            json: {
              entries: [
                { id: 3, moderator: "alma", at: "2026-11-26T10:00:00.000Z", action: "approve", target: "0f8fad5b-d9cb-469f-a165-70867728950e", detail: "deed 301" },
                { id: 2, moderator: "bek", at: "2026-11-25T09:15:00.000Z", action: "add_university", target: "tsu", detail: null },
              ],
            },
          }),
        );
        await assertAccessible(page);
        await keepScreenshot(page, `moderate-signin-${size}-${locale}-${colorScheme}`, { fullPage: true });
        await moderation.signInAndWait(TOKEN);
        await moderation.auditTable().waitFor();
        const entry = moderation.entry(`A deed to moderate ${size} ${locale}`);
        await moderation.approveButton(entry).click();
        await entry.getByText(t(locale, "moderate.error.pick_needed")).waitFor();
        await moderation.rejectButton(entry).click();
        await moderation.addSection().getByRole("button", { name: t(locale, "moderate.add_submit") }).click();
        await page.locator("#uni-id-error").filter({ hasText: /./ }).waitFor();
        await assertAccessible(page);
        // The sticky header is drawn where the page is scrolled to: from the top, it is at the top.
        await page.evaluate(() => window.scrollTo(0, 0));
        await keepScreenshot(page, `moderate-${size}-${locale}-${colorScheme}`, { fullPage: true });
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
        await context.close();
      });
    }
  }
});
