// A page object for the feed and the pages built on it.
export class Feed {
  constructor(page) {
    this.page = page;
  }

  cards() {
    return this.page.getByTestId("deed-card");
  }

  async waitForCards() {
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
    return this.cards().locator(".deed-card__tags .badge:first-child").allTextContents();
  }

  query() {
    return new URL(this.page.url()).searchParams;
  }
}
