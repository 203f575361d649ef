/**
 * A development OpenID Connect provider: panva's oidc-provider (an OpenID-certified
 * implementation) with its built-in login and consent pages, the people of
 * scripts/stack/idp-accounts.ts, and a `groups` claim. The demo and the tests sign in
 * to the console through it exactly as through a company's Keycloak or Okta.
 *   tsx scripts/idp.ts --port 9096 --redirect-uri http://localhost:3000/api/auth/callback/oidc [--redirect-uri …]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import Provider from "oidc-provider";
import { IDP_ACCOUNTS, IDP_CLIENT } from "./stack/idp-accounts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9096" },
    "redirect-uri": { type: "string", multiple: true, default: [] },
  },
});
const issuer = `http://127.0.0.1:${values.port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: IDP_CLIENT.id,
      client_secret: IDP_CLIENT.secret,
      redirect_uris: values["redirect-uri"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  scopes: ["openid", "email", "profile", "groups"],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"], groups: ["groups"] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  async findAccount(_ctx, id) {
    const account = IDP_ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, preferred_username: id, ...account }) };
  },
});

provider.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`identity provider ${issuer} (accounts: ${Object.keys(IDP_ACCOUNTS).join(", ")}; any password)`);
});
