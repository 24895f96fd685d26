// A page object for the app shell: what a test may look at and do, by role and label.
export class App {
  constructor(page, base) {
    this.page = page;
    this.base = base.endsWith("/") ? base : `${base}/`;
  }

  /** Opens `route` ("/about") under the site's base and waits for the app to take the page over. */
  async open(route) {
    await this.page.goto(this.base + route.replace(/^\//, ""));
    await this.live();
  }

  /** Waits until the app has taken the prerendered page over (`<html data-live>`). */
  async live() {
    await this.page.locator("html[data-live]").waitFor({ state: "attached" });
    await this.heading().waitFor();
  }

  /** The page's heading in the app's own `<main>`, not in the feed's preview. */
  heading() {
    return this.page.locator("main#main h1");
  }

  languageButton(locale) {
    return this.page.locator(`.lang-switch button[data-locale="${locale}"]`);
  }

  tabBar() {
    return this.page.locator("nav.tab-bar");
  }

  topNav() {
    return this.page.locator("nav.top-nav");
  }

  htmlLang() {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  horizontalOverflow() {
    return this.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  }
}
