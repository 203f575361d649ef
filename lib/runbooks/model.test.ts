import { describe, expect, it } from "vitest";
import { linkBoundToTeam, lookupLabels, mayEditRunbook, rankRunbooks, runbookLookupPath, RunbookInputSchema, type Candidate } from "./model";

const rb = (slug: string, team: string | null, alerts: { alertname: string; matchers?: string[] }[]): Candidate => ({
  slug,
  team,
  alerts: alerts.map((a) => ({ alertname: a.alertname, matchers: a.matchers ?? [] })),
});

describe("choosing the runbook for an alert", () => {
  const alert = { alertname: "GpuTemperatureHigh", Hostname: "us-east-gpu-002", gpu: "3", cluster: "us-east", team: "platform" };

  it("takes the most specific matching link: more matchers beat fewer, a failing matcher does not match", () => {
    const ranked = rankRunbooks(
      [
        rb("generic", "platform", [{ alertname: "GpuTemperatureHigh" }]),
        rb("us-east", "platform", [{ alertname: "GpuTemperatureHigh", matchers: ['cluster="us-east"'] }]),
        rb("us-east-gpu3", "platform", [{ alertname: "GpuTemperatureHigh", matchers: ['cluster="us-east"', 'gpu=~"3|4"'] }]),
        rb("eu", "platform", [{ alertname: "GpuTemperatureHigh", matchers: ['cluster="eu-west"', 'gpu="3"', 'Hostname!=""'] }]),
        rb("other-alert", "platform", [{ alertname: "GpuXidErrors" }]),
      ],
      alert,
    );
    expect(ranked.map((m) => [m.runbook.slug, m.specificity, m.link])).toEqual([
      ["us-east-gpu3", 2, 'GpuTemperatureHigh{cluster="us-east", gpu=~"3|4"}'],
      ["us-east", 1, 'GpuTemperatureHigh{cluster="us-east"}'],
      ["generic", 0, "GpuTemperatureHigh"],
    ]);
  });

  it("breaks a tie by the alert's team (mapped from label value to slug), then by slug, whatever the row order", () => {
    const candidates = [
      rb("zz-research", "ml-research", [{ alertname: "TrainingLossRising" }]),
      rb("aa-training", "llm-training", [{ alertname: "TrainingLossRising" }]),
    ];
    const research = { alertname: "TrainingLossRising", team: "research-label" };
    const toSlug = (v: string) => (v === "research-label" ? "ml-research" : null);
    expect(rankRunbooks(candidates, research, toSlug)[0]!.runbook.slug).toBe("zz-research");
    expect(rankRunbooks([...candidates].reverse(), research, toSlug)[0]!.runbook.slug).toBe("zz-research");
    // Another team, or none: the slug decides.
    expect(rankRunbooks(candidates, { alertname: "TrainingLossRising", team: "recsys" })[0]!.runbook.slug).toBe("aa-training");
    expect(rankRunbooks(candidates, { alertname: "TrainingLossRising" })[0]!.runbook.slug).toBe("aa-training");
  });

  it("never lets another team's runbook win an alert, however specific its link; an unowned runbook competes on specificity", () => {
    const thermal = { alertname: "GpuThermalThrottling", cluster: "us-east", Hostname: "h1", team: "platform" };
    const candidates = [
      rb("platform-thermal", "platform", [{ alertname: "GpuThermalThrottling" }]),
      // A developer of ml-research linking every team's alerts, as specific as can be.
      rb("aaa-hijack", "ml-research", [{ alertname: "GpuThermalThrottling", matchers: ['cluster=~".+"', 'Hostname=~".+"', 'team=~".+"'] }]),
      rb("sre-us-east", null, [{ alertname: "GpuThermalThrottling", matchers: ['cluster="us-east"'] }]),
    ];
    expect(rankRunbooks(candidates, thermal).map((m) => m.runbook.slug)).toEqual(["sre-us-east", "platform-thermal", "aaa-hijack"]);
    expect(rankRunbooks(candidates.slice(0, 2), thermal)[0]!.runbook.slug).toBe("platform-thermal");
    // Its own team's alert: it is the owner's runbook there.
    expect(rankRunbooks(candidates.slice(0, 2), { ...thermal, team: "ml-research" })[0]!.runbook.slug).toBe("aaa-hijack");
  });

  it("uses a runbook's best link when it has several, and finds nothing for an alert nobody linked", () => {
    const two = rb("both", null, [{ alertname: "GpuTemperatureHigh" }, { alertname: "GpuTemperatureHigh", matchers: ['gpu="3"'] }]);
    expect(rankRunbooks([two], alert)[0]).toMatchObject({ specificity: 1, link: 'GpuTemperatureHigh{gpu="3"}' });
    expect(rankRunbooks([two], { alertname: "Unknown" })).toEqual([]);
  });
});

