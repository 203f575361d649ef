import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GpuSummary } from "@/components/drilldown/GpuSummary";
import { getEnv } from "@/lib/api/env";
import { gpuTarget } from "@/lib/dashboards/drilldown";
import { LABEL_SPELLINGS, spellLabels } from "@/lib/metrics/labels";
import { DashboardPage } from "../../dashboard-page";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: gpuTarget((await params).id)?.title ?? "GPU" };
}

/** One GPU, by UUID (`/gpus/GPU-…`) or by slot (`/gpus/<node>:<index>`). */
export default async function GpuPage({ params }: Params) {
  const { id } = await params;
  const target = gpuTarget(id);
  if (!target) notFound();
  const spelling = getEnv().LABEL_SPELLING;
  return (
    <DashboardPage page="gpu" path={`/gpus/${encodeURIComponent(id)}`} fixed={{ uuid: target.uuid, node: target.node, gpu: target.gpu }} title={`GPU — ${target.title}`}>
      <GpuSummary selector={spellLabels('$__uuid=~"$uuid", $__host=~"$node", gpu=~"$gpu"', spelling)} labels={LABEL_SPELLINGS[spelling]} />
    </DashboardPage>
  );
}
