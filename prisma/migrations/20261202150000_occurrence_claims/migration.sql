-- When a pass of the silence loop last took an occurrence on: an attempt that failed
-- (lastError) or whose pass died (no silence, claimed long ago) is taken on again.
ALTER TABLE "maintenance_occurrences" ADD COLUMN "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
