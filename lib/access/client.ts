import { callJson } from "@/lib/api/client-errors";
import type { AuditEventView } from "@/lib/audit/model";
import type { TokenInput, TokenView } from "@/lib/tokens/model";
import type { TeamView, UserView } from "./model";
import { queryKeys } from "@/lib/query-keys";

/** The browser's side of the tokens, admin and audit APIs; errors carry the server's "field: message". */
const send = (method: string, body?: unknown): RequestInit => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

export const accessKeys = queryKeys.access;

export const fetchTokens = () => callJson<{ tokens: TokenView[] }>("/api/tokens").then((r) => r.tokens);
export const createToken = (input: TokenInput) => callJson<{ token: string; view: TokenView }>("/api/tokens", send("POST", input));
export const revokeToken = (id: string) => callJson<{ token: TokenView }>(`/api/tokens/${encodeURIComponent(id)}`, send("DELETE"));
export const signOutEverywhere = () => fetch("/api/me/sign-out-everywhere", { method: "POST", credentials: "same-origin" });

export const fetchUsers = () => callJson<{ users: UserView[] }>("/api/admin/users").then((r) => r.users);
export const createUser = (input: unknown) => callJson<{ user: UserView }>("/api/admin/users", send("POST", input));
export const updateUser = (id: string, input: unknown) => callJson<{ user: UserView }>(`/api/admin/users/${encodeURIComponent(id)}`, send("PUT", input));
export const endUserSessions = (id: string) => fetch(`/api/admin/users/${encodeURIComponent(id)}/sign-out`, { method: "POST", credentials: "same-origin" });
export const fetchTeams = () => callJson<{ teams: TeamView[] }>("/api/admin/teams").then((r) => r.teams);
export const createTeam = (input: unknown) => callJson<{ team: TeamView }>("/api/admin/teams", send("POST", input));
export const updateTeam = (slug: string, input: unknown) => callJson<{ team: TeamView }>(`/api/admin/teams/${encodeURIComponent(slug)}`, send("PUT", input));
export const fetchAudit = (query: string) => callJson<{ events: AuditEventView[]; next: string | null }>(`/api/audit?${query}`);
