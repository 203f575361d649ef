import Link from "next/link";
import { PAGES, type PageId } from "@/lib/auth/permissions";
import { RoleSchema } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/session";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string; page?: string; from?: string }> }) {
  const user = await pageUser("viewer", "/forbidden");
  const { need, page, from } = await searchParams;
  const role = RoleSchema.safeParse(need);
  const entry = page && page in PAGES ? PAGES[page as PageId] : null;
  const who = entry ? entry.roles.join(", ") : role.success ? `${role.data} or above` : "a higher role";
  return (
    <section>
      <h1>403 — not for your role</h1>
      <p>
        {from ? <code>{from}</code> : "This page"} is open to <strong>{who}</strong>; you are signed in as{" "}
        <strong>{user.role}</strong>. Ask an admin if you need it.
      </p>
      <Link href="/">Back to your home page</Link>
    </section>
  );
}
