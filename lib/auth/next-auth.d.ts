import type { SessionUser } from "./roles";

declare module "next-auth" {
  interface Session {
    user: SessionUser;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: string;
    teamIds?: string[];
    teams?: string[];
    /** The user's sessionVersion at sign-in; "sign out everywhere" moves the user's on. */
    sv?: number;
    /** Set once the session was found ended (disabled, signed out everywhere). */
    ended?: boolean;
  }
}
