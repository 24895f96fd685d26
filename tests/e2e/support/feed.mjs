// A page object for the feed and the pages built on it.
export class Feed {
  constructor(page) {
    this.page = page;
  }

  cards() {
    return this.page.getByTestId("deed-card");
  }

  /** Waits for the app's own cards: the page is live (the prerendered cards were taken over). */
  async waitForCards() {
    await this.page.locator("html[data-live]").waitFor({ state: "attached" });
    await this.cards().first().waitFor();
  }

  async openFilters() {
    const details = this.page.locator("details.filters__more");
    if (!(await details.getAttribute("open"))) await details.locator("summary").click();
  }

  virtueChip(name) {
    return this.page.locator(".filters__virtues").getByRole("button", { name });
  }

  search() {
    return this.page.locator("#feed-q");
  }

  moreButton() {
    return this.page.locator(".feed__more");
  }

  /** Each card's virtue badge text. */
  badges() {
    return this.cards().locator(".deed-card__tags .badge:first-child").allInnerTexts();
  }

  query() {
    return new URL(this.page.url()).searchParams;
  }
}
