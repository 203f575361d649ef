import type { z } from "zod";

/** The first problem, as "field: message". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  if (issue.message.includes(":")) return issue.message;
  return `${issue.path.join(".") || "body"}: ${issue.message}`;
}
