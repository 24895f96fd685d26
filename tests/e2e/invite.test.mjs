// Passing the baton: the invitation on a deed's page, the invitation page (/invite/) with its
// QR code and printed poster, and the form it leads to, filled in for the next university
// and sending who passed the baton.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { App } from "./support/app.mjs";
import { assertAccessible, keepScreenshot } from "./support/audit.mjs";
import { VIEWPORTS, launch, watchErrors } from "./support/browser.mjs";
import { t } from "./support/locales.mjs";
import { startServer } from "./support/server.mjs";
import { deed, storeFile, university } from "./support/store.mjs";

const session = {};

before(async () => {
  session.data = mkdtempSync(path.join(os.tmpdir(), "qq-e2e-invite-"));
  session.browser = await launch();
  session.server = await startServer({ data: session.data });
});

after(async () => {
  await session.browser?.close();
  await session.server?.stop();
  rmSync(session.data, { recursive: true, force: true });
});

// The relay's first pass: its deed passed the baton from `from` to `to`.
const first = storeFile("relay.json").links.find((l) => l.from !== l.to);
const { from, to } = first;
const short = (id, locale = "en") => university(id).short[locale];
const invitePath = `/invite/?u=${to}&from=${from}`;
const formPath = `/submit/?u=${to}&from=${from}`;

