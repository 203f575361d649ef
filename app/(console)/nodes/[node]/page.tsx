import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NodeSummary } from "@/components/drilldown/NodeSummary";
import { getEnv } from "@/lib/api/env";
import { nodeTarget } from "@/lib/dashboards/drilldown";
import { LABEL_SPELLINGS } from "@/lib/metrics/labels";
import { DashboardPage } from "../../dashboard-page";

type Params = { params: Promise<{ node: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: nodeTarget((await params).node)?.node[0] ?? "Node" };
}

/** One node: its GPUs, host, fabric, jobs and alerts. */
export default async function NodePage({ params }: Params) {
  const { node } = await params;
  const target = nodeTarget(node);
  if (!target) notFound();
  return (
    <DashboardPage page="node" path={`/nodes/${encodeURIComponent(target.node[0]!)}`} fixed={target} title={`Node — ${target.node[0]}`}>
      <NodeSummary hostLabel={LABEL_SPELLINGS[getEnv().LABEL_SPELLING].host} />
    </DashboardPage>
  );
}