describe("the lookup URL", () => {
  it("reads labels from the query string: valid names only, first value wins, empty values dropped", () => {
    const params = new URLSearchParams("alertname=GpuXidErrors&Hostname=n1&gpu=&gpu=2&bad-name=x&Hostname=n2");
    expect(lookupLabels(params)).toEqual({ alertname: "GpuXidErrors", Hostname: "n1", gpu: "2" });
    expect(lookupLabels({ alertname: "X", pod: ["p1", "p2"], none: undefined })).toEqual({ alertname: "X", pod: "p1" });
  });

  it("is built from an alert's labels with the name first, and reads back to the same labels", () => {
    const labels = { severity: "critical", alertname: "GpuTemperatureHigh", Hostname: "a b&c", gpu: "1" };
    const path = runbookLookupPath(labels);
    expect(path).toBe("/runbooks/for?alertname=GpuTemperatureHigh&Hostname=a+b%26c&gpu=1&severity=critical");
    expect(lookupLabels(new URL(path, "http://x").searchParams)).toEqual(labels);
    // From an ALERTS series (a chart's alert band): its alertstate is not the alert's label.
    expect(runbookLookupPath({ alertname: "GpuXidErrors", alertstate: "firing", gpu: "0" })).toBe("/runbooks/for?alertname=GpuXidErrors&gpu=0");
  });
});

describe("runbook input", () => {
  const base = { slug: "gpu-hot", title: "Hot", severity: "warning", body: "\n\n## Body\ntext  \n\n" };

  it("normalizes what is not content: blank lines around the body, tag case and order, matcher spelling", () => {
    const r = RunbookInputSchema.parse({ ...base, tags: ["Thermal", "hardware", "thermal"], alerts: [{ alertname: "GpuTemperatureHigh", matchers: ["cluster = us-east", "gpu =~ 3|4"] }] });
    expect(r.body).toBe("## Body\ntext");
    expect(r.tags).toEqual(["hardware", "thermal"]);
    expect(r.alerts[0]!.matchers).toEqual(['cluster="us-east"', 'gpu=~"3|4"']);
    expect(r).toMatchObject({ team: null, owner: "", summary: "", contacts: [], escalation: [] });
  });

  it("names the field that is wrong", () => {
    const issue = (input: object) => RunbookInputSchema.safeParse({ ...base, ...input }).error?.issues[0];
    expect(issue({ slug: "Bad Slug" })?.path).toEqual(["slug"]);
    expect(issue({ slug: "for" })?.message).toMatch(/names a page of the console/);
    expect(issue({ severity: "page" })?.message).toBe("one of critical, warning, info");
    expect(issue({ alerts: [{ alertname: "1bad" }] })?.path).toEqual(["alerts", 0, "alertname"]);
    expect(issue({ alerts: [{ alertname: "Ok", matchers: ["gpu=~("] }] })).toMatchObject({ path: ["alerts", 0, "matchers", 0], message: expect.stringMatching(/not a valid regular expression/) });
    expect(issue({ contacts: [{ name: " " }] })?.path).toEqual(["contacts", 0, "name"]);
  });
});

describe("who may edit", () => {
  it("lets SREs and admins edit any runbook, developers their teams' only, viewers none", () => {
    expect(mayEditRunbook({ role: "sre", teams: [] }, null)).toBe(true);
    expect(mayEditRunbook({ role: "admin", teams: [] }, "recsys")).toBe(true);
    expect(mayEditRunbook({ role: "developer", teams: ["inference"] }, "inference")).toBe(true);
    expect(mayEditRunbook({ role: "developer", teams: ["inference"] }, "recsys")).toBe(false);
    expect(mayEditRunbook({ role: "developer", teams: ["inference"] }, null)).toBe(false);
    expect(mayEditRunbook({ role: "viewer", teams: ["inference"] }, "inference")).toBe(false);
  });
});

describe("a team's runbook links its own team's alerts", () => {
  it("is bounded by an equality matcher on the team label with the team's label value, and only that", () => {
    const link = (matchers: string[]) => ({ alertname: "GpuThermalThrottling", matchers });
    expect(linkBoundToTeam(link(['team="research"']), "research")).toBe(true);
    expect(linkBoundToTeam(link(['cluster="a"', 'team="research"']), "research")).toBe(true);
    expect(linkBoundToTeam(link([]), "research")).toBe(false);
    expect(linkBoundToTeam(link(['team=~"research|recsys"']), "research")).toBe(false);
    expect(linkBoundToTeam(link(['team!="recsys"']), "research")).toBe(false);
    expect(linkBoundToTeam(link(['team="recsys"']), "research")).toBe(false);
  });
});
