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
