import "server-only";
import { createHash } from "node:crypto";
import { FORGET_MS, waitAfter, type ThrottleKind } from "@/lib/auth/throttle";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";

/** The keys of one sign-in attempt (lib/auth/throttle.ts): the pair, the address, the e-mail. */
export interface ThrottleKey {
  key: string;
  kind: ThrottleKind;
  subject: string;
}

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** How an e-mail is kept in the throttle: its SHA-256, lower-cased (unknown e-mails are counted too). */
export const accountSubject = (email: string) => sha(email.trim().toLowerCase());

export function throttleKeys(address: string, email: string): ThrottleKey[] {
  const subject = accountSubject(email);
  return [
    { key: `pair:${sha(`${address}\n${subject}`)}`, kind: "pair", subject },
    { key: `address:${address}`, kind: "address", subject },
    { key: `account:${subject}`, kind: "account", subject },
  ];
}

/** How long this attempt must still wait (0: it may go ahead). */
export async function throttleWaitMs(keys: ThrottleKey[], nowMs = Date.now(), db: PrismaClient = getPrisma()): Promise<number> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) }, blockedUntil: { gt: new Date(nowMs) } }, select: { blockedUntil: true } });
  return rows.reduce((most, r) => Math.max(most, r.blockedUntil!.getTime() - nowMs), 0);
}

/** One more failure on every key; returns the wait it now imposes (0: none yet). */
export async function recordThrottledFailure(keys: ThrottleKey[], nowMs = Date.now(), db: PrismaClient = getPrisma()): Promise<number> {
  const now = new Date(nowMs);
  const forget = new Date(nowMs - FORGET_MS);
  let wait = 0;
  for (const k of keys) {
    // Atomic across replicas: a key quiet for FORGET_MS starts over.
    const [row] = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO "login_throttles" ("key", "kind", "subject", "failures", "lastFailureAt") VALUES (${k.key}, ${k.kind}, ${k.kind === "address" ? null : k.subject}, 1, ${now})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "login_throttles"."lastFailureAt" < ${forget} THEN 1 ELSE "login_throttles"."failures" + 1 END,
        "lastFailureAt" = ${now}
      RETURNING "failures"`;
    const w = waitAfter(k.kind, row!.failures);
    if (w > 0) await db.loginThrottle.update({ where: { key: k.key }, data: { blockedUntil: new Date(nowMs + w) } });
    wait = Math.max(wait, w);
  }
  return wait;
}

/** A right password: the pair starts over (the address and e-mail keys decay on their own). */
export async function clearPair(keys: ThrottleKey[], db: PrismaClient = getPrisma()): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: { in: keys.filter((k) => k.kind === "pair").map((k) => k.key) } } });
}

