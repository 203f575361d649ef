import { LABEL_SPELLINGS, type LabelSpelling } from "../../metrics/labels";
import { unitRandom } from "../random";
import { Exposition, labelBlock, type Labels } from "../exposition";
import { GPU_MODELS, type Fleet, type Gpu, type Node } from "../fleet";
import type { GpuGauges } from "../gpu-model";
import type { FleetModel, GpuCounter } from "../model";
import type { Job } from "../schedule";

type Source = { gauge: (g: GpuGauges, gpu: Gpu) => number } | { counter: GpuCounter };

/**
 * dcgm-exporter's fields: default counters, the optional ones operators usually enable,
 * its own DCGM_EXP_* fields, and the profiling (DCP) fields. Names, types and help texts
 * as in dcgm-exporter's counter CSVs.
 */
export const DCGM_FIELDS: { name: string; type: "gauge" | "counter"; help: string; source: Source }[] = [
  { name: "DCGM_FI_DEV_SM_CLOCK", type: "gauge", help: "SM clock frequency (in MHz).", source: { gauge: (g) => g.smClockMHz } },
  { name: "DCGM_FI_DEV_MEM_CLOCK", type: "gauge", help: "Memory clock frequency (in MHz).", source: { gauge: (g) => g.memClockMHz } },
  { name: "DCGM_FI_DEV_MAX_SM_CLOCK", type: "gauge", help: "Maximum supported SM clock for the device (in MHz).", source: { gauge: (_, gpu) => GPU_MODELS[gpu.model].maxSmClockMHz } },
  { name: "DCGM_FI_DEV_MEMORY_TEMP", type: "gauge", help: "Memory temperature (in C).", source: { gauge: (g) => g.memTempC } },
  { name: "DCGM_FI_DEV_GPU_TEMP", type: "gauge", help: "GPU temperature (in C).", source: { gauge: (g) => g.gpuTempC } },
  { name: "DCGM_FI_DEV_POWER_USAGE", type: "gauge", help: "Power draw (in W).", source: { gauge: (g) => g.powerW } },
  { name: "DCGM_FI_DEV_POWER_MGMT_LIMIT", type: "gauge", help: "Power management limit (in W).", source: { gauge: (g) => g.powerLimitW } },
  { name: "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", type: "counter", help: "Total energy consumption since boot (in mJ).", source: { counter: "energyMj" } },
  { name: "DCGM_FI_DEV_PCIE_TX_THROUGHPUT", type: "counter", help: "Total number of bytes transmitted through PCIe TX (in KB) via NVML.", source: { counter: "pcieTxKB" } },
  { name: "DCGM_FI_DEV_PCIE_RX_THROUGHPUT", type: "counter", help: "Total number of bytes received through PCIe RX (in KB) via NVML.", source: { counter: "pcieRxKB" } },
  { name: "DCGM_FI_DEV_PCIE_REPLAY_COUNTER", type: "counter", help: "Total number of PCIe retries.", source: { counter: "pcieReplays" } },
  { name: "DCGM_FI_DEV_GPU_UTIL", type: "gauge", help: "GPU utilization (in %).", source: { gauge: (g) => g.util } },
  { name: "DCGM_FI_DEV_MEM_COPY_UTIL", type: "gauge", help: "Memory utilization (in %).", source: { gauge: (g) => g.memCopyUtil } },
  { name: "DCGM_FI_DEV_ENC_UTIL", type: "gauge", help: "Encoder utilization (in %).", source: { gauge: (g) => g.encUtil } },
  { name: "DCGM_FI_DEV_DEC_UTIL", type: "gauge", help: "Decoder utilization (in %).", source: { gauge: (g) => g.decUtil } },
  { name: "DCGM_FI_DEV_XID_ERRORS", type: "gauge", help: "Value of the last XID error encountered.", source: { gauge: (g) => g.xid } },
  { name: "DCGM_FI_DEV_FB_FREE", type: "gauge", help: "Framebuffer memory free (in MiB).", source: { gauge: (g) => g.fbFreeMiB } },
  { name: "DCGM_FI_DEV_FB_USED", type: "gauge", help: "Framebuffer memory used (in MiB).", source: { gauge: (g) => g.fbUsedMiB } },
  { name: "DCGM_FI_DEV_FB_RESERVED", type: "gauge", help: "Framebuffer memory reserved (in MiB).", source: { gauge: (g) => g.fbReservedMiB } },
  { name: "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", type: "counter", help: "Total number of NVLink bandwidth counters for all lanes.", source: { counter: "nvlinkBytes" } },
  { name: "DCGM_FI_DEV_VGPU_LICENSE_STATUS", type: "gauge", help: "vGPU License status", source: { gauge: () => 0 } },
  { name: "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS", type: "counter", help: "Number of remapped rows for uncorrectable errors", source: { counter: "uncorrectableRemaps" } },
  { name: "DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", type: "counter", help: "Number of remapped rows for correctable errors", source: { counter: "correctableRemaps" } },
  { name: "DCGM_FI_DEV_ROW_REMAP_FAILURE", type: "gauge", help: "Whether remapping of rows has failed", source: { gauge: (g) => g.rowRemapFailure } },
  { name: "DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", type: "counter", help: "Total number of single-bit volatile ECC errors.", source: { counter: "eccSbe" } },
  { name: "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", type: "counter", help: "Total number of double-bit volatile ECC errors.", source: { counter: "eccDbe" } },
  { name: "DCGM_FI_DEV_POWER_VIOLATION", type: "counter", help: "Throttling duration due to power constraints (in us).", source: { counter: "powerViolationUs" } },
  { name: "DCGM_FI_DEV_THERMAL_VIOLATION", type: "counter", help: "Throttling duration due to thermal constraints (in us).", source: { counter: "thermalViolationUs" } },
  { name: "DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL", type: "counter", help: "Total number of NVLink flow-control CRC errors.", source: { counter: "nvlinkCrc" } },
  { name: "DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL", type: "counter", help: "Total number of NVLink retries.", source: { counter: "nvlinkReplay" } },
  { name: "DCGM_FI_DEV_CLOCK_THROTTLE_REASONS", type: "gauge", help: "Current clock throttle reasons (bitmask).", source: { gauge: (g) => g.throttleReasons } },
  { name: "DCGM_EXP_CLOCK_EVENTS_COUNT", type: "counter", help: "Count of clock events within the user-specified time window.", source: { counter: "clockEvents" } },
  { name: "DCGM_EXP_XID_ERRORS_COUNT", type: "counter", help: "Count of XID Errors within user-specified time window.", source: { counter: "xidCount" } },
  { name: "DCGM_EXP_GPU_HEALTH_STATUS", type: "gauge", help: "GPU health status (0 = healthy).", source: { gauge: (g) => g.health } },
  { name: "DCGM_FI_PROF_GR_ENGINE_ACTIVE", type: "gauge", help: "Ratio of time the graphics engine is active.", source: { gauge: (g) => g.grEngineActive } },
  { name: "DCGM_FI_PROF_SM_ACTIVE", type: "gauge", help: "The ratio of cycles an SM has at least 1 warp assigned.", source: { gauge: (g) => g.smActive } },
  { name: "DCGM_FI_PROF_SM_OCCUPANCY", type: "gauge", help: "The ratio of number of warps resident on an SM.", source: { gauge: (g) => g.smOccupancy } },
  { name: "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", type: "gauge", help: "Ratio of cycles the tensor (HMMA) pipe is active.", source: { gauge: (g) => g.tensorActive } },
  { name: "DCGM_FI_PROF_DRAM_ACTIVE", type: "gauge", help: "Ratio of cycles the device memory interface is active sending or receiving data.", source: { gauge: (g) => g.dramActive } },
  { name: "DCGM_FI_PROF_PIPE_FP64_ACTIVE", type: "gauge", help: "Ratio of cycles the fp64 pipes are active.", source: { gauge: (g) => g.fp64Active } },
  { name: "DCGM_FI_PROF_PIPE_FP32_ACTIVE", type: "gauge", help: "Ratio of cycles the fp32 pipes are active.", source: { gauge: (g) => g.fp32Active } },
  { name: "DCGM_FI_PROF_PIPE_FP16_ACTIVE", type: "gauge", help: "Ratio of cycles the fp16 pipes are active.", source: { gauge: (g) => g.fp16Active } },
  { name: "DCGM_FI_PROF_PCIE_TX_BYTES", type: "counter", help: "The number of bytes of active pcie tx data including both header and payload.", source: { counter: "pcieTxKB" } },
  { name: "DCGM_FI_PROF_PCIE_RX_BYTES", type: "counter", help: "The number of bytes of active pcie rx data including both header and payload.", source: { counter: "pcieRxKB" } },
  { name: "DCGM_FI_PROF_NVLINK_TX_BYTES", type: "counter", help: "The number of bytes of active NvLink tx (transmit) data including both header and payload.", source: { counter: "nvlinkBytes" } },
  { name: "DCGM_FI_PROF_NVLINK_RX_BYTES", type: "counter", help: "The number of bytes of active NvLink rx (read) data including both header and payload.", source: { counter: "nvlinkBytes" } },
];

