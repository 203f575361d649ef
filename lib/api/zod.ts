import type { z } from "zod";
import { AppError } from "./errors";

/** The first problem, as "field: message" (a message that already names its field, or a parent of it, is kept as it is). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const path = issue.path.join(".");
  const named = /^([\w.]+): /.exec(issue.message)?.[1];
  if (named && (!path || path === named || path.startsWith(`${named}.`))) return issue.message;
  return `${path || "body"}: ${issue.message}`;
}

/** A request body through its schema, or a 400 naming the first field that is wrong. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError("request:invalid", firstIssue(parsed.error));
  return parsed.data;
}
