-- Runbooks: what an alert means and what to do, linked to alerts, searchable, with every
-- save kept as a revision.

-- Alert names and tags as text for the search vector. array_to_string is only STABLE (it
-- calls element output functions); for text[] it cannot change, so this wrapper is
-- honestly IMMUTABLE and may feed a generated column. CamelCase alert names are also
-- split into words ("GpuTemperatureHigh" → "Gpu Temperature High").
CREATE FUNCTION "runbook_words"(words TEXT[]) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_to_string(words, ' ') || ' ' || regexp_replace(array_to_string(words, ' '), '([a-z0-9])([A-Z])', '\1 \2', 'g') $$;

-- CreateTable
CREATE TABLE "runbooks" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "severity" TEXT NOT NULL,
    "team" TEXT,
    "owner" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "contacts" JSONB NOT NULL DEFAULT '[]',
    "escalation" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "alerts" JSONB NOT NULL DEFAULT '[]',
    "alertNames" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "search" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, "runbook_words"("alertNames")), 'A') ||
        setweight(to_tsvector('english'::regconfig, "title"), 'A') ||
        setweight(to_tsvector('english'::regconfig, "summary" || ' ' || "runbook_words"("tags")), 'B') ||
        setweight(to_tsvector('english'::regconfig, "body"), 'D')
    ) STORED,

    CONSTRAINT "runbooks_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "runbooks_severity_check" CHECK ("severity" IN ('critical', 'warning', 'info'))
);

-- CreateTable
CREATE TABLE "runbook_revisions" (
    "runbookId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "author" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "runbook_revisions_pkey" PRIMARY KEY ("runbookId", "revision")
);

-- CreateIndex
CREATE UNIQUE INDEX "runbooks_slug_key" ON "runbooks"("slug");
CREATE INDEX "runbooks_search_idx" ON "runbooks" USING GIN ("search");
CREATE INDEX "runbooks_alertNames_idx" ON "runbooks" USING GIN ("alertNames");
CREATE INDEX "runbooks_team_idx" ON "runbooks"("team");

-- AddForeignKey
ALTER TABLE "runbooks" ADD CONSTRAINT "runbooks_team_fkey" FOREIGN KEY ("team") REFERENCES "teams"("slug") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "runbook_revisions" ADD CONSTRAINT "runbook_revisions_runbookId_fkey" FOREIGN KEY ("runbookId") REFERENCES "runbooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