/**
 * dcgm-exporter's labels, in its order; pod/namespace/container when a job holds the GPU.
 * `spelling`: as a released exporter names them, or as another build does (LABEL_SPELLINGS).
 */
export function gpuLabels(fleet: Fleet, gpu: Gpu, job: Job | undefined, spelling: LabelSpelling = "release"): Labels {
  const name = LABEL_SPELLINGS[spelling];
  const labels: [string, string][] = [
    ["gpu", String(gpu.index)],
    [name.uuid, gpu.uuid],
    ["pci_bus_id", gpu.pciBusId],
    ["device", `nvidia${gpu.index}`],
    ["modelName", GPU_MODELS[gpu.model].modelName],
    [name.host, gpu.hostname],
    ["DCGM_FI_DRIVER_VERSION", fleet.driverVersion],
  ];
  if (job) {
    const rank = job.gpuIndices.indexOf(gpu.index);
    const pod = job.kind === "serving" ? `${job.name}-${rank >= 0 ? rank : 0}` : `${job.name}-worker-${Math.max(rank, 0)}`;
    labels.push([name.container, job.kind === "serving" ? "server" : "trainer"], [name.namespace, job.namespace], [name.pod, pod]);
  }
  return labels;
}

/** A MIG instance's graphics-engine activity: its own steady load (each instance serves its own model), with a little noise. */
export function migEngineActive(model: FleetModel, gpu: Gpu, instanceId: number): number {
  const busy = unitRandom(model.fleet.seed, `mig-busy:${gpu.key}:${instanceId}`);
  const noise = unitRandom(model.fleet.seed, `mig:${gpu.key}:${instanceId}:${Math.floor(model.tMs / 15_000)}`);
  return Math.round(1000 * Math.min(1, 0.05 + 0.85 * busy + 0.1 * noise)) / 1000;
}

