// A page object for the relay's page (/relay/), and what the sample store says it shows.
import { storeFile } from "./store.mjs";

export class Relay {
  constructor(page) {
    this.page = page;
  }

  /** The tree from KazNU. */
  chain() {
    return this.page.getByTestId("relay-chain");
  }

  /** The node of university `id` in the tree. */
  node(id) {
    return this.page.locator(`.relay-node[data-university="${id}"]`).first();
  }

  /** A node's own link to its university (not its notes' links, nor its branch's). */
  nodeLink(id) {
    return this.node(id).locator(":scope > .relay-node__head a");
  }

  /** The nodes a node's branch holds, its children only. */
  children(id) {
    return this.node(id).locator(":scope > details > ul > li");
  }

  /** The holders of the baton, in the page's order. */
  holders() {
    return this.page.getByTestId("relay-holders").locator(":scope > li");
  }
}

/** The earliest pass to each university in relay.json, as the model picks it. */
export function firstBatons() {
  const first = new Map();
  const key = (l) => [l.date, String(l.deed).padStart(12, "0"), l.from].join(" ");
  for (const link of storeFile("relay.json").links) {
    if (link.from === link.to) continue;
    const known = first.get(link.to);
    if (!known || key(link) < key(known)) first.set(link.to, link);
  }
  return first;
}
