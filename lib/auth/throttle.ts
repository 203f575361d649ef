/**
 * Sign-in throttling: failed attempts are counted per (client address, e-mail), per
 * client address and per e-mail, whether or not the account exists, and past each key's
 * free attempts the next is refused for a wait that doubles with each further failure,
 * up to MAX_WAIT_MS. A refused attempt costs no bcrypt work and gets the same answer for
 * a real account and an unknown one. An attacker at one address throttles only
 * themselves; the per-e-mail key (a high threshold) bounds guessing spread over many
 * addresses without letting anyone lock an account for long.
 */
export type ThrottleKind = "pair" | "address" | "account";

export const POLICY: Record<ThrottleKind, { free: number; firstWaitMs: number }> = {
  pair: { free: 5, firstWaitMs: 30_000 },
  address: { free: 30, firstWaitMs: 60_000 },
  account: { free: 50, firstWaitMs: 60_000 },
};
export const MAX_WAIT_MS = 15 * 60_000;
/** A key with no failure for this long starts over. */
export const FORGET_MS = 3_600_000;

/** After the `failures`-th failure in a row, how long the key waits (0: not yet). */
export function waitAfter(kind: ThrottleKind, failures: number): number {
  const p = POLICY[kind];
  if (failures < p.free) return 0;
  return Math.min(p.firstWaitMs * 2 ** (failures - p.free), MAX_WAIT_MS);
}

/** The sign-in page's code for a refused attempt (the message is built from it on the page). */
export const throttledCode = (waitMs: number) => `throttled-${Math.max(1, Math.ceil(waitMs / 1000))}`;

export function throttledMessage(code: string): string | null {
  const m = /^throttled-(\d+)$/.exec(code);
  if (!m) return null;
  const s = Number(m[1]);
  const wait = s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`;
  return `Too many failed sign-ins: wait ${wait} before trying again.`;
}

/**
 * The client's address from X-Forwarded-For: the entry `hops` from the right (0: the last
 * one, which Next.js sets to the peer's address when nothing in front set the header; 1:
 * the one a single trusted proxy saw). Without a proxy in front a client can send its own
 * header, so TRUST_PROXY_HOPS must match the deployment; the per-e-mail key bounds what a
 * forged address gains.
 */
export function clientAddress(forwardedFor: string | null | undefined, hops = 0): string {
  const parts = (forwardedFor ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return "unknown";
  return parts[Math.max(0, parts.length - 1 - hops)]!;
}
