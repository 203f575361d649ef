import { throttledMessage } from "./throttle";

/**
 * What the sign-in page says for each refusal code (`?error=` after SSO, next-auth's
 * `error` after the password form): words, never a driver's or provider's raw text. Pure
 * and small: the password form (a client component) imports it.
 */
/** Why a sign-in is refused: each has its message on the sign-in page. */
export const SSO_REFUSALS = {
  "sso-no-role": "Your single sign-on account is in none of the groups this console gives a role to. Ask an admin to map one of your groups.",
  "sso-no-email": "The identity provider sent no e-mail address for your account, so the console cannot tell who you are.",
  "sso-unverified": "The identity provider says your e-mail address is not verified.",
  "sso-disabled": "This account is disabled. Ask an admin.",
  "sso-email-taken": "An account with this e-mail address exists already and signs in another way (with a password, or as another SSO account). Sign in that way, or ask an admin to switch the account to single sign-on.",
  "sso-failed": "Single sign-on did not complete. Try again; if it keeps failing, the identity provider or the console's SSO settings need a look.",
  "database-unavailable": "The console's database (PostgreSQL) cannot be reached, so nobody can sign in just now. Try again in a few minutes; sessions already signed in keep their dashboards.",
  "sign-in-failed": "Sign-in did not complete. Try again; if it keeps failing, an admin should look at the console's log.",
} as const;
export type SsoRefusal = keyof typeof SSO_REFUSALS;

/** The message for a sign-in page's `?error=` (next-auth's own codes for an OAuth failure read as "sso-failed"); null for none. */
export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  if (code in SSO_REFUSALS) return SSO_REFUSALS[code as SsoRefusal];
  if (code === "CredentialsSignin") return null; // the form says it itself
  return throttledMessage(code) ?? SSO_REFUSALS["sso-failed"];
}

/** What the password form shows for next-auth's answer: its own codes in words, never raw text. */
export function credentialsErrorMessage(code: string | undefined | null): string {
  if (!code || code === "CredentialsSignin") return "Wrong email or password.";
  if (code in SSO_REFUSALS && !code.startsWith("sso-")) return SSO_REFUSALS[code as SsoRefusal];
  return throttledMessage(code) ?? SSO_REFUSALS["sign-in-failed"];
}

