import { RE2JS } from "re2js";

/**
 * Alertmanager's regular expressions are Go's RE2, anchored (`^(?:…)$`): `(?i)` and
 * `[[:alpha:]]` work, lookarounds and backreferences do not. JavaScript's RegExp is
 * another dialect (it refused `(?i)` and accepted lookaheads Alertmanager then never
 * applied), so matchers are checked and matched with an RE2 implementation.
 */
const compiled = new Map<string, RE2JS | string>();

function compile(source: string): RE2JS | string {
  let hit = compiled.get(source);
  if (hit === undefined) {
    try {
      // Checked as written (so the message quotes the user's text), matched anchored.
      RE2JS.compile(source);
      hit = RE2JS.compile(`^(?:${source})$`);
    } catch (error) {
      hit = (error as Error).message.replace(/^error parsing regexp: /, "");
    }
    if (compiled.size > 2_000) compiled.clear();
    compiled.set(source, hit);
  }
  return hit;
}

/** Why Alertmanager would refuse this regex, or null when it compiles. */
export function re2Error(source: string): string | null {
  const c = compile(source);
  return typeof c === "string" ? c : null;
}

/** Whether the whole value matches (as a `=~` matcher does); an invalid regex matches nothing. */
export function re2FullMatch(source: string, value: string): boolean {
  const c = compile(source);
  return typeof c !== "string" && c.matches(value);
}
