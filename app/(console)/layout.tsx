import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { TopBar } from "@/components/ui/TopBar";
import { navigationFor } from "@/lib/auth/permissions";
import { pageUser } from "@/lib/auth/session";

/** Every console page: signed in (any role), with the navigation the role may use. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await pageUser("viewer", "/");
  const links = navigationFor(user.role);
  const theme = (await cookies()).get("theme")?.value === "light" ? "light" : "dark";
  return (
    <Providers theme={theme}>
      <div className="shell">
        <TopBar user={{ name: user.name, email: user.email, role: user.role }} links={links} />
        <main className="main">{children}</main>
      </div>
    </Providers>
  );
}
