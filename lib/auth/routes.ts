import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** A page or route handler found under app/: its route pattern and file. */
export interface AppRoute {
  kind: "page" | "handler";
  /** "/runbooks/[slug]", "/api/prom/[datasource]/api/v1/[...path]" — route groups "(x)" dropped. */
  pattern: string;
  file: string;
  /** For handlers: the HTTP methods the file exports. */
  methods: string[];
}

const EXPORTED_METHOD = /export\s+(?:async\s+function|const)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b|export\s*\{([^}]*)\}/g;

/** The HTTP methods a route.ts exports (`export async function GET`, `export const POST =`, `export { handle as GET }`). */
export function exportedMethods(source: string): string[] {
  const methods = new Set<string>();
  for (const m of source.matchAll(EXPORTED_METHOD)) {
    if (m[1]) methods.add(m[1]);
    for (const part of m[2]?.split(",") ?? []) {
      const name = part.trim().split(/\s+as\s+/).at(-1)!;
      if (/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name)) methods.add(name);
    }
  }
  return [...methods].sort();
}

/** Every page.tsx and route.ts under `appDir`, found from the file system (so a new one cannot be forgotten). */
export function listAppRoutes(appDir: string): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // (group) folders do not appear in the URL; _private and @slot folders are not routes.
        if (entry.name.startsWith("_") || entry.name.startsWith("@")) continue;
        walk(full, /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name) || /^route\.(ts|js)$/.test(entry.name)) {
        const kind = entry.name.startsWith("page") ? "page" : "handler";
        out.push({ kind, pattern: `/${segments.join("/")}`, file: full, methods: kind === "handler" ? exportedMethods(readFileSync(full, "utf8")) : [] });
      }
    }
  };
  walk(appDir, []);
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}
