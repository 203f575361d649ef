import type { Locator, Page } from "@playwright/test";

export class SrePage {
  constructor(readonly page: Page) {}

  panel(title: string): Locator {
    return this.page.locator("article.panel").filter({ has: this.page.getByRole("heading", { name: title, exact: true }) });
  }

  /** Scrolls a panel into view (panels below the fold are only queried once seen). */
  async reveal(title: string): Promise<Locator> {
    const panel = this.panel(title);
    await panel.scrollIntoViewIfNeeded();
    return panel;
  }

  /** The fleet heatmap's caption: how many GPUs it drew and whether rows were folded. */
  heatmapNote(): Locator {
    return this.panel("GPU utilization heatmap").getByTestId("heatmap-note");
  }

  legendItems(title: string): Locator {
    return this.panel(title).getByRole("list", { name: "Legend" }).getByRole("listitem");
  }
}
