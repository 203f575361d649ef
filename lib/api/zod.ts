import type { z } from "zod";

/** The first problem, as "field: message" (a message that already names its field, or a parent of it, is kept as it is). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const path = issue.path.join(".");
  const named = /^([\w.]+): /.exec(issue.message)?.[1];
  if (named && (!path || path === named || path.startsWith(`${named}.`))) return issue.message;
  return `${path || "body"}: ${issue.message}`;
}
