-- Every write the console makes (silences, runbooks, routing, receivers, users, teams,
-- tokens, annotations, settings): who, what, on which record, before and after. The
-- console only inserts; the triggers refuse UPDATE, DELETE and TRUNCATE to every role,
-- so not even a bug in the console can rewrite the record.
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_events_actorKind_check" CHECK ("actorKind" IN ('session', 'token', 'system')),
    CONSTRAINT "audit_events_action_check" CHECK ("action" ~ '^[a-z][a-z-]*\.[a-z][a-z-]*$')
);

CREATE INDEX "audit_events_at_idx" ON "audit_events"("at" DESC);
CREATE INDEX "audit_events_targetType_targetId_at_idx" ON "audit_events"("targetType", "targetId", "at" DESC);
CREATE INDEX "audit_events_actorName_at_idx" ON "audit_events"("actorName", "at" DESC);
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at" DESC);

CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "audit_events_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
