import { describe, expect, it } from "vitest";
import { alertsFromText, alertsToText, contactsFromText, draftOf, formOf, newRunbookForm, slugify } from "./form";
import { RunbookInputSchema } from "./model";
import { headlineParts, HIT_START as S, HIT_STOP as E, sameContent, searchTsQuery } from "./search";

describe("search as you type", () => {
  it("makes words into a tsquery, the last one a prefix; punctuation separates and injects nothing", () => {
    expect(searchTsQuery("GpuTemp")).toBe("gputemp:*");
    expect(searchTsQuery("gpu temp")).toBe("gpu & temp:*");
    expect(searchTsQuery("gpu temp ")).toBe("gpu & temp");
    expect(searchTsQuery("x' | !y & (z:*)")).toBe("x & y & z:*");
    expect(searchTsQuery("  ---  ")).toBeNull();
    expect(searchTsQuery("température")).toBe("température:*");
  });

  it("splits a headline into text and hits, never HTML", () => {
    expect(headlineParts(`the ${S}die${E} <b>${S}temperature${E}</b>`)).toEqual([
      { text: "the ", hit: false },
      { text: "die", hit: true },
      { text: " <b>", hit: false },
      { text: "temperature", hit: true },
      { text: "</b>", hit: false },
    ]);
    expect(headlineParts("plain")).toEqual([{ text: "plain", hit: false }]);
  });
});

describe("the editor's fields", () => {
  it("reads alert links with matchers (commas inside quotes kept) and contacts as `who | how`", () => {
    expect(alertsFromText('GpuXidErrors\n\n  GpuTemperatureHigh{cluster="a,b", gpu=~"0|1"}  ')).toEqual([
      { alertname: "GpuXidErrors", matchers: [] },
      { alertname: "GpuTemperatureHigh", matchers: ['cluster="a,b"', 'gpu=~"0|1"'] },
    ]);
    expect(contactsFromText("GPU on-call | PagerDuty gpu-platform\nDC ops")).toEqual([
      { name: "GPU on-call", how: "PagerDuty gpu-platform" },
      { name: "DC ops", how: "" },
    ]);
  });

  it("gives back the same runbook after a trip through the form", () => {
    const r = RunbookInputSchema.parse({
      slug: "gpu-hot",
      title: "Hot",
      severity: "critical",
      team: "platform",
      body: "## What it means\n\nHot.",
      tags: ["thermal", "hardware"],
      alerts: [{ alertname: "GpuTemperatureHigh", matchers: ['cluster="a,b"'] }],
      contacts: [{ name: "On-call", how: "pager" }],
      escalation: ["15 min: DC ops", "30 min: vendor"],
    });
    expect(alertsToText(r.alerts)).toBe('GpuTemperatureHigh{cluster="a,b"}');
    expect(sameContent(RunbookInputSchema.parse(draftOf(formOf(r))), r)).toBe(true);
    expect(sameContent(RunbookInputSchema.parse({ ...draftOf(formOf(r)), title: "Hotter" }), r)).toBe(false);
  });

  it("prefills a new runbook for an alert nobody wrote one for", () => {
    expect(slugify("GpuTemperatureHigh")).toBe("gpu-temperature-high");
    expect(slugify("  Disk: /raid full!  ")).toBe("disk-raid-full");
    const form = newRunbookForm({ alertname: "NodeOnFire", severity: "critical", Hostname: "h" }, "platform");
    expect(form).toMatchObject({ slug: "node-on-fire", title: "Node On Fire", severity: "critical", team: "platform", alerts: "NodeOnFire" });
    expect(RunbookInputSchema.safeParse(draftOf(form)).success).toBe(true);
  });
});
