import { ALL } from "./variables";

/**
 * Drill-down links in Grafana's data-link syntax, so dashboard authors write what they
 * already know:
 *   ${__field.labels.NAME}   a label of the series (or cell) clicked
 *   ${__value.time}          the clicked time, epoch ms
 *   ${__from} ${__to}        the dashboard's range, epoch ms
 *   ${__url_time_range}      from=…&to=… (the clicked time ± `aroundMs` when there is one)
 *   ${name} $name            a variable's value(s), comma-joined (All: "$__all")
 *   ${name:queryparam}       var-name=a&var-name=b
 * Every substituted value is URL-encoded; unknown names stay as written.
 */
export interface LinkContext {
  labels?: Record<string, string>;
  timeMs?: number;
  fromMs: number;
  toMs: number;
  variables: Record<string, readonly string[]>;
  /** Half the window a ${__url_time_range} opens around a clicked time. */
  aroundMs?: number;
}

const TOKEN = /\$\{([\w.]+)(?::(\w+))?\}|\$(\w+)/g;

export function buildLink(template: string, ctx: LinkContext): string {
  return template.replace(TOKEN, (whole, braced: string | undefined, format: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? "";
    if (name.startsWith("__field.labels.")) {
      const v = ctx.labels?.[name.slice("__field.labels.".length)];
      return v === undefined ? "" : encodeURIComponent(v);
    }
    switch (name) {
      case "__value.time":
        return ctx.timeMs === undefined ? "" : String(Math.round(ctx.timeMs));
      case "__from":
        return String(Math.round(ctx.fromMs));
      case "__to":
        return String(Math.round(ctx.toMs));
      case "__url_time_range": {
        const around = ctx.aroundMs ?? 30 * 60_000;
        const [from, to] = ctx.timeMs === undefined ? [ctx.fromMs, ctx.toMs] : [ctx.timeMs - around, ctx.timeMs + around];
        return `from=${Math.round(from)}&to=${Math.round(to)}`;
      }
    }
    const values = ctx.variables[name];
    if (values === undefined) return whole;
    if (format === "queryparam") return values.map((v) => `var-${name}=${encodeURIComponent(v)}`).join("&");
    return values.map((v) => (v === ALL ? v : encodeURIComponent(v))).join(",");
  });
}

/** `${__field.labels.NAME}` in a PromQL template, as the inside of a double-quoted string. */
export function fillLabelsInQuery(template: string, labels: Record<string, string>): string {
  return template.replace(/\$\{__field\.labels\.(\w+)\}/g, (_, name: string) => (labels[name] ?? "").replace(/\\/g, "\\\\").replace(/"/g, '\\"'));
}

/** A panel's own links (no series clicked): the dashboard's window and variables filled in. */
export function panelLinks(
  links: readonly { title: string; url: string }[],
  range: { startSeconds: number; endSeconds: number },
  variables: Record<string, readonly string[]>,
  labels?: Record<string, string>,
): { title: string; href: string }[] {
  return links.map((l) => ({ title: l.title, href: buildLink(l.url, { labels, fromMs: range.startSeconds * 1000, toMs: range.endSeconds * 1000, variables }) }));
}
