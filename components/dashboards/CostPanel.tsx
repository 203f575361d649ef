"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { thresholdColor } from "@/lib/charts/palette";
import { formatValue } from "@/lib/charts/units";
import { panelLinks } from "@/lib/dashboards/links";
import type { CostPanel as CostPanelDef } from "@/lib/dashboards/types";
import { costOf } from "@/lib/prices/cost";
import { fetchPrices, priceKeys } from "@/lib/prices/client";
import { csvField } from "@/lib/charts/csv";
import { frameOf, Panel, PanelBody } from "./Panel";
import type { PanelDataInput, PanelViewProps } from "./panel-types";
import { useInstantVectors } from "./use-panel-data";

const usd = (v: number) => formatValue(v, "usd");

/** The GPUs by model at the end of the range, and the console's prices: what the cost panel draws. */
export function useCostData(input: PanelDataInput<CostPanelDef>) {
  const gpus = useInstantVectors(input);
  const prices = useQuery({ queryKey: priceKeys.all, queryFn: ({ signal }) => fetchPrices({ signal }), staleTime: 60_000 });
  const { vectors } = gpus;
  const modelLabel = input.panel.modelLabel;
  const cost = useMemo(
    () => (vectors && prices.data ? costOf(vectors[0]!.result, new Map(prices.data.map((p) => [p.modelName, p.usdPerGpuHour])), modelLabel) : null),
    [vectors, prices.data, modelLabel],
  );
  return { ...gpus, cost, error: gpus.error ?? prices.error, loading: gpus.loading || prices.isPending };
}

/** GPUs by model, priced: $ per month large, $ per hour and the count beneath, unpriced models named. */
export function CostPanel({ panel, range, variables, data, body }: PanelViewProps<CostPanelDef, ReturnType<typeof useCostData>>) {
  const { inspect, error, loading, refreshing, cost } = data;
  const links = panelLinks(panel.links, range, variables);
  const color = thresholdColor(cost?.usdPerMonth ?? null, panel.thresholds, panel.baseColor);
  const csv = () =>
    cost ? ["model,gpus,usd_per_gpu_hour,usd_per_hour", ...cost.byModel.map((m) => [m.modelName, m.gpus, m.usdPerGpuHour ?? "", m.usdPerHour].map(csvField).join(","))].join("\n") + "\n" : null;

  return (
    <Panel {...frameOf(panel)} inspect={inspect} csv={csv} links={links}>
      <PanelBody bodyRef={body.ref} datasource={panel.datasource} error={error} loading={loading} refreshing={refreshing} empty={false} emptyText="">
        {cost && (
          <div className="stat cost" data-testid="cost-value" data-usd-per-hour={cost.usdPerHour} data-gpus={cost.gpus}>
            {links[0] ? (
              <Link className="value" style={{ color }} href={links[0].href} title={links[0].title} suppressHydrationWarning>
                {usd(cost.usdPerMonth)}
                <small> / month</small>
              </Link>
            ) : (
              <span className="value" style={{ color }}>
                {usd(cost.usdPerMonth)}
                <small> / month</small>
              </span>
            )}
            <div className="cost-detail" title={cost.byModel.map((m) => `${m.modelName}: ${m.gpus} × ${m.usdPerGpuHour === null ? "no price" : usd(m.usdPerGpuHour)}`).join("\n")}>
              {cost.gpus} {panel.noun} · {usd(cost.usdPerHour)} / hour
            </div>
            {cost.unpriced.length > 0 && (
              <div className="cost-unpriced" role="note">
                No price for {cost.unpriced.join(", ")}: not counted. <Link href="/settings/prices">Set prices</Link>
              </div>
            )}
          </div>
        )}
      </PanelBody>
    </Panel>
  );
}
