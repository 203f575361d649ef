import type { Metadata } from "next";
import { AdminTabs } from "@/components/access/AdminTabs";
import { AuditTable } from "@/components/access/AuditTable";
import { auditFiltersFrom } from "@/lib/audit/model";
import { pageUserFor } from "@/lib/auth/session";
import { auditActions, listAudit } from "@/lib/audit/repo";

export const metadata: Metadata = { title: "Audit log" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageUserFor("audit");
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") query.set(k, v);
  const filters = auditFiltersFrom(query);
  const [{ events, next }, actions] = await Promise.all([listAudit(filters), auditActions()]);
  query.delete("before");
  return (
    <>
      <h1>Admin</h1>
      <AdminTabs current="/admin/audit" />
      <AuditTable events={events} next={next} filters={filters} actions={actions} query={query} />
    </>
  );
}
