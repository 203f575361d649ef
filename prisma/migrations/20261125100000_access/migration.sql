-- Sign-in throttling, sign-out everywhere and disabled accounts (users); revocation and
-- the creator's role cap (api_tokens).
ALTER TABLE "users" ADD COLUMN "failedLogins" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "lockedUntil" TIMESTAMP(3);
ALTER TABLE "users" ADD COLUMN "lastLoginAt" TIMESTAMP(3);
ALTER TABLE "users" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "disabledAt" TIMESTAMP(3);

ALTER TABLE "api_tokens" ADD COLUMN "revokedAt" TIMESTAMP(3);
ALTER TABLE "api_tokens" ADD COLUMN "revokedBy" TEXT;
