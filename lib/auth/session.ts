import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/api/errors";
import { authOptions } from "./options";
import { canOpen, PAGES, type PageId } from "./permissions";
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

/**
 * For pages in the permission table: signed out → /login (back to `returnTo` after), a
 * role the table does not list → /forbidden, which says who may open it.
 */
export async function pageUserFor(page: PageId, returnTo: string = PAGES[page].href): Promise<SessionUser> {
  const user = await pageUser("viewer", returnTo);
  if (!canOpen(user.role, page)) redirect(`/forbidden?page=${page}&from=${encodeURIComponent(returnTo)}`);
  return user;
}
