-- CreateTable
CREATE TABLE "query_history" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "datasource" TEXT NOT NULL,
    "expr" TEXT NOT NULL,
    "runCount" INTEGER NOT NULL DEFAULT 1,
    "lastRunAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "query_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gpu_prices" (
    "modelName" TEXT NOT NULL,
    "usdPerGpuHour" DECIMAL(10,4) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "gpu_prices_pkey" PRIMARY KEY ("modelName")
);

-- CreateIndex
CREATE UNIQUE INDEX "query_history_userId_datasource_expr_key" ON "query_history"("userId", "datasource", "expr");

-- CreateIndex
CREATE INDEX "query_history_userId_lastRunAt_idx" ON "query_history"("userId", "lastRunAt");

-- AddForeignKey
ALTER TABLE "query_history" ADD CONSTRAINT "query_history_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
