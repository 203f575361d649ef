-- Maintenance windows and the occurrences the console has made silences for.
CREATE TABLE "maintenance_windows" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "matchers" JSONB NOT NULL,
    "schedule" JSONB NOT NULL,
    "comment" TEXT NOT NULL,
    "until" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMP(3),
    "deletedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "maintenance_windows_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "maintenance_windows_schedule_kind_check" CHECK ("schedule"->>'kind' IN ('once', 'weekly', 'cron'))
);

CREATE TABLE "maintenance_occurrences" (
    "windowId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "silenceId" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "maintenance_occurrences_pkey" PRIMARY KEY ("windowId", "startsAt"),
    CONSTRAINT "maintenance_occurrences_ends_after_start" CHECK ("endsAt" > "startsAt")
);

CREATE UNIQUE INDEX "maintenance_occurrences_silenceId_key" ON "maintenance_occurrences"("silenceId");
CREATE INDEX "maintenance_occurrences_startsAt_idx" ON "maintenance_occurrences"("startsAt");

ALTER TABLE "maintenance_occurrences" ADD CONSTRAINT "maintenance_occurrences_windowId_fkey" FOREIGN KEY ("windowId") REFERENCES "maintenance_windows"("id") ON DELETE CASCADE ON UPDATE CASCADE;
