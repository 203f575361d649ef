import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/permissions";
import { pageUser } from "@/lib/auth/session";

/** The console's root: each role's home. */
export default async function HomePage() {
  const user = await pageUser("viewer", "/");
  redirect(homePathFor(user.role));
}
