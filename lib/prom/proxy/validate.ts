import { parsed, type ParsedQuery } from "./query";

/**
 * Parses PromQL with Prometheus' own lezer grammar before anything goes upstream.
 * Pure (no server-only): the editor can show the same message.
 */
export interface ParseFault {
  /** 0-based offset of the first fault in the expression. */
  offset: number;
  line: number;
  column: number;
  message: string;
}

export function findParseFault(query: ParsedQuery | string): ParseFault | null {
  const { expr, tree } = parsed(query);
  if (expr.trim() === "") return { offset: 0, line: 1, column: 1, message: "empty query" };
  let offset: number | null = null;
  tree.iterate({
    enter(node) {
      if (offset !== null) return false;
      if (node.type.isError) {
        offset = node.from;
        return false;
      }
      return undefined;
    },
  });
  if (offset === null) return null;
  const at: number = offset;
  const before = expr.slice(0, at).split("\n");
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  const near = expr.slice(at, at + 20).split("\n")[0] ?? "";
  const found = near === "" ? "unexpected end of input" : `unexpected "${near}"`;
  return { offset: at, line, column, message: `parse error at line ${line}, char ${column}: ${found}` };
}
