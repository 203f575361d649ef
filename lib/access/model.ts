import { z } from "zod";
import { RoleSchema } from "@/lib/auth/roles";
import { LabelValueSchema } from "@/lib/metrics/labels";

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "lower-case letters, digits and -, e.g. ml-research" });
const Membership = z.object({ team: Slug, lead: z.boolean().default(false) }).strict();
const Password = z.string().min(12, { error: "at least 12 characters" }).max(1024);

export const UserCreateSchema = z
  .object({
    email: z.string().trim().toLowerCase().email({ error: "an e-mail address" }).max(320),
    name: z.string().trim().min(1, { error: "a name" }).max(200),
    role: RoleSchema,
    teams: z.array(Membership).max(100).default([]),
    /** Absent: the user signs in through SSO only. */
    password: Password.optional(),
  })
  .strict();
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .object({
    name: z.string().trim().min(1, { error: "a name" }).max(200).optional(),
    role: RoleSchema.optional(),
    teams: z.array(Membership).max(100).optional(),
    /** A new password; null removes it (the user signs in through SSO only). */
    password: Password.nullable().optional(),
    disabled: z.boolean().optional(),
    /** Clears a sign-in lock now. */
    unlock: z.literal(true).optional(),
  })
  .strict();
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const TeamCreateSchema = z
  .object({
    slug: Slug,
    name: z.string().trim().min(1, { error: "a name" }).max(200),
    /** The `team` label value of its series and alerts; the slug unless given. */
    labelValue: LabelValueSchema.optional(),
  })
  .strict();
export const TeamUpdateSchema = TeamCreateSchema.omit({ slug: true }).partial().strict();

/** A user as the admin API shows them; the browser's client validates it. */
export const UserViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  teams: z.array(z.object({ slug: z.string(), name: z.string(), lead: z.boolean() })),
  sso: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.number().nullable(),
  failedLogins: z.number(),
  lastLoginAt: z.number().nullable(),
  createdAt: z.number(),
});
export type UserView = z.infer<typeof UserViewSchema>;

export const TeamViewSchema = z.object({ id: z.string(), slug: z.string(), name: z.string(), labelValue: z.string(), members: z.number() });
export type TeamView = z.infer<typeof TeamViewSchema>;

/** The refusal when a change would leave no admin able to sign in (null: the change is fine). */
export function lastAdminRefusal(activeAdminsAfter: number): string | null {
  return activeAdminsAfter === 0 ? "role: this would leave the console with no admin who can sign in; make someone else admin first" : null;
}
