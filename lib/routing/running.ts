import "server-only";
import { AppError } from "@/lib/api/errors";
import { parseFilter } from "@/lib/alerting/alerts";
import { matcherText } from "@/lib/alerting/silences";
import { runningConfig } from "./apply";
import { matchRoutes, routeTreeFromYaml, type Route } from "./route-tree";

/** A matched route as the tester shows it: its options, and the matchers of each route from the root down to it. */
export type TestedRoute = Pick<Route, "path" | "receiver" | "groupBy" | "groupWait" | "groupInterval" | "repeatInterval" | "continue"> & { chain: string[][] };

/** Which routes of the running config an alert with these labels (`team=ml`, …) reaches, and how. */
export async function testRouting(labelTexts: string[]): Promise<{ labels: Record<string, string>; routes: TestedRoute[] }> {
  const labels: Record<string, string> = {};
  for (const text of labelTexts) {
    let m;
    try {
      m = parseFilter(text);
    } catch (error) {
      throw new AppError("request:invalid", `label: ${(error as Error).message}`);
    }
    if (m.isRegex || !m.isEqual) throw new AppError("request:invalid", `label: "${text}" must be name=value`);
    labels[m.name] = m.value;
  }
  if (Object.keys(labels).length === 0) throw new AppError("request:invalid", "label: give at least one label, e.g. label=team=ml-research");
  const tree = routeTreeFromYaml(await runningConfig());
  const chainOf = (path: number[]): string[][] => {
    const out: string[][] = [];
    let node: Route = tree;
    for (const i of path) {
      node = node.routes[i]!;
      out.push(node.matchers.map(matcherText));
    }
    return out;
  };
  return {
    labels,
    routes: matchRoutes(tree, labels).map((r) => ({
      path: r.path,
      receiver: r.receiver,
      groupBy: r.groupBy,
      groupWait: r.groupWait,
      groupInterval: r.groupInterval,
      repeatInterval: r.repeatInterval,
      continue: r.continue,
      chain: chainOf(r.path),
    })),
  };
}
