-- Single sign-on: the identity provider's lasting name for a user ("<issuer>#<sub>"),
-- set at their first SSO sign-in. An e-mail can change at the provider; this does not.
ALTER TABLE "users" ADD COLUMN "ssoId" TEXT;
CREATE UNIQUE INDEX "users_ssoId_key" ON "users"("ssoId");
