import "server-only";
import type { z } from "zod";
import type { Prisma } from "./generated/client";

/**
 * JSON columns without type assertions. A value read back is parsed with the schema it
 * was written with, so a row edited by hand (or left in an old shape) fails here naming
 * the column, not three calls later; a value written is what JSON keeps of it.
 */
export function readJson<S extends z.ZodType>(schema: S, value: Prisma.JsonValue, column: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`${column}: the stored JSON does not match its schema (${[...issue.path].join(".") || "value"}: ${issue.message})`);
}

export function toJson(value: unknown): Prisma.InputJsonValue {
  // Prisma spells an empty column Prisma.DbNull; a plain null here would be a bug.
  if (value === undefined || value === null) throw new Error("toJson: no value (an empty JSON column is Prisma.DbNull)");
  const json: Prisma.InputJsonValue = JSON.parse(JSON.stringify(value));
  return json;
}
