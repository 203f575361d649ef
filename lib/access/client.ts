import { z } from "zod";
import { callJson } from "@/lib/api/client-errors";
import { AuditEventViewSchema } from "@/lib/audit/model";
import { TokenViewSchema, type TokenInput } from "@/lib/tokens/model";
import { TeamViewSchema, UserViewSchema } from "./model";
import { queryKeys } from "@/lib/query-keys";

/** The browser's side of the tokens, admin and audit APIs; errors carry the server's "field: message". */
const send = (method: string, body?: unknown): RequestInit => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

export const accessKeys = queryKeys.access;

export const fetchTokens = () => callJson(z.object({ tokens: z.array(TokenViewSchema) }), "/api/tokens").then((r) => r.tokens);
export const createToken = (input: TokenInput) => callJson(z.object({ token: z.string(), view: TokenViewSchema }), "/api/tokens", send("POST", input));
export const revokeToken = (id: string) => callJson(z.object({ token: TokenViewSchema }), `/api/tokens/${encodeURIComponent(id)}`, send("DELETE"));
export const signOutEverywhere = () => fetch("/api/me/sign-out-everywhere", { method: "POST", credentials: "same-origin" });

const UserAnswer = z.object({ user: UserViewSchema });
const TeamAnswer = z.object({ team: TeamViewSchema });
export const fetchUsers = () => callJson(z.object({ users: z.array(UserViewSchema) }), "/api/admin/users").then((r) => r.users);
export const createUser = (input: unknown) => callJson(UserAnswer, "/api/admin/users", send("POST", input));
export const updateUser = (id: string, input: unknown) => callJson(UserAnswer, `/api/admin/users/${encodeURIComponent(id)}`, send("PUT", input));
export const endUserSessions = (id: string) => fetch(`/api/admin/users/${encodeURIComponent(id)}/sign-out`, { method: "POST", credentials: "same-origin" });
export const fetchTeams = () => callJson(z.object({ teams: z.array(TeamViewSchema) }), "/api/admin/teams").then((r) => r.teams);
export const createTeam = (input: unknown) => callJson(TeamAnswer, "/api/admin/teams", send("POST", input));
export const updateTeam = (slug: string, input: unknown) => callJson(TeamAnswer, `/api/admin/teams/${encodeURIComponent(slug)}`, send("PUT", input));
export const fetchAudit = (query: string) => callJson(z.object({ events: z.array(AuditEventViewSchema), next: z.string().nullable() }), `/api/audit?${query}`);
