// A deed's photos on the phone: picked, checked on their bytes, shrunk and stripped of
// their metadata before anything is kept, kept in IndexedDB with the deed through a
// reload, sent once as multipart, and refused with a translated message when they are no
// photo the form takes. The inbox's side of photos is tested natively; here the requests
// the outbox sends are mostly caught with `page.route` and read byte by byte, and one
// journey goes through a real inbox and a moderator to the published deed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { App } from "./support/app.mjs";
import { VIEWPORTS, launch, watchErrors } from "./support/browser.mjs";
import { startServer } from "./support/server.mjs";
import { assertAccessible, keepScreenshot } from "./support/audit.mjs";
import { t } from "./support/locales.mjs";
import { university } from "./support/store.mjs";
import { GPS_LATITUDE, cameraJpeg, imageInfo, multipart, pngOf, smallJpeg } from "./support/photos.mjs";

const session = {};

before(async () => {
  session.files = mkdtempSync(path.join(os.tmpdir(), "qq-photos-"));
  session.browser = await launch();
  // A plain static site: no inbox answers, so a deed waits unless a test answers for one.
  session.plain = await startServer();
});

after(async () => {
  await session.browser?.close();
  await session.plain?.stop();
  rmSync(session.files, { recursive: true, force: true });
});

const BROWSER_LOCALES = { en: "en-US", ru: "ru-RU", kk: "kk-KZ" };

async function open({ locale = "en" } = {}) {
  const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: BROWSER_LOCALES[locale] });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const app = new App(page, session.plain.url);
  await app.open("/submit");
  await page.locator("#sub-university").waitFor();
  assert.equal(await app.htmlLang(), locale);
  return { context, page, errors, app };
}

/** Writes `bytes` as `name` for the file picker (Playwright takes buffers up to 50 MB only). */
function file(name, bytes) {
  const at = path.join(session.files, name);
  writeFileSync(at, bytes);
  return at;
}

let serial = 0;
/** Fills in a good deed without sending it; resolves to its title. */
async function fillDeed(page, lang = "en") {
  serial += 1;
  const title = `Deed with photos ${Date.now()} ${serial}`;
  await page.locator("#sub-university").fill(university("kaznu").short[lang]);
  await page.locator("label.chip", { hasText: t(lang, "virtue.kindness.name") }).click();
  await page.locator("#sub-title").fill(title);
  await page.locator("#sub-story").fill("We gave blood at the city blood bank, twenty-five of us, on one morning.");
  await page.locator("#sub-date").fill("2020-03-02");
  await page.locator("#sub-consent").check();
  return title;
}

const send = (page, lang = "en") => page.getByRole("button", { name: t(lang, "submit.send"), exact: true }).click();
const mine = (page, title) => page.getByTestId("my-deeds").locator("li.mine__item", { hasText: title });
const previews = (page) => page.locator("[data-testid=photo] img.photo__preview");

/** Answers the outbox for the inbox: `answer(request, n)` → `{ status, json }`; records each request. */
async function inbox(page, answer) {
  const posted = [];
  await page.route("**/api/v1/deeds", async (route) => {
    const request = route.request();
    posted.push({ type: request.headers()["content-type"], body: request.postDataBuffer() });
    const { status, json } = answer(request, posted.length);
    await route.fulfill({ status, json });
  });
  await page.route("**/api/v1/deeds/*/status", (route) => {
    const id = route.request().url().split("/").at(-2);
    return route.fulfill({ status: 200, json: { id, state: "pending" } });
  });
  return posted;
}

/** The photos kept in IndexedDB for the outbox: their keys and sizes. */
const keptPhotos = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("qq-outbox", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("photos");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction("photos").objectStore("photos");
          const keys = store.getAllKeys();
          const values = store.getAll();
          values.onsuccess = () => {
            resolve(keys.result.map((key, i) => ({ key, bytes: values.result[i].size, type: values.result[i].type })));
            open.result.close();
          };
        };
      }),
  );