/**
 * The scrape of one node's dcgm-exporter (all fields, or the ones given). PROF byte counters are KB × 1024.
 * A GPU that fell off the bus (`gpu-lost`) is not there: DCGM no longer sees it, so the exporter has no series for it.
 */
export function renderDcgm(model: FleetModel, node: Node, fields: readonly (typeof DCGM_FIELDS)[number][] = DCGM_FIELDS, spelling: LabelSpelling = "release"): string {
  const out = new Exposition();
  const jobs = model.jobs.get(node.hostname) ?? [];
  const present = node.gpus.filter((gpu) => !model.faults.has("gpu-lost", gpu.key, model.tMs));
  const rows = present.map((gpu) => {
    const job = jobs.find((j) => j.gpuIndices.includes(gpu.index));
    const index = model.gpuIndex(gpu.key);
    return { gpu, index, block: labelBlock(gpuLabels(model.fleet, gpu, job, spelling)), gauges: model.gauges[index]! };
  });
  for (const f of fields) {
    const bytes = f.name.startsWith("DCGM_FI_PROF_PCIE") ? 1024 : 1;
    for (const r of rows) {
      const value = "gauge" in f.source ? f.source.gauge(r.gauges, r.gpu) : Math.floor(model.counter(r.index, f.source.counter) * bytes);
      out.sample(f.name, f.type, f.help, r.block, value);
    }
    // A MIG-partitioned GPU: its instances report the profiling field too, each with GPU_I_PROFILE and GPU_I_ID.
    if (f.name !== "DCGM_FI_PROF_GR_ENGINE_ACTIVE") continue;
    for (const r of rows) {
      for (const inst of r.gpu.mig ?? []) {
        // The simulated jobs hold whole GPUs: an instance carries no pod of its own.
        const labels = gpuLabels(model.fleet, r.gpu, undefined, spelling);
        const at = labels.findIndex(([k]) => k === "modelName") + 1;
        const withInstance = [...labels.slice(0, at), ["GPU_I_PROFILE", inst.profile], ["GPU_I_ID", String(inst.id)], ...labels.slice(at)] as Labels;
        out.sample(f.name, f.type, f.help, withInstance, migEngineActive(model, r.gpu, inst.id));
      }
    }
  }
  return out.text();
}
