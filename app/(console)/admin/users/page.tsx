import type { Metadata } from "next";
import { AdminTabs } from "@/components/access/AdminTabs";
import { UsersAdmin } from "@/components/access/UsersAdmin";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Users" };

export default async function Page() {
  const user = await pageUserFor("admin");
  return (
    <>
      <h1>Admin</h1>
      <AdminTabs current="/admin/users" />
      <UsersAdmin selfId={user.id} />
    </>
  );
}
