import Link from "next/link";
import { RoleSchema } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/session";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string; from?: string }> }) {
  const user = await pageUser("viewer", "/forbidden");
  const { need, from } = await searchParams;
  const role = RoleSchema.safeParse(need);
  return (
    <section>
      <h1>403 — not for your role</h1>
      <p>
        {from ? <code>{from}</code> : "This page"} needs the <strong>{role.success ? role.data : "a higher"}</strong> role;
        you are signed in as <strong>{user.role}</strong>. Ask an admin if you need it.
      </p>
      <Link href="/">Back to your home page</Link>
    </section>
  );
}