async function open(route, { locale = "en-US", viewport = VIEWPORTS.phone, ...options } = {}) {
  const context = await session.browser.newContext({ viewport, locale, ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const app = new App(page, session.server.url);
  await app.open(route);
  return { context, page, errors, app };
}

describe("invitation", () => {
  it("is offered on a deed's page for each university it passed the baton to, with a ready text", async () => {
    const passing = deed(first.deed);
    const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    await page.addInitScript(() => {
      delete Navigator.prototype.share;
    });
    const app = new App(page, session.server.url);
    await app.open(`/deed/${passing.id}`);
    const invites = page.getByTestId("baton-invite");
    assert.equal(await invites.count(), passing.passes_to.length);
    const invite = page.locator(`[data-testid="baton-invite"][data-to="${to}"]`);
    assert.equal(await invite.getAttribute("data-from"), from);
    assert.equal(
      await invite.locator(".baton-invite__text").innerText(),
      t("en", "invite.holds", { to: short(to), from: short(from) }),
    );
    assert.equal(await invite.getByRole("link", { name: t("en", "invite.open") }).getAttribute("href"), invitePath);
    await invite.getByRole("button", { name: t("en", "invite.share") }).click();
    await invite.getByTestId("toast").filter({ hasText: t("en", "deed.copied") }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const message = t("en", "invite.share_text", { to: short(to), from: short(from), hashtag: "#AlFarabiQQ" });
    assert.equal(copied, `${message} ${session.server.url}${formPath.slice(1)}`);
    await context.close();
  });

  it("shows who holds the baton, the form's address as a QR code and as text", async () => {
    const { context, page, errors, app } = await open(invitePath);
    assert.equal(await app.heading().innerText(), t("en", "invite.heading", { to: short(to) }));
    const holds = await page.getByTestId("invite-holds").innerText();
    // With the day of the pass, which relay.json has.
    const [before, after] = t("en", "invite.holds_since", { to: short(to), from: short(from), date: "\u0000" }).split("\u0000");
    assert.ok(holds.startsWith(before) && holds.endsWith(after) && holds.length > before.length + after.length, holds);

    const qr = page.getByTestId("invite-qr");
    assert.equal(await qr.getAttribute("role"), "img");
    assert.equal(await qr.getAttribute("aria-label"), t("en", "invite.qr_label", { to: short(to) }));
    const [x, y, w, h] = (await qr.getAttribute("viewBox")).split(" ").map(Number);
    assert.deepEqual([x, y], [0, 0]);
    assert.equal(w, h);
    // A QR code is 17 + 4 × version modules, here with a quiet zone of 4 on each side.
    const modules = w - 8;
    assert.ok(modules >= 21 && (modules - 17) % 4 === 0, `side ${w}`);
    const d = await qr.locator("path").getAttribute("d");
    assert.match(d, /^(M\d+ \d+h\d+v1h-\d+z)+$/);
    // The three finder patterns' top rows: seven dark modules from (4,4), and at the right.
    assert.ok(d.startsWith("M4 4h7v1h-7z"), d.slice(0, 40));
    assert.ok(d.includes(`M${w - 11} 4h7v1h-7z`), "top-right finder");

    const link = page.getByTestId("invite-link");
    assert.equal(await link.innerText(), `${session.server.url}${formPath.slice(1)}`);
    assert.equal(await link.getAttribute("href"), formPath);
    const steps = await page.locator(".invite__steps li").allInnerTexts();
    assert.deepEqual(steps, [
      t("en", "invite.step_deed"),
      t("en", "invite.step_post", { hashtag: "#AlFarabiQQ" }),
      t("en", "invite.step_add"),
      t("en", "invite.step_pass"),
    ]);
    assert.ok(await page.getByRole("button", { name: t("en", "invite.print") }).isVisible());
    await assertAccessible(page);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("prints as a poster: the title, a QR code at least 8 cm wide, the steps, no navigation", async () => {
    // A viewport of an A4 sheet's width at 96 dpi, so the screenshot looks like the poster.
    const { context, page, app } = await open(invitePath, { viewport: { width: 794, height: 1123 } });
    await page.getByTestId("invite-qr").waitFor();
    await page.emulateMedia({ media: "print" });
    assert.equal(await app.tabBar().isVisible(), false);
    assert.equal(await page.locator(".site-header").isVisible(), false);
    assert.equal(await page.getByRole("button", { name: t("en", "invite.print") }).isVisible(), false);
    assert.ok(await app.heading().isVisible());
    assert.ok(await page.locator(".invite__steps").isVisible());
    assert.ok(await page.locator(".invite__hashtag").isVisible());
    const box = await page.getByTestId("invite-qr").boundingBox();
    const cm = 96 / 2.54;
    assert.ok(box.width >= 8 * cm, `the code is ${(box.width / cm).toFixed(1)} cm wide`);
    assert.ok(Math.abs(box.width - box.height) < 1);
    await keepScreenshot(page, "invite-print", { fullPage: true });
    // And as a PDF: one A4 page.
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.equal(pages.length, 1, "the poster fits one A4 page");
    await context.close();
  });

  for (const locale of ["kk", "ru"]) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      it(`reads in ${locale} at ${size} size`, async () => {
        const { context, page, app } = await open(invitePath, { locale, viewport });
        await app.languageButton(locale).click();
        assert.equal(await app.heading().innerText(), t(locale, "invite.heading", { to: short(to, locale) }));
        assert.equal(await app.horizontalOverflow(), 0);
        await keepScreenshot(page, `invite-${size}-${locale}`, { fullPage: true });
        await context.close();
      });
    }
  }

  it("says so when it names no university the site knows, and links to the form", async () => {
    for (const route of [`/invite/?u=hogwarts&from=${from}`, "/invite/", `/invite/?u=${to}&from=${to}`]) {
      const { context, page, app, errors } = await open(route, { locale: "ru-RU" });
      await app.languageButton("ru").click();
      assert.equal(await page.getByTestId("invite-unknown").innerText(), t("ru", "invite.unknown"), route);
      assert.equal(await page.getByRole("link", { name: t("ru", "invite.to_form") }).getAttribute("href"), "/submit/");
      assert.equal(await page.getByTestId("invite-qr").count(), 0);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});

describe("the form from an invitation", () => {
  it("fills in the university, notes who passed the baton and sends it", async () => {
    const { context, page } = await open(invitePath);
    await page.getByTestId("invite-link").click();
    await page.locator("#sub-university").waitFor();
    assert.equal(new URL(page.url()).search, `?u=${to}&from=${from}`);
    assert.equal(await page.locator("#sub-university").inputValue(), short(to));
    const note = page.getByTestId("received-from-note");
    assert.equal(await note.locator("p").first().innerText(), t("en", "submit.received_from", { from: short(from) }));

    await page.locator("label.chip", { hasText: t("en", "virtue.kindness.name") }).click();
    await page.locator("#sub-title").fill(`Invited deed ${Date.now()}`);
    await page.locator("#sub-story").fill("We read books aloud at the children's hospital all afternoon.");
    await page.locator("#sub-date").fill("2021-03-02");
    await page.locator("#sub-consent").check();
    const sent = page.waitForRequest((r) => r.url().endsWith("/api/v1/deeds") && r.method() === "POST");
    await page.getByRole("button", { name: t("en", "submit.send"), exact: true }).click();
    const body = JSON.parse((await sent).postData());
    assert.deepEqual(body.university, { id: to });
    assert.equal(body.received_from, from);
    await context.close();
  });

  it("lets the student remove the note, and then sends none", async () => {
    const { context, page } = await open(formPath, { locale: "kk-KZ" });
    const note = page.getByTestId("received-from-note");
    await note.waitFor();
    assert.equal(
      await note.locator("p").first().innerText(),
      t("kk", "submit.received_from", { from: short(from, "kk") }),
    );
    await note.getByRole("button", { name: t("kk", "submit.received_remove") }).click();
    assert.equal(await note.count(), 0);
    assert.equal(await page.locator("#sub-university").inputValue(), short(to, "kk"));
    await context.close();
  });

  it("keeps a university already typed and ignores ids it does not know", async () => {
    const { context, page } = await open(`/submit/?u=hogwarts&from=atlantis`);
    assert.equal(await page.locator("#sub-university").inputValue(), "");
    assert.equal(await page.getByTestId("received-from-note").count(), 0);
    await context.close();
  });
});
