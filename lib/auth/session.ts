import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/api/errors";
import { authOptions } from "./options";
import { requireRole, SessionUserSchema, type Role, type SessionUser } from "./roles";

export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const parsed = SessionUserSchema.safeParse(session?.user);
  return parsed.success ? parsed.data : null;
}

/** For route handlers: throws AppError (401/403), which errorResponse renders. */
export async function apiUser(minimum: Role): Promise<SessionUser> {
  return requireRole(await currentUser(), minimum);
}

/** For pages: signed out → /login (back here after), too low a role → /forbidden. */
export async function pageUser(minimum: Role, returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  try {
    return requireRole(user, minimum);
  } catch (error) {
    if (error instanceof AppError && error.code === "auth:forbidden") {
      redirect(`/forbidden?need=${minimum}&from=${encodeURIComponent(returnTo)}`);
    }
    redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
}
