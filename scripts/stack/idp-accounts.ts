/**
 * The people of the development identity provider (scripts/idp.ts), and what the demo
 * and test consoles map their groups to. The e2e suite signs in as them; the demo
 * prints them. Any password works at this provider: it is for development only.
 */
export const IDP_CLIENT = { id: "fleet-console", secret: "fleet-console-dev-secret" } as const;

/** OIDC_GROUP_MAP for consoles that use the development provider. */
export const IDP_GROUP_MAP = "{fleet-admins: admin, fleet-sre: sre, ml-inference-leads: {role: developer, teams: [inference*]}, ml-research: {teams: [ml-research]}}";

export interface IdpAccount {
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

export const IDP_ACCOUNTS: Record<string, IdpAccount> = {
  /** An SRE through the fleet-sre group. */
  ada: { email: "ada@sso.example", email_verified: true, name: "Ada Okafor", groups: ["fleet-sre", "all-staff"] },
  /** A developer, lead of inference and member of ml-research. */
  lin: { email: "lin@sso.example", email_verified: true, name: "Lin Wei", groups: ["ml-inference-leads", "ml-research", "all-staff"] },
  /** In no mapped group: refused. */
  max: { email: "max@sso.example", email_verified: true, name: "Max Roth", groups: ["all-staff"] },
  /** The e-mail of a demo user who signs in with a password: refused. */
  eve: { email: "developer@demo.local", email_verified: true, name: "Eve Impostor", groups: ["fleet-admins"] },
  /** Has a password account in the console first (an e2e test), which an admin switches to SSO. */
  pat: { email: "pat@sso.example", email_verified: true, name: "Pat Moreau", groups: ["fleet-sre"] },
  /** The provider has not verified the address: refused. */
  sam: { email: "sam@sso.example", email_verified: false, name: "Sam Unverified", groups: ["fleet-sre"] },
};
