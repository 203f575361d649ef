import type { SyntaxNode } from "@lezer/common";
import { escapeRegex } from "../regex";
import { parsed, parseQuery, type ParsedQuery } from "./query";
import { findParseFault } from "./validate";

/**
 * The prom-label-proxy rule, on Prometheus' own grammar: every vector selector (also
 * inside matrix selectors, subqueries, functions, aggregations and both sides of every
 * binary operator) gets the scope matcher. A selector that already names the label
 * with an exact value outside the scope is refused; any other existing matcher on it
 * stays and can only narrow further (matchers on one label are ANDed). The result is
 * re-parsed and re-checked; anything unexpected fails closed.
 */
export interface Scope {
  label: string;
  values: readonly string[];
}

/** The scoped query, with its parse (the fail-closed check's), for the steps after. */
export type EnforceResult = { ok: true; expr: string; query: ParsedQuery } | { ok: false; status: 400 | 403; message: string };

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_]*$/;


function quote(value: string): string {
  return JSON.stringify(value);
}

/** The matcher text that limits a selector to the scope. */
export function scopeMatcher(scope: Scope): string {
  const name = IDENTIFIER.test(scope.label) ? scope.label : quote(scope.label);
  if (scope.values.length === 1) return `${name}=${quote(scope.values[0]!)}`;
  return `${name}=~${quote([...scope.values].map(escapeRegex).join("|"))}`;
}

/** A PromQL string literal Prometheus would refuse (an unknown escape). */
export class StringLiteralError extends Error {}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, "'": 39, '"': 34 };

/**
 * PromQL string literal → its value ("…", '…' or `…`), with Prometheus' escapes (its lexer,
 * then Go's strconv.Unquote): \a \b \f \n \r \t \v \\ and the quote; \NNN octal and \xNN
 * bytes; \uNNNN and \UNNNNNNNN code points. `"\x74eam"` is "team".
 */
export function unquote(literal: string): string {
  const q = literal[0];
  const body = literal.slice(1, -1);
  if (q === "`") return body;
  const bytes: number[] = [];
  const push = (text: string) => bytes.push(...new TextEncoder().encode(text));
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      push(String.fromCodePoint(cp));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new StringLiteralError("escape sequence not terminated");
    if (e in SIMPLE_ESCAPES && (e !== "'" || q === "'") && (e !== '"' || q === '"')) {
      bytes.push(SIMPLE_ESCAPES[e]!);
      i += 2;
      continue;
    }
    const digits = (n: number, base: number, re: RegExp, from: number) => {
      const d = body.slice(from, from + n);
      if (d.length !== n || !re.test(d)) throw new StringLiteralError(`invalid escape sequence "\\${body.slice(i + 1, from + n)}"`);
      return parseInt(d, base);
    };
    if (/[0-7]/.test(e)) {
      const v = digits(3, 8, /^[0-7]{3}$/, i + 1);
      if (v > 255) throw new StringLiteralError(`octal escape value > 255: ${v}`);
      bytes.push(v);
      i += 4;
    } else if (e === "x") {
      bytes.push(digits(2, 16, /^[0-9a-fA-F]{2}$/, i + 2));
      i += 4;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      const v = digits(n, 16, new RegExp(`^[0-9a-fA-F]{${n}}$`), i + 2);
      if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new StringLiteralError(`invalid escape sequence "\\${body.slice(i + 1, i + 2 + n)}": not a Unicode code point`);
      push(String.fromCodePoint(v));
      i += 2 + n;
    } else throw new StringLiteralError(`unknown escape sequence "\\${e}"`);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

interface SelectorMatcher {
  name: string;
  op: string;
  value: string;
}

function matchersOf(labelMatchers: SyntaxNode | null, text: string): SelectorMatcher[] {
  const out: SelectorMatcher[] = [];
  for (let m = labelMatchers?.firstChild ?? null; m; m = m.nextSibling) {
    if (m.name !== "UnquotedLabelMatcher" && m.name !== "QuotedLabelMatcher") continue;
    const nameNode = m.getChild("LabelName") ?? m.getChild("QuotedLabelName");
    const op = m.getChild("MatchOp");
    const value = m.getChild("StringLiteral", "MatchOp");
    if (!nameNode || !op || !value) throw new Error(`unexpected matcher "${text.slice(m.from, m.to)}"`);
    const rawName = text.slice(nameNode.from, nameNode.to);
    out.push({ name: nameNode.name === "QuotedLabelName" ? unquote(rawName) : rawName, op: text.slice(op.from, op.to), value: unquote(text.slice(value.from, value.to)) });
  }
  return out;
}

export function selectors(query: ParsedQuery | string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = parsed(query).tree.cursor();
  do {
    if (cursor.name === "VectorSelector") found.push(cursor.node);
  } while (cursor.next());
  return found;
}

/**
 * The label each label_replace/label_join call writes (its first string argument): a
 * scoped query may not write the scope label, or it could pass its own series off as
 * another team's.
 */
export function relabelledLabels(query: ParsedQuery | string): string[] {
  const { expr, tree } = parsed(query);
  const out: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.name !== "FunctionCall") continue;
    const call = cursor.node;
    const name = call.getChild("FunctionIdentifier");
    if (!name || !["label_replace", "label_join"].includes(expr.slice(name.from, name.to))) continue;
    const dst = call.getChild("FunctionCallBody")?.getChild("StringLiteral");
    if (dst) out.push(unquote(expr.slice(dst.from, dst.to)));
  } while (cursor.next());
  return out;
}

