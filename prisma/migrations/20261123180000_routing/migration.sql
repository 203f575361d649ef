-- Teams: the label value that marks their alerts (the slug until set otherwise).
ALTER TABLE "teams" ADD COLUMN "labelValue" TEXT;
UPDATE "teams" SET "labelValue" = "slug";
ALTER TABLE "teams" ALTER COLUMN "labelValue" SET NOT NULL;

-- Team leads edit their team's receivers.
ALTER TABLE "memberships" ADD COLUMN "lead" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "routing_receivers" (
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "team" TEXT,
    "config" JSONB NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "routing_receivers_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "routing_drafts" (
    "id" TEXT NOT NULL,
    "route" JSONB NOT NULL,
    "timeIntervals" JSONB NOT NULL,
    "inhibitRules" JSONB NOT NULL,
    "resolveTimeout" TEXT NOT NULL,
    "smtp" JSONB,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "routing_drafts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_versions" (
    "id" SERIAL NOT NULL,
    "model" JSONB NOT NULL,
    "yaml" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "appliedBy" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rollbackOf" INTEGER,
    "message" TEXT,

    CONSTRAINT "routing_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "routing_versions_appliedAt_idx" ON "routing_versions"("appliedAt");
