-- CreateTable
CREATE TABLE "silences" (
    "id" TEXT NOT NULL,
    "matchers" JSONB NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "comment" TEXT NOT NULL,
    "ticketUrl" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'console',
    "createdBy" TEXT NOT NULL,
    "createdById" TEXT,
    "updatedBy" TEXT NOT NULL,
    "expiredAt" TIMESTAMP(3),
    "expiredBy" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "replacedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "silences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "silence_syncs" (
    "silenceId" TEXT NOT NULL,
    "alertmanager" TEXT NOT NULL,
    "amId" TEXT,
    "pastIds" TEXT[],
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastAttemptAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3),

    CONSTRAINT "silence_syncs_pkey" PRIMARY KEY ("silenceId","alertmanager")
);

-- CreateTable
CREATE TABLE "silence_events" (
    "id" TEXT NOT NULL,
    "silenceId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "silence_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "silences_endsAt_idx" ON "silences"("endsAt");

-- CreateIndex
CREATE INDEX "silence_syncs_alertmanager_amId_idx" ON "silence_syncs"("alertmanager", "amId");

-- CreateIndex
CREATE INDEX "silence_events_silenceId_at_idx" ON "silence_events"("silenceId", "at");

-- AddForeignKey
ALTER TABLE "silence_syncs" ADD CONSTRAINT "silence_syncs_silenceId_fkey" FOREIGN KEY ("silenceId") REFERENCES "silences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silence_events" ADD CONSTRAINT "silence_events_silenceId_fkey" FOREIGN KEY ("silenceId") REFERENCES "silences"("id") ON DELETE CASCADE ON UPDATE CASCADE;
