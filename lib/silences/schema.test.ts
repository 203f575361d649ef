import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { firstIssue } from "@/lib/api/zod";
import { checkSilenceRules, checkTeamScope, sameMatchers, SilenceInputSchema, silenceState, startOfEdit, startOfNew } from "./schema";

const NOW = Date.UTC(2026, 10, 23, 12);
const H = 3_600_000;
const m = (name: string, value: string, isRegex = false, isEqual = true) => ({ name, value, isRegex, isEqual });
const rule = (input: Parameters<typeof checkSilenceRules>[0]) => {
  try {
    checkSilenceRules(input, NOW);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe("silence input", () => {
  it("parses a silence and names the field that is wrong", () => {
    const ok = SilenceInputSchema.safeParse({ matchers: [{ name: "alertname", value: "GpuHot" }], endsAt: NOW + H, comment: "reboot" });
    expect(ok.success && ok.data.matchers[0]).toEqual(m("alertname", "GpuHot"));
    const issue = (body: unknown) => {
      const r = SilenceInputSchema.safeParse(body);
      return r.success ? null : firstIssue(r.error);
    };
    expect(issue({ matchers: [], endsAt: NOW + H, comment: "x" })).toBe("matchers: at least one matcher");
    expect(issue({ matchers: [{ name: "1bad", value: "x" }], endsAt: NOW + H, comment: "x" })).toBe("matchers.0.name: a label name (letters, digits, _; not starting with a digit)");
    expect(issue({ matchers: [{ name: "a", value: "x" }], endsAt: "tomorrow", comment: "x" })).toBe("endsAt: a time: epoch milliseconds, or RFC 3339 as Alertmanager writes it (2026-12-07T12:00:00Z)");
    expect(issue({ matchers: [{ name: "a", value: "x" }], endsAt: 1.5, comment: "x" })).toMatch(/^endsAt: a time/);
    expect(issue({ matchers: [{ name: "a", value: "x" }], endsAt: "2026-12-07", comment: "x" })).toMatch(/^endsAt: a time/);
    expect(issue({ id: "abc", matchers: [{ name: "a", value: "x" }], endsAt: NOW + H, comment: "x" })).toMatch(/^id: a new silence has no id/);
    expect(issue({ matchers: [{ name: "a", value: "x" }], endsAt: NOW + H, comment: "  " })).toBe("comment: say why (a comment is required)");
    expect(issue({ matchers: [{ name: "a", value: "x" }], endsAt: NOW + H, comment: "x", ticketUrl: "javascript:alert(1)" })).toBe("ticketUrl: a URL (http or https)");
  });
});

describe("Alertmanager's silence JSON", () => {
  it("is taken as amtool posts it: RFC 3339 times, createdBy read and not kept", () => {
    // Captured: the body amtool 0.25 (Debian) POSTs to /api/v2/silences for
    // `amtool silence add alertname=GpuHot 'gpu=~"[0-3]"' --comment="reseating the card" --duration=2h`.
    const body = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures/amtool-silence-add.json"), "utf8")) as Record<string, unknown>;
    const r = SilenceInputSchema.safeParse(body);
    expect(r.success).toBe(true);
    const at = Date.UTC(2026, 11, 7, 21, 27, 50, 32);
    expect(r.data).toMatchObject({ startsAt: at, endsAt: at + 2 * H, comment: "reseating the card", matchers: [m("alertname", "GpuHot"), m("gpu", "[0-3]", true)] });
    // The console's own epoch milliseconds parse to the same silence.
    expect(SilenceInputSchema.parse({ ...body, startsAt: at, endsAt: at + 2 * H })).toEqual(r.data);
    // As Alertmanager writes times back (nanoseconds), and with an offset instead of Z.
    expect(SilenceInputSchema.parse({ ...body, startsAt: "2026-11-23T12:00:00.123456789Z", endsAt: "2026-11-23T14:00:00+01:00" })).toMatchObject({ startsAt: NOW + 123, endsAt: NOW + H });
  });
});

describe("Alertmanager's rules for a silence", () => {
  it("accepts a silence with a matcher that needs a label", () => {
    expect(rule({ matchers: [m("alertname", "GpuHot"), m("gpu", "[0-3]", true)], startsAt: NOW, endsAt: NOW + H })).toBeNull();
  });

  it("refuses outright a regex that matches every value, even beside narrower matchers, naming it", () => {
    for (const everything of [".+", ".*", "(.*)", ".*|GpuHot", "(?:.+)?", "[\\s\\S]*", ".{0,}", "^.*$"]) {
      expect(rule({ matchers: [m("alertname", "GpuHot"), m("Hostname", everything, true)], startsAt: NOW, endsAt: NOW + H }), everything).toBe(
        `matchers.1.value: Hostname=~"${everything}" matches every value of Hostname: name the values it should match (a regex that matches everything is refused)`,
      );
    }
    // Narrow regexes, and `!~` (alerts without the label, or not matching), stay allowed.
    for (const narrow of ["Gpu.*", "us-east-gpu-00[1-4]", ".+-gpu-.+", "[a-z]+", ".{1,20}"]) {
      expect(rule({ matchers: [m("alertname", "GpuHot"), m("Hostname", narrow, true)], startsAt: NOW, endsAt: NOW + H }), narrow).toBeNull();
    }
    expect(rule({ matchers: [m("alertname", "GpuHot"), m("team", ".+", true, false)], startsAt: NOW, endsAt: NOW + H })).toBeNull();
  });

  it("refuses matchers that all match the empty string: they would silence everything", () => {
    expect(rule({ matchers: [m("alertname", ".*", true)], startsAt: NOW, endsAt: NOW + H })).toMatch(/^matchers: at least one matcher must not match the empty string/);
    expect(rule({ matchers: [m("team", "")], startsAt: NOW, endsAt: NOW + H })).toMatch(/^matchers: /);
    expect(rule({ matchers: [m("team", "ml", false, false)], startsAt: NOW, endsAt: NOW + H })).toMatch(/^matchers: /);
  });

  it("refuses a bad regex, naming the matcher", () => {
    expect(rule({ matchers: [m("alertname", "GpuHot"), m("Hostname", "node-(1|2", true)], startsAt: NOW, endsAt: NOW + H })).toMatch(/^matchers\.1\.value: not a valid regular expression/);
  });

  it("follows Alertmanager's RE2 dialect: (?i) is accepted, a lookahead or a backreference refused (Alertmanager would never apply them)", () => {
    expect(rule({ matchers: [m("alertname", "(?i)gpu.*high", true)], startsAt: NOW, endsAt: NOW + H })).toBeNull();
    expect(rule({ matchers: [m("alertname", "Gpu(?=Temp).*", true)], startsAt: NOW, endsAt: NOW + H })).toBe("matchers.0.value: not a valid regular expression (invalid or unsupported Perl syntax: `(?=`)");
    expect(rule({ matchers: [m("alertname", "GpuHot"), m("Hostname", "(a)\\1", true)], startsAt: NOW, endsAt: NOW + H })).toBe("matchers.1.value: not a valid regular expression (invalid escape sequence: `\\1`)");
  });

  it("refuses an end before the start or in the past", () => {
    expect(rule({ matchers: [m("a", "b")], startsAt: NOW + 2 * H, endsAt: NOW + H })).toBe("endsAt: must be after startsAt");
    expect(rule({ matchers: [m("a", "b")], startsAt: NOW - 2 * H, endsAt: NOW - H })).toBe("endsAt: is in the past");
  });
});

describe("team scope", () => {
  const check = (matchers: ReturnType<typeof m>[], scope: string[] | null) => {
    try {
      checkTeamScope(matchers, scope, "team");
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
  it("lets a developer silence only with an equality matcher on one of their teams", () => {
    expect(check([m("alertname", "X"), m("team", "ml-research")], ["ml-research", "inference"])).toBeNull();
    expect(check([m("alertname", "X"), m("team", "recsys")], ["ml-research"])).toMatch(/^matchers: must include team="<one of your teams>" \(ml-research\)/);
    expect(check([m("team", "ml-research|recsys", true)], ["ml-research"])).not.toBeNull();
    expect(check([m("team", "ml-research", false, false)], ["ml-research"])).not.toBeNull();
    expect(check([m("alertname", "X")], null)).toBeNull();
  });
});

describe("state and matcher identity", () => {
  it("derives the state from the times and an expiry", () => {
    expect(silenceState({ startsAt: NOW - H, endsAt: NOW + H, expiredAt: null }, NOW)).toBe("active");
    expect(silenceState({ startsAt: NOW + H, endsAt: NOW + 2 * H, expiredAt: null }, NOW)).toBe("pending");
    expect(silenceState({ startsAt: NOW - H, endsAt: NOW + H, expiredAt: NOW - 1 }, NOW)).toBe("expired");
    expect(silenceState({ startsAt: NOW - 2 * H, endsAt: NOW, expiredAt: null }, NOW)).toBe("expired");
  });
  it("compares matchers as sets", () => {
    expect(sameMatchers([m("a", "1"), m("b", "2")], [m("b", "2"), m("a", "1")])).toBe(true);
    expect(sameMatchers([m("a", "1")], [m("a", "1", true)])).toBe(false);
    expect(sameMatchers([m("a", "1")], [m("a", "1"), m("b", "2")])).toBe(false);
  });
});

describe("the start a save writes (what the rules are checked against)", () => {
  const now = 1_750_000_000_000;
  it("a new silence starts as asked, never more than a minute in the past", () => {
    expect(startOfNew(undefined, now)).toBe(now);
    expect(startOfNew(now + 3_600_000, now)).toBe(now + 3_600_000);
    expect(startOfNew(now - 86_400_000, now)).toBe(now - 60_000);
  });
  it("an active silence keeps its start; a pending one keeps or moves it", () => {
    expect(startOfEdit({ state: "active", startsAt: now - 7_200_000 }, now + 3_600_000, now)).toBe(now - 7_200_000);
    expect(startOfEdit({ state: "pending", startsAt: now + 7_200_000 }, undefined, now)).toBe(now + 7_200_000);
    expect(startOfEdit({ state: "pending", startsAt: now + 7_200_000 }, now + 600_000, now)).toBe(now + 600_000);
    // A pending silence ending before its kept start is refused by the rules, not written.
    expect(() => checkSilenceRules({ matchers: [{ name: "alertname", value: "X", isRegex: false, isEqual: true }], startsAt: startOfEdit({ state: "pending", startsAt: now + 7_200_000 }, undefined, now), endsAt: now + 3_600_000 }, now)).toThrow("endsAt: must be after startsAt");
  });
});