describe("photos", () => {
  it("shrinks a camera photo on the phone, strips its GPS, and sends it with the deed once", async () => {
    const { context, page, errors } = await open();
    const camera = await cameraJpeg(page);
    assert.ok(camera.length > 1_000_000, `a camera-sized file (${camera.length} B)`);
    assert.ok(camera.includes(GPS_LATITUDE) && camera.includes(Buffer.from("Exif")), "the picked file carries GPS");
    const posted = await inbox(page, () => ({ status: 201, json: {} }));
    const title = await fillDeed(page);
    await page.getByTestId("photo-input").setInputFiles(file("camera.jpg", camera));
    // A progress indication while it shrinks, then its preview.
    await page.getByTestId("photo-shrinking").waitFor();
    await previews(page).waitFor();
    assert.equal(await page.getByTestId("photo-shrinking").count(), 0);
    // Its description is required, with a hint tied to it.
    await send(page);
    const alt = page.locator("#sub-photo-alt-0");
    assert.equal(await alt.getAttribute("aria-invalid"), "true");
    assert.equal(await page.locator("#sub-photo-alt-0-error").textContent(), t("en", "submit.error.too_short", { n: 3 }));
    assert.match(await alt.getAttribute("aria-describedby"), /sub-photo-alt-0-hint sub-photo-alt-0-error/);
    assert.equal(await page.locator("#sub-photo-alt-0-hint").textContent(), t("en", "submit.photos.alt_hint"));
    assert.equal(await page.evaluate(() => document.activeElement.id), "sub-photo-alt-0");
    await alt.fill("Students in a queue at the blood bank");
    await send(page);
    await mine(page, title).and(page.locator('[data-state="sent"]')).waitFor();
    assert.equal(posted.length, 1);

    const [{ type, body }] = posted;
    assert.match(type, /^multipart\/form-data; boundary=/);
    const parts = multipart(body, type);
    assert.deepEqual(parts.map((p) => p.name), ["deed", "photo0"]);
    const deed = JSON.parse(parts[0].data.toString());
    assert.equal(deed.title, title);
    assert.deepEqual(deed.photos, [{ alt: "Students in a queue at the blood bank" }]);
    const photo = parts[1].data;
    assert.ok(photo.length <= 300 * 1024, `${photo.length} B`);
    const info = imageInfo(photo);
    assert.ok(["webp", "jpeg"].includes(info.kind), info.kind);
    assert.equal(Math.max(info.width, info.height), 1600);
    assert.equal(info.width * 3, info.height * 4, `${info.width}x${info.height} keeps 4:3`);
    // Nothing of the camera's metadata left the phone.
    assert.ok(!photo.includes(Buffer.from("Exif")), "no Exif");
    assert.ok(!photo.includes(GPS_LATITUDE), "no GPS position");
    assert.ok(!info.segments.includes(0xe1), "no APP1 segment");
    assert.ok(!info.segments.includes("EXIF") && !info.segments.includes("XMP "), "no metadata chunk");
    // Sent and waiting for a moderator: the photo is still on the phone, and "My deeds" shows it.
    assert.equal((await keptPhotos(page)).length, 1);
    const thumbnail = mine(page, title).getByRole("img", { name: "Students in a queue at the blood bank" });
    await thumbnail.waitFor();
    // Nothing was sent again meanwhile.
    await page.waitForTimeout(1000);
    assert.equal(posted.length, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("refuses a file that is no photo it takes, with its translated reason, keeping the draft", async () => {
    const { context, page } = await open({ locale: "ru" });
    const jpeg = await smallJpeg(page);
    const title = await fillDeed(page, "ru");
    const bad = [
      ["drawing.svg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "photo_type"],
      ["notes.jpg", Buffer.from("just some text renamed to a photo's name, not an image at all"), "photo_type"],
      ["huge.jpg", Buffer.concat([jpeg, Buffer.alloc(50 * 1024 * 1024 - jpeg.length)]), "photo_too_large"],
      ["bomb.png", pngOf(20000, 20000), "photo_too_many_pixels"],
      ["cut.jpg", jpeg.subarray(0, Math.floor(jpeg.length / 2)), "photo_damaged"],
      ["tail.png", Buffer.concat([pngOf(64, 64), Buffer.from("hello, this is text after the end")]), "photo_damaged"],
      // A HEIC photo this browser cannot decode: tried, then refused.
      ["camera.heic", Buffer.concat([Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic", "latin1"), Buffer.alloc(64)]), "photo_unreadable"],
    ];
    for (const [name, bytes, code] of bad) {
      await page.getByTestId("photo-input").setInputFiles(file(name, bytes));
      const error = page.locator("#sub-photos-error");
      await page.waitForFunction(
        ([expected]) => document.querySelector("#sub-photos-error")?.textContent === expected,
        [t("ru", `submit.error.${code}`)],
        { timeout: 10000 },
      ).catch(async () => assert.fail(`${name}: ${await error.textContent()}`));
      assert.match(await page.locator("#sub-photos").getAttribute("aria-describedby"), /sub-photos-error/, name);
      assert.equal(await page.getByTestId("photo").count(), 0, `${name} adds no photo`);
      assert.equal(await page.locator("#sub-title").inputValue(), title, `${name} keeps the draft`);
    }
    // A good photo is still taken afterwards, and the message goes.
    await page.getByTestId("photo-input").setInputFiles(file("good.jpg", jpeg));
    await previews(page).waitFor();
    assert.equal(await page.locator("#sub-photos-error").textContent(), "");
    await context.close();
  });

  it("takes three photos at most, moves and removes them with the keyboard's focus kept", async () => {
    const { context, page } = await open();
    const jpeg = await smallJpeg(page);
    await page.getByTestId("photo-input").setInputFiles([file("a.jpg", jpeg), file("b.jpg", jpeg)]);
    await previews(page).nth(1).waitFor();
    await page.locator("#sub-photo-alt-0").fill("First photo");
    await page.locator("#sub-photo-alt-1").fill("Second photo");
    await page.getByTestId("photo-input").setInputFiles([file("c.jpg", jpeg), file("d.jpg", jpeg)]);
    await previews(page).nth(2).waitFor();
    assert.equal(await page.getByTestId("photo").count(), 3);
    assert.equal(await page.locator("#sub-photos-error").textContent(), t("en", "submit.error.too_many_photos", { n: 3 }));
    assert.equal(await page.locator("#sub-photos").isDisabled(), true);
    // Second photo earlier: it is first now, and the focus follows it.
    await page.locator("#sub-photo-earlier-1").click();
    assert.equal(await page.locator("#sub-photo-alt-0").inputValue(), "Second photo");
    assert.equal(await page.locator("#sub-photo-alt-1").inputValue(), "First photo");
    await page.waitForFunction(() => document.activeElement?.id === "sub-photo-later-0", null, { timeout: 3000 }).catch(async () =>
      assert.fail(`focus on ${await page.evaluate(() => document.activeElement?.outerHTML)}`),
    );
    // And later again, with the keyboard: it is second once more.
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#sub-photo-alt-1").inputValue(), "Second photo");
    await page.waitForFunction(() => document.activeElement?.id === "sub-photo-later-1");
    assert.equal(await page.locator("#sub-photo-later-2").isDisabled(), true);
    await page.locator("#sub-photo-earlier-1").click();
    // Removing one moves the focus to the photo taking its place.
    await page.locator("#sub-photo-remove-0").click();
    assert.equal(await page.getByTestId("photo").count(), 2);
    assert.equal(await page.locator("#sub-photo-alt-0").inputValue(), "First photo");
    await page.waitForFunction(() => document.activeElement?.id === "sub-photo-remove-0");
    assert.equal(await page.locator("#sub-photos").isDisabled(), false);
    await assertAccessible(page);
    await context.close();
  });

  it("keeps a waiting deed's photo through a reload, and sends it once when the phone is online", async () => {
    const { context, page } = await open();
    const jpeg = await smallJpeg(page);
    // Offline, no request reaches anything; online, an inbox takes the deed.
    let online = true;
    const posted = [];
    await page.route("**/api/v1/deeds", async (route) => {
      if (!online) return route.abort("internetdisconnected");
      posted.push(route.request().postDataBuffer());
      return route.fulfill({ status: 201, json: {} });
    });
    const title = await fillDeed(page);
    await page.getByTestId("photo-input").setInputFiles(file("small.jpg", jpeg));
    await previews(page).waitFor();
    await page.locator("#sub-photo-alt-0").fill("The team after the drive");
    online = false;
    await context.setOffline(true);
    await send(page);
    await mine(page, title).and(page.locator('[data-state="waiting"]')).waitFor();
    const kept = await keptPhotos(page);
    assert.equal(kept.length, 1);
    assert.match(kept[0].key, /^[0-9a-f-]{36}\/0$/);
    assert.ok(["image/webp", "image/jpeg"].includes(kept[0].type));
    await mine(page, title).getByRole("img", { name: "The team after the drive" }).waitFor();
    assert.equal(posted.length, 0);
    await context.setOffline(false);
    online = true;
    // A reload (the app's own files from the server again) keeps the deed and its photo.
    await page.route("**/api/v1/deeds", (route) => route.fulfill({ status: 404, body: "Not found" }));
    await page.reload();
    await mine(page, title).and(page.locator('[data-state="waiting"]')).waitFor();
    await mine(page, title).getByRole("img", { name: "The team after the drive" }).waitFor();
    await page.unroute("**/api/v1/deeds");
    const sent = await inbox(page, () => ({ status: 201, json: {} }));
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await mine(page, title).and(page.locator('[data-state="sent"]')).waitFor();
    await page.waitForTimeout(1500);
    assert.equal(posted.length, 0, "nothing was sent while offline");
    assert.equal(sent.length, 1, "sent exactly once");
    const parts = multipart(sent[0].body, sent[0].type);
    assert.equal(parts[1].name, "photo0");
    assert.equal(parts[1].data.length, kept[0].bytes);
    await context.close();
  });

  it("a refusal other than 408 and 429 needs the student; correcting it brings the photos back", async () => {
    const { context, page } = await open();
    const jpeg = await smallJpeg(page);
    const posted = await inbox(page, (_, n) =>
      n === 1 ? { status: 413, json: { error: "too_large" } } : { status: 201, json: {} },
    );
    const title = await fillDeed(page);
    await page.getByTestId("photo-input").setInputFiles(file("small.jpg", jpeg));
    await previews(page).waitFor();
    await page.locator("#sub-photo-alt-0").fill("Our stand at the fair");
    await send(page);
    const item = mine(page, title);
    await item.and(page.locator('[data-state="attention"]')).waitFor();
    assert.match(await item.textContent(), new RegExp(t("en", "mine.refused_too_large").slice(0, 30)));
    // Not retried on its own.
    await page.waitForTimeout(2500);
    assert.equal(posted.length, 1);
    await item.getByRole("button", { name: t("en", "submit.correct") }).click();
    await previews(page).waitFor();
    assert.equal(await page.locator("#sub-photo-alt-0").inputValue(), "Our stand at the fair");
    await send(page);
    await item.and(page.locator('[data-state="sent"]')).waitFor();
    assert.equal(posted.length, 2);
    const [first, second] = posted.map((p) => JSON.parse(multipart(p.body, p.type)[0].data.toString()).id);
    assert.equal(first, second, "the same id on every try");
    await context.close();
  });

  it("says why a deed waits when the inbox's photo limits hold it", async () => {
    const { context, page } = await open();
    const jpeg = await smallJpeg(page);
    await inbox(page, () => ({ status: 429, json: { error: "photo_quota" } }));
    const title = await fillDeed(page);
    await page.getByTestId("photo-input").setInputFiles(file("small.jpg", jpeg));
    await previews(page).waitFor();
    await page.locator("#sub-photo-alt-0").fill("Books for the school");
    await send(page);
    const item = mine(page, title);
    await item.locator(".mine__why").waitFor();
    assert.equal(await item.locator(".mine__why").textContent(), t("en", "mine.held_photo_quota"));
    assert.equal(await item.getAttribute("data-state"), "waiting");
    await context.close();
  });

  it("says so when the phone has no room for the photos, losing nothing", async () => {
    const { context, page } = await open();
    const jpeg = await smallJpeg(page);
    const title = await fillDeed(page);
    await page.getByTestId("photo-input").setInputFiles(file("small.jpg", jpeg));
    await previews(page).waitFor();
    await page.locator("#sub-photo-alt-0").fill("Planting trees by the river");
    // The storage is full from now on: IndexedDB refuses to write.
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    });
    await send(page);
    const notice = page.getByTestId("submit-notice").locator("p");
    await notice.and(page.locator('[data-progress="photos-full"]')).waitFor();
    assert.equal(await notice.textContent(), t("en", "submit.photos.storage_full"));
    assert.equal(await page.locator("#sub-title").inputValue(), title);
    assert.equal(await page.locator("#sub-photo-alt-0").inputValue(), "Planting trees by the river");
    await previews(page).waitFor();
    assert.equal(await mine(page, title).count(), 0, "nothing half kept");
    await context.close();
  });

  it("looks right on a phone in Kazakh", async () => {
    const { context, page } = await open({ locale: "kk" });
    const jpeg = await smallJpeg(page);
    await fillDeed(page, "kk");
    await page.getByTestId("photo-input").setInputFiles([file("one.jpg", jpeg), file("two.jpg", jpeg)]);
    await previews(page).nth(1).waitFor();
    await page.locator("#sub-photo-alt-0").fill("Қан тапсыру күні");
    await page.locator("#sub-photos").scrollIntoViewIfNeeded();
    const photos = page.locator("fieldset.photos");
    await keepScreenshot(page, "submit-photos-kk-phone", { clip: await photos.boundingBox() });
    assert.equal(await new App(page, session.plain.url).horizontalOverflow(), 0);
    await context.close();
  });

  it("carries a camera photo from the phone through a real inbox and a moderator to the published deed", async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), "qq-photos-inbox-"));
    const token = "journey-token-0123456789";
    const server = await startServer({ data, env: { QQ_MODERATOR_TOKENS: `tester:${token}` } });
    try {
      const context = await session.browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US" });
      const page = await context.newPage();
      const errors = watchErrors(page);
      const app = new App(page, server.url);
      await app.open("/submit");
      await page.locator("#sub-university").waitFor();
      const camera = await cameraJpeg(page);
      const title = await fillDeed(page);
      await page.getByTestId("photo-input").setInputFiles(file("journey.jpg", camera));
      await previews(page).waitFor();
      await page.locator("#sub-photo-alt-0").fill("Students in a queue at the blood bank");
      await send(page);
      await mine(page, title).and(page.locator('[data-state="sent"]')).waitFor({ timeout: 20000 });

      // What the inbox kept: the description, and a JPEG of the shrunk photo with no metadata.
      const auth = { headers: { Authorization: `Bearer ${token}` } };
      const queue = await (await fetch(`${server.url}api/v1/moderation/queue`, auth)).json();
      const item = queue.submissions.find((s) => s.submission.title === title);
      assert.deepEqual(item.submission.photos, [{ alt: "Students in a queue at the blood bank" }]);
      const kept = await fetch(`${server.url}api/v1/moderation/photos/${item.id}/0`, auth);
      assert.equal(kept.headers.get("content-type"), "image/jpeg");
      const keptBytes = Buffer.from(await kept.arrayBuffer());
      const info = imageInfo(keptBytes);
      assert.equal(info.kind, "jpeg");
      assert.equal(Math.max(info.width, info.height), 1600);
      assert.ok(!keptBytes.includes(Buffer.from("Exif")) && !keptBytes.includes(GPS_LATITUDE), "no metadata kept");

      // Approved: the deed's page shows the photo, and its published files carry no metadata.
      const approved = await fetch(`${server.url}api/v1/moderation/${item.id}/approve`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: "{}",
      });
      const answer = await approved.text();
      assert.equal(approved.status, 200, answer);
      const { deed_id: deedId } = JSON.parse(answer);
      await page.goto(`${server.url}deed/${deedId}/`);
      const photo = page.getByTestId("deed-photos").getByRole("img", { name: "Students in a queue at the blood bank" });
      await photo.waitFor();
      await page.waitForFunction(() => document.querySelector("[data-testid=deed-photos] img")?.naturalWidth > 0);
      const srcset = await photo.getAttribute("srcset");
      for (const [file] of srcset.split(", ").map((entry) => entry.split(" "))) {
        // Relative to the page's <base href>, the site's root.
        const published = Buffer.from(await (await fetch(new URL(file, server.url))).arrayBuffer());
        assert.equal(imageInfo(published).kind, "jpeg", file);
        assert.ok(!published.includes(Buffer.from("Exif")) && !published.includes(GPS_LATITUDE), `${file} has no metadata`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await server.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
