-- A client's Idempotency-Key on a silence create: a retry gets the first answer.
CREATE TABLE "idempotency_keys" (
    "owner" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "silenceId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("owner","key")
);
CREATE INDEX "idempotency_keys_createdAt_idx" ON "idempotency_keys"("createdAt");