export function enforceScope(input: ParsedQuery | string, scope: Scope): EnforceResult {
  if (scope.values.length === 0) return { ok: false, status: 403, message: "you belong to no team, so there is no data you may query" };
  const query = parsed(input);
  const expr = query.expr;
  const fault = findParseFault(query);
  if (fault) return { ok: false, status: 400, message: fault.message };
  let written: string[];
  try {
    written = relabelledLabels(query);
  } catch (error) {
    if (error instanceof StringLiteralError) return { ok: false, status: 400, message: error.message };
    throw error;
  }
  if (written.includes(scope.label)) {
    return { ok: false, status: 403, message: `label_replace and label_join may not write the ${scope.label} label in a team-scoped query` };
  }
  const matcher = scopeMatcher(scope);
  const inserts: { at: number; text: string }[] = [];
  try {
    // No selector at all (`1 + 1`, `vector(1)`, `time()`): the query reads no series.
    for (const sel of selectors(query)) {
      const labelMatchers = sel.getChild("LabelMatchers");
      for (const m of matchersOf(labelMatchers, expr)) {
        if (m.name === scope.label && m.op === "=" && !scope.values.includes(m.value)) {
          return { ok: false, status: 403, message: `${scope.label}="${m.value}" is outside your teams (${scope.values.join(", ")})` };
        }
      }
      if (labelMatchers) {
        const empty = labelMatchers.firstChild === null;
        inserts.push({ at: labelMatchers.from + 1, text: empty ? matcher : `${matcher}, ` });
      } else {
        inserts.push({ at: sel.to, text: `{${matcher}}` });
      }
    }
  } catch (error) {
    return { ok: false, status: 400, message: `could not scope the query: ${(error as Error).message}` };
  }
  let rewritten = expr;
  for (const i of inserts.sort((a, b) => b.at - a.at)) rewritten = rewritten.slice(0, i.at) + i.text + rewritten.slice(i.at);
  // Fail closed: the rewrite must parse and every selector must now carry the matcher.
  const scoped = parseQuery(rewritten);
  if (findParseFault(scoped)) return { ok: false, status: 400, message: "could not scope the query (the rewrite did not parse)" };
  const want = scope.values.length === 1 ? { op: "=", value: scope.values[0] } : { op: "=~", value: scope.values.map(escapeRegex).join("|") };
  const checked = selectors(scoped).every((sel) =>
    matchersOf(sel.getChild("LabelMatchers"), rewritten).some((m) => m.name === scope.label && m.op === want.op && m.value === want.value),
  );
  if (!checked) return { ok: false, status: 400, message: "could not scope the query (a selector escaped the rewrite)" };
  return { ok: true, expr: rewritten, query: scoped };
}
