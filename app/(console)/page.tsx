import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/session";

export default async function HomePage() {
  const user = await pageUser("viewer", "/");
  const home = homePathFor(user.role);
  if (home !== "/") redirect(home);
  return (
    <section>
      <h1>Welcome, {user.name}</h1>
      <p>
        You are signed in as <strong>{user.role}</strong>. The dashboards for your role (executive overview,
        developer) are not built yet; the SRE dashboard needs the sre role.
      </p>
    </section>
  );
}
