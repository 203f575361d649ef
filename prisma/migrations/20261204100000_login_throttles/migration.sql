-- Sign-in throttling per (address, e-mail), address and e-mail, instead of locking accounts
-- (anyone could lock any known account for up to a day).
CREATE TABLE "login_throttles" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT,
    "failures" INTEGER NOT NULL,
    "lastFailureAt" TIMESTAMP(3) NOT NULL,
    "blockedUntil" TIMESTAMP(3),
    CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "login_throttles_subject_idx" ON "login_throttles"("subject");
