// A page object for the moderators' page (/moderate), by role and label, in the page's
// language; and a way to put submissions into an inbox's queue.
import { randomUUID } from "node:crypto";

import { t } from "./locales.mjs";

export class Moderation {
  /** `base` is the site's address; `locale` the language the page is read in. */
  constructor(page, base, locale = "en") {
    this.page = page;
    this.base = base.endsWith("/") ? base : `${base}/`;
    this.locale = locale;
  }

  t(key, vars) {
    return t(this.locale, key, vars);
  }

  async open() {
    await this.page.goto(`${this.base}moderate`);
    await this.heading().waitFor();
  }

  heading() {
    return this.page.getByRole("heading", { level: 1, name: this.t("moderate.title") });
  }

  tokenField() {
    return this.page.getByLabel(this.t("moderate.token_label"));
  }

  async signIn(token) {
    await this.tokenField().fill(token);
    await this.page.getByRole("button", { name: this.t("moderate.sign_in") }).click();
  }

  /** Signs in and waits for the queue to be read. */
  async signInAndWait(token) {
    await this.signIn(token);
    await this.queueHeading().waitFor();
    await this.page.locator(".queue, .moderate-section .note, .moderate-section .notice").first().waitFor();
  }

  queueHeading() {
    return this.page.getByRole("heading", { level: 2, name: this.t("moderate.queue_title") });
  }

  status() {
    return this.page.locator(".moderate-bar__status");
  }

  /** The queue entry of the deed titled `title`. */
  entry(title) {
    return this.page.getByRole("listitem", { name: title, exact: true });
  }

  approveButton(entry) {
    return entry.getByRole("button", { name: this.t("moderate.approve"), exact: true });
  }

  rejectButton(entry) {
    return entry.getByRole("button", { name: this.t("moderate.reject"), exact: true });
  }

  reasonField(entry) {
    return entry.getByLabel(this.t("moderate.reason_label"));
  }

  async reject(entry, reason) {
    await this.rejectButton(entry).click();
    await this.reasonField(entry).fill(reason);
    await entry.getByRole("button", { name: this.t("moderate.reject_confirm") }).click();
  }

  /** The pick field of an unlisted university, by its typed "Name, City". */
  pickField(entry, label, pass = false) {
    const key = pass ? "moderate.pick_pass" : "moderate.pick_university";
    return entry.getByLabel(this.t(key, { name: label }));
  }

  addSection() {
    return this.page.getByRole("region", { name: this.t("moderate.add_title") });
  }

  /** The add-a-university form's input for `key`'s label, or a language of a group. */
  addField(key, lang) {
    const form = this.addSection();
    if (!lang) return form.getByLabel(this.t(key), { exact: true });
    return form.getByRole("group", { name: this.t(key) }).getByLabel(this.t(`lang.${lang}`), { exact: true });
  }

  async addUniversity({ id, name, city, country, lat, lon }) {
    await this.addField("moderate.id_label").fill(id);
    await this.addField("moderate.country_label").fill(country);
    for (const lang of ["kk", "ru", "en"]) {
      await this.addField("moderate.name_legend", lang).fill(name);
      await this.addField("moderate.city_legend", lang).fill(city);
    }
    await this.addField("moderate.lat_label").fill(String(lat));
    await this.addField("moderate.lon_label").fill(String(lon));
    await this.addSection().getByRole("button", { name: this.t("moderate.add_submit") }).click();
  }

  auditTable() {
    return this.page.getByRole("region", { name: this.t("moderate.audit_title") }).locator("table");
  }
}

let serial = 0;

/** A submission as the form sends it, with `changes`. */
function submissionWith(changes) {
  serial += 1;
  return {
    id: randomUUID(),
    university: { id: "kaznu" },
    virtue: "kindness",
    title: `Queued deed ${Date.now()} ${serial}`,
    story: "We cleared the snow from the pavement in front of the children's hospital.",
    link: "",
    done_on: "2020-03-02",
    author: "",
    passes_to: [{ id: "enu" }],
    consent: true,
    lang: "en",
    website: "",
    ...changes,
  };
}

/** Posts `body` to `server`'s inbox, expecting it kept. */
async function post(server, init) {
  const response = await fetch(`${server.url}api/v1/deeds`, { method: "POST", ...init });
  if (response.status !== 201) throw new Error(`the inbox answered ${response.status}: ${await response.text()}`);
}

/** Posts a submission to `server`'s inbox as the form would; resolves to it. */
export async function submitDeed(server, changes = {}) {
  const submission = submissionWith(changes);
  await post(server, { headers: { "Content-Type": "application/json" }, body: JSON.stringify(submission) });
  return submission;
}

/** Posts a submission with photos (`notes` describing each of `photos`, JPEG bytes) to
 * `server`'s inbox as the outbox does, a multipart form; resolves to it. */
export async function submitWithPhotos(server, notes, photos, changes = {}) {
  const submission = submissionWith({ photos: notes, ...changes });
  const form = new FormData();
  form.append("deed", new Blob([JSON.stringify(submission)], { type: "application/json" }));
  photos.forEach((bytes, index) =>
    form.append(`photo${index}`, new Blob([bytes], { type: "image/jpeg" }), `photo${index}.jpg`),
  );
  await post(server, { body: form });
  return submission;
}
