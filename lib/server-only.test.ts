import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Server-only by file role: a lib/ module that reaches the database, a child process or
 * the server's secrets says so on its first line (`import "server-only"`), so a client
 * component that imports it fails the build instead of shipping it to the browser.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const SERVER_SIGNS = [/from "@\/lib\/db\/client"/, /from "\.\/client"/, /from "pg"/, /from "node:child_process"/, /from "@\/lib\/db\/generated/, /from "next-auth"/, /from "next\/headers"/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "fixtures" ? [] : files(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

describe("server-only modules say so", () => {
  it("every lib/ module touching the database, a child process or auth's server side starts with import \"server-only\"", () => {
    const offenders = files(path.join(ROOT, "lib"))
      .filter((f) => {
        const text = readFileSync(f, "utf8");
        // "./client" is the database client only inside lib/db.
        const signs = SERVER_SIGNS.filter((s) => s.source !== 'from "\\.\\/client"' || f.includes(`${path.sep}lib${path.sep}db${path.sep}`));
        return signs.some((s) => s.test(text)) && !text.startsWith('import "server-only";');
      })
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
