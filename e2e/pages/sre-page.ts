import type { Locator, Page } from "@playwright/test";

export class SrePage {
  constructor(readonly page: Page) {}

  panel(title: string): Locator {
    return this.page.locator("article.panel").filter({ has: this.page.getByRole("heading", { name: title }) });
  }

  legendItems(title: string): Locator {
    return this.panel(title).getByRole("list", { name: "Legend" }).getByRole("listitem");
  }
}
