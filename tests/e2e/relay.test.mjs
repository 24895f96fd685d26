// The relay's page over the committed sample store: the chain from KazNU, its links, the
// holders of the baton, folding a branch, and the page at a phone's and a desktop's size.
import { describe, it } from "node:test";
import assert from "node:assert/strict";

import { App } from "./support/app.mjs";
import { assertAccessible, keepScreenshot } from "./support/audit.mjs";
import { VIEWPORTS, watchErrors } from "./support/browser.mjs";
import { t } from "./support/locales.mjs";
import { Relay, firstBatons } from "./support/relay.mjs";
import { storeFile, university } from "./support/store.mjs";
import { useSession } from "./support/session.mjs";

const session = useSession();

async function open(locale, viewport = VIEWPORTS.phone, options = {}) {
  const context = await session.browser.newContext({ viewport, locale, ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const app = new App(page, session.server.url);
  await app.open("/relay/");
  const relay = new Relay(page);
  await relay.chain().waitFor();
  return { context, page, errors, app, relay };
}

describe("relay page", () => {
  it("starts the chain at KazNU, generation 0, and links each university to its page", async () => {
    const { context, app, relay, errors } = await open("en-US");
    assert.equal(await app.heading().innerText(), t("en", "relay.title"));
    const root = relay.chain().locator(":scope > li");
    assert.equal(await root.count(), 1);
    assert.equal(await root.getAttribute("data-university"), "kaznu");
    assert.equal(await root.getAttribute("data-generation"), "0");
    assert.equal(await relay.nodeLink("kaznu").innerText(), university("kaznu").short.en);
    assert.equal(await relay.nodeLink("kaznu").getAttribute("href"), "/u/kaznu/");

    // KazNU's children: those whose first baton came from KazNU, by the day they got it.
    const first = [...firstBatons().values()].filter((l) => l.from === "kaznu" && l.to !== "kaznu");
    first.sort((a, b) => a.date.localeCompare(b.date) || a.deed - b.deed || a.to.localeCompare(b.to));
    const children = relay.children("kaznu");
    assert.deepEqual(
      await children.evaluateAll((items) => items.map((li) => li.dataset.university)),
      first.map((l) => l.to),
    );
    const child = first[0].to;
    assert.equal(await relay.node(child).getAttribute("data-generation"), "1");
    assert.equal(await relay.nodeLink(child).getAttribute("href"), `/u/${child}/`);
    assert.equal(await relay.nodeLink(child).innerText(), university(child).short.en);
    // Each university is one node, however many batons it received.
    const nodes = await relay.chain().locator(".relay-node").evaluateAll((n) => n.map((li) => li.dataset.university));
    assert.equal(new Set(nodes).size, nodes.length);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("marks a baton back to KazNU in words, not as a branch", async () => {
    const { context, relay } = await open("en-US");
    const back = storeFile("relay.json").links.filter((l) => l.to === "kaznu");
    assert.ok(back.length > 0, "the sample passes the baton back to KazNU");
    const giver = back[0].from;
    const note = relay.node(giver).locator(':scope > [data-pass="returned"]');
    assert.match(await note.innerText(), new RegExp(t("en", "relay.chain.returned")));
    assert.equal(await note.locator("a").getAttribute("href"), "/u/kaznu/");
    const also = relay.node("kaznu").locator(':scope > [data-pass="also"] a');
    assert.ok((await also.allInnerTexts()).includes(university(giver).short.en));
    await context.close();
  });

  it("lists the holders of the baton, the longest held first, each with an invitation", async () => {
    const { context, relay } = await open("en-US");
    const passed = new Set(storeFile("relay.json").links.map((l) => l.from));
    const holders = relay.holders();
    const count = await holders.count();
    assert.ok(count > 1, "the sample has holders");
    const rows = await holders.evaluateAll((items) =>
      items.map((li) => ({ id: li.dataset.university, days: Number(li.dataset.days) })),
    );
    for (let i = 1; i < rows.length; i += 1) {
      assert.ok(rows[i - 1].days >= rows[i].days, `${rows[i - 1].id} before ${rows[i].id}`);
    }
    for (const { id } of rows) {
      assert.ok(firstBatons().has(id) && !passed.has(id), `${id} holds the baton`);
    }
    const top = holders.first();
    assert.equal(await top.getByRole("link", { name: university(rows[0].id).short.en }).getAttribute("href"), `/u/${rows[0].id}/`);
    // Each holder's invitation says who passed it the baton and leads to the invitation page.
    for (const [index, { id }] of rows.entries()) {
      const from = firstBatons().get(id).from;
      const invite = holders.nth(index).getByTestId("baton-invite");
      assert.equal(await invite.getAttribute("data-to"), id);
      assert.equal(await invite.getAttribute("data-from"), from);
      assert.equal(
        await invite.locator(".baton-invite__text").innerText(),
        t("en", "invite.holds", { to: university(id).short.en, from: university(from).short.en }),
      );
      assert.equal(
        await invite.getByRole("link", { name: t("en", "invite.open") }).getAttribute("href"),
        `/invite/?u=${id}&from=${from}`,
      );
      assert.ok(await invite.getByRole("button", { name: t("en", "invite.share") }).isVisible());
    }
    await context.close();
  });

  it("folds a branch and keeps its universities in the page", async () => {
    const { context, relay } = await open("en-US");
    const children = relay.children("kaznu");
    const before = await children.count();
    const branch = relay.node("kaznu").locator(":scope > details");
    assert.equal(await branch.evaluate((d) => d.open), true);
    await branch.locator(":scope > summary").click();
    assert.equal(await branch.evaluate((d) => d.open), false);
    assert.equal(await children.count(), before);
    assert.equal(await children.first().isVisible(), false);
    await branch.locator(":scope > summary").click();
    assert.equal(await children.first().isVisible(), true);
    await context.close();
  });

  it("draws the charts as named images with their figures as tables", async () => {
    const { context, page, errors } = await open("ru-RU");
    const charts = page.getByTestId("relay-charts");
    await charts.waitFor();
    const file = storeFile("stats.json");
    // Every chart is an image with a name, and its figures are a table too.
    for (const key of ["balance", "months", "joined", "regions", "countries"]) {
      const chart = charts.locator(`[data-chart="${key}"]`);
      const image = chart.locator('svg[role="img"]');
      assert.equal(await image.count(), 1, key);
      assert.ok((await image.getAttribute("aria-label")).length > 10, key);
    }
    // The months' table: one row per month of stats.json, each total the sum of its virtues.
    const months = charts.locator('[data-chart="months"] tbody tr');
    assert.equal(await months.count(), file.months.length);
    const last = file.months.at(-1);
    // Folded tables have no rendered text: read what a screen reader reads.
    const cells = await months.last().locator("th, td").allTextContents();
    const total = Object.values(last.by_virtue).reduce((a, b) => a + b, 0);
    assert.deepEqual(cells, [
      last.month,
      ...["kindness", "decency", "honesty", "justice"].map((v) => String(last.by_virtue[v])),
      String(total),
    ]);
    // One stacked bar per virtue of each month with deeds.
    const segments = file.months.reduce(
      (n, m) => n + Object.values(m.by_virtue).filter((c) => c > 0).length,
      0,
    );
    assert.equal(await charts.locator('[data-chart="months"] svg rect').count(), segments);
    // The balance adds up to every deed of the relay, in words a screen reader reads.
    const balance = charts.locator('[data-chart="balance"] [data-virtue]');
    const counts = await balance.evaluateAll((items) => items.map((li) => Number(li.dataset.count)));
    const deeds = file.universities.reduce((n, u) => n + u.deeds, 0);
    assert.equal(counts.reduce((a, b) => a + b, 0), deeds);
    assert.match(
      await charts.locator('[data-chart="balance"] svg').getAttribute("aria-label"),
      new RegExp(t("ru", "virtue.kindness.name")),
    );
    // Universities joined: the last month's count is every university with a first deed.
    const joined = charts.locator('[data-chart="joined"] tbody tr').last().locator("td");
    assert.equal(await joined.textContent(), String(file.universities.filter((u) => u.joined).length));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("narrows to one region in the address, keeping the way from KazNU", async () => {
    const { context, page, app, relay, errors } = await open("en-US");
    await page.getByRole("button", { name: t("en", "region.far"), exact: true }).click();
    await page.waitForFunction(() => location.pathname.endsWith("/relay/") && location.search === "?r=far");
    const directory = storeFile("universities.json").universities;
    const near = new Set(["AM", "AZ", "BY", "EE", "GE", "KG", "LT", "LV", "MD", "RU", "TJ", "TM", "UA", "UZ"]);
    const far = new Set(directory.filter((u) => u.country !== "KZ" && !near.has(u.country)).map((u) => u.id));
    // The figures count the far abroad's deeds only.
    const deeds = storeFile("stats.json").universities.filter((u) => far.has(u.id));
    await page.locator('[data-figure="deeds"] dd').filter({ hasText: String(deeds.reduce((n, u) => n + u.deeds, 0)) }).waitFor();
    // Every holder is far abroad; every node of the tree is, or leads to one that is.
    for (const id of await relay.holders().evaluateAll((items) => items.map((li) => li.dataset.university))) {
      assert.ok(far.has(id), id);
    }
    const nodes = await relay.chain().locator(".relay-node").evaluateAll((items) =>
      items.map((li) => ({ id: li.dataset.university, context: li.classList.contains("relay-node--context"), leaf: !li.querySelector("li") })),
    );
    assert.ok(nodes.some((n) => far.has(n.id)));
    for (const node of nodes) {
      assert.equal(node.context, !far.has(node.id), node.id);
      if (node.leaf) assert.ok(far.has(node.id), `${node.id} ends a branch`);
    }
    // The region chart is the whole relay's, so it goes; the address keeps the choice.
    assert.equal(await page.locator('[data-chart="regions"]').count(), 0);
    await app.open("/relay/?r=far");
    await relay.chain().waitFor();
    assert.equal(
      await page.getByRole("button", { name: t("en", "region.far"), exact: true }).getAttribute("aria-pressed"),
      "true",
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    it(`reads in Kazakh at ${size} size with no sideways scroll and no axe violation`, async () => {
      const { context, page, app, relay, errors } = await open("kk-KZ", viewport);
      assert.equal(await app.heading().innerText(), t("kk", "relay.title"));
      assert.equal(await relay.nodeLink("kaznu").innerText(), university("kaznu").short.kk);
      assert.equal(
        await page.getByRole("heading", { level: 2 }).first().innerText(),
        t("kk", "relay.figures.title"),
      );
      assert.equal(await app.horizontalOverflow(), 0);
      await assertAccessible(page);
      await keepScreenshot(page, `${size}-kk-relay-page`);
      await keepScreenshot(page, `${size}-kk-relay-page-full`, { fullPage: true });
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  it("stays readable in dark mode", async () => {
    const { context, page, app } = await open("ru-RU", VIEWPORTS.phone, { colorScheme: "dark" });
    assert.equal(await app.horizontalOverflow(), 0);
    await assertAccessible(page);
    await keepScreenshot(page, "phone-ru-relay-page-dark");
    await context.close();
  });
});
