-- The XID catalogue: NVIDIA's XID codes decoded by name, severity and the operator action.
CREATE TABLE "xid_codes" (
    "code" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "meaning" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "runbook" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "xid_codes_pkey" PRIMARY KEY ("code"),
    CONSTRAINT "xid_codes_severity_check" CHECK ("severity" IN ('critical', 'warning', 'info')),
    CONSTRAINT "xid_codes_action_check" CHECK ("action" IN ('none', 'reset-gpu', 'drain-node', 'rma'))
);
