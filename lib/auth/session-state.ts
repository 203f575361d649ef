import "server-only";
import { findUserById } from "@/lib/access/repo";
import type { Role } from "./roles";

/**
 * Whether a session (a signed JWT) still stands, and the user's role and teams now: a
 * session ends when its user was disabled or signed out everywhere (sessionVersion
 * moved on), and a role or team change applies at the next request, not at the next
 * sign-in. Answers are remembered for a few seconds per user, and with Postgres down the
 * session's own claims stand (dashboards keep working; writes fail on their own).
 */
const REMEMBER_MS = 5_000;

export type SessionState = { ended: true } | { ended: false; name: string; role: Role; teamIds: string[]; teams: string[] } | null;

// On globalThis: every bundle of this module in the process (each route handler may carry
// one) shares the answers, so forgetting after an admin's change reaches all of them.
const shared = globalThis as typeof globalThis & { __sessionStates?: Map<string, { state: SessionState; until: number }> };
const remembered = (shared.__sessionStates ??= new Map());

export async function sessionState(userId: string, sessionVersion: number): Promise<SessionState> {
  const key = `${userId}:${sessionVersion}`;
  const known = remembered.get(key);
  if (known && known.until > Date.now()) return known.state;
  let state: SessionState;
  try {
    const user = await findUserById(userId);
    state = !user || user.disabled || user.sessionVersion !== sessionVersion ? { ended: true } : { ended: false, name: user.name, role: user.role, teamIds: user.teamIds, teams: user.teams };
  } catch {
    return null; // the database cannot say: the session's claims stand
  }
  if (remembered.size > 10_000) remembered.clear();
  remembered.set(key, { state, until: Date.now() + REMEMBER_MS });
  return state;
}

/** After an admin's change in this process: the next request reads the user again. */
export function forgetSessionState(userId: string): void {
  for (const key of remembered.keys()) if (key.startsWith(`${userId}:`)) remembered.delete(key);
}
