import type { DashboardDefInput } from "../types";

/** The one GPU the page is about: by UUID (the card) or by node and index (the slot); the other left at All. */
const GPU = '$__uuid=~"$uuid", $__host=~"$node", gpu=~"$gpu"';
const BY = "$__host, gpu";
const field = (name: string) => `max by (${BY}) (${name}{${GPU}})`;
/** A counter's per-second rate for this GPU. */
const rate = (name: string) => `sum by (${BY}) (rate(${name}{${GPU}}[5m]))`;

/**
 * One GPU: every dcgm-exporter field it reports, with the alert and silence overlays of
 * the engine. The page adds its identity, job, decoded throttle reasons and alert
 * history above (components/drilldown/GpuSummary.tsx). Variables `uuid`, `node`, `gpu`
 * are fixed by the URL, not offered.
 */
export const GPU_DASHBOARD = {
  id: "gpu",
  title: "GPU",
  time: { from: "now-1h", to: "now" },
  panelMinWidth: 440,
  panelHeight: 240,
  variables: [],
  fixedVariables: ["uuid", "node", "gpu"],
  panels: [
    {
      kind: "stat",
      id: "utilization-now",
      title: "Utilization",
      description: "DCGM_FI_DEV_GPU_UTIL now.",
      queries: [{ expr: field("DCGM_FI_DEV_GPU_UTIL") }],
      unit: "percent",
      baseColor: "#f2495c",
      thresholds: [{ value: 30, color: "#ff9830" }, { value: 70, color: "#73bf69" }],
    },
    {
      kind: "stat",
      id: "temperature-now",
      title: "Die temperature",
      description: "DCGM_FI_DEV_GPU_TEMP now (the memory junction, DCGM_FI_DEV_MEMORY_TEMP, is charted below, and alerts at 95 °C).",
      queries: [{ expr: field("DCGM_FI_DEV_GPU_TEMP") }],
      unit: "celsius",
      thresholds: [{ value: 80, color: "#ff9830" }, { value: 87, color: "#f2495c" }],
    },
    {
      kind: "stat",
      id: "memory-now",
      title: "Framebuffer used",
      description: "DCGM_FI_DEV_FB_USED ÷ (FB_USED + FB_FREE) now.",
      queries: [{ expr: `100 * ${field("DCGM_FI_DEV_FB_USED")} / (${field("DCGM_FI_DEV_FB_USED")} + ${field("DCGM_FI_DEV_FB_FREE")})` }],
      unit: "percent",
      thresholds: [{ value: 90, color: "#ff9830" }, { value: 97, color: "#f2495c" }],
    },
    {
      kind: "timeseries",
      id: "utilization",
      title: "Utilization",
      description: "GPU (DCGM_FI_DEV_GPU_UTIL), memory copy, encoder and decoder utilization.",
      queries: [
        { expr: field("DCGM_FI_DEV_GPU_UTIL"), legend: "GPU" },
        { expr: field("DCGM_FI_DEV_MEM_COPY_UTIL"), legend: "memory copy" },
        { expr: field("DCGM_FI_DEV_ENC_UTIL"), legend: "encoder" },
        { expr: field("DCGM_FI_DEV_DEC_UTIL"), legend: "decoder" },
      ],
      unit: "percent",
      min: 0,
      max: 100,
      thresholds: [{ value: 70, color: "#f2cc0c" }],
    },
    {
      kind: "table",
      id: "mig-instances",
      title: "MIG instances",
      description:
        "When the GPU is partitioned with MIG: each GPU instance (GPU_I_ID) with its profile (GPU_I_PROFILE: compute slices and memory) and how busy its graphics engine is now (DCGM_FI_PROF_GR_ENGINE_ACTIVE of the instance). Whole-GPU utilization says little on a partitioned GPU; the instances say which tenant is busy.",
      queries: [{ expr: `100 * max by (GPU_I_ID, GPU_I_PROFILE) (DCGM_FI_PROF_GR_ENGINE_ACTIVE{${GPU}, GPU_I_ID!=""})`, header: "Engine active", unit: "percent" }],
      labels: ["GPU_I_ID", "GPU_I_PROFILE"],
      sortBy: "GPU_I_ID",
      sortDirection: "asc",
      thresholds: [{ value: 70, color: "#73bf69" }],
      whenEmpty: "Not partitioned: MIG is off on this GPU.",
    },
    {
      kind: "timeseries",
      id: "profiling",
      title: "Profiling (DCP): what the SMs do",
      description: "DCGM_FI_PROF_*: share of cycles the graphics engine, SMs, tensor, FP64/32/16 pipes and DRAM are active, and SM occupancy.",
      queries: [
        // The whole GPU's engine, not its MIG instances' (they are in the table below).
        { expr: `100 * max by (${BY}) (DCGM_FI_PROF_GR_ENGINE_ACTIVE{${GPU}, GPU_I_ID=""})`, legend: "graphics engine" },
        { expr: `100 * ${field("DCGM_FI_PROF_SM_ACTIVE")}`, legend: "SM active" },
        { expr: `100 * ${field("DCGM_FI_PROF_SM_OCCUPANCY")}`, legend: "SM occupancy" },
        { expr: `100 * ${field("DCGM_FI_PROF_PIPE_TENSOR_ACTIVE")}`, legend: "tensor" },
        { expr: `100 * ${field("DCGM_FI_PROF_DRAM_ACTIVE")}`, legend: "DRAM" },
        { expr: `100 * ${field("DCGM_FI_PROF_PIPE_FP64_ACTIVE")}`, legend: "FP64" },
        { expr: `100 * ${field("DCGM_FI_PROF_PIPE_FP32_ACTIVE")}`, legend: "FP32" },
        { expr: `100 * ${field("DCGM_FI_PROF_PIPE_FP16_ACTIVE")}`, legend: "FP16" },
      ],
      unit: "percent",
      min: 0,
      max: 100,
    },
    {
      kind: "timeseries",
      id: "temperature",
      title: "Die and memory-junction temperature",
      description: "DCGM_FI_DEV_GPU_TEMP and DCGM_FI_DEV_MEMORY_TEMP against the slowdown temperature (~87 °C).",
      queries: [
        { expr: field("DCGM_FI_DEV_GPU_TEMP"), legend: "die" },
        { expr: field("DCGM_FI_DEV_MEMORY_TEMP"), legend: "memory junction" },
      ],
      unit: "celsius",
      thresholds: [{ value: 87, color: "#f2495c" }],
    },
    {
      kind: "timeseries",
      id: "power",
      title: "Power against limit",
      description: "DCGM_FI_DEV_POWER_USAGE and DCGM_FI_DEV_POWER_MGMT_LIMIT.",
      queries: [
        { expr: field("DCGM_FI_DEV_POWER_USAGE"), legend: "draw" },
        { expr: field("DCGM_FI_DEV_POWER_MGMT_LIMIT"), legend: "limit" },
      ],
      unit: "watts",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "clocks",
      title: "Clocks",
      description: "DCGM_FI_DEV_SM_CLOCK and DCGM_FI_DEV_MEM_CLOCK; the SM clock falling under load is throttling (reasons above).",
      queries: [
        { expr: field("DCGM_FI_DEV_SM_CLOCK"), legend: "SM" },
        { expr: field("DCGM_FI_DEV_MEM_CLOCK"), legend: "memory" },
      ],
      unit: "megahertz",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "throttled-time",
      title: "Time throttled by power and temperature",
      description: "DCGM_FI_DEV_POWER_VIOLATION and DCGM_FI_DEV_THERMAL_VIOLATION (µs throttled) as a share of wall time.",
      queries: [
        { expr: `100 * ${rate("DCGM_FI_DEV_POWER_VIOLATION")} / 1e6`, legend: "power" },
        { expr: `100 * ${rate("DCGM_FI_DEV_THERMAL_VIOLATION")} / 1e6`, legend: "thermal" },
      ],
      unit: "percent",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "framebuffer",
      title: "Framebuffer memory",
      description: "DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_FB_FREE and DCGM_FI_DEV_FB_RESERVED.",
      queries: [
        { expr: field("DCGM_FI_DEV_FB_USED"), legend: "used" },
        { expr: field("DCGM_FI_DEV_FB_FREE"), legend: "free" },
        { expr: field("DCGM_FI_DEV_FB_RESERVED"), legend: "reserved" },
      ],
      unit: "mebibytes",
      min: 0,
      style: "area",
      stack: true,
    },
    {
      kind: "timeseries",
      id: "interconnect",
      title: "PCIe and NVLink traffic",
      description: "DCGM_FI_PROF_PCIE_TX/RX_BYTES and DCGM_FI_PROF_NVLINK_TX/RX_BYTES per second.",
      queries: [
        { expr: rate("DCGM_FI_PROF_PCIE_TX_BYTES"), legend: "PCIe tx" },
        { expr: rate("DCGM_FI_PROF_PCIE_RX_BYTES"), legend: "PCIe rx" },
        { expr: rate("DCGM_FI_PROF_NVLINK_TX_BYTES"), legend: "NVLink tx" },
        { expr: rate("DCGM_FI_PROF_NVLINK_RX_BYTES"), legend: "NVLink rx" },
      ],
      unit: "bytes_per_second",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "errors",
      title: "Errors over time",
      description: "New ECC single- and double-bit errors, PCIe replays and NVLink CRC / replay errors per 5 minutes.",
      queries: [
        { expr: `sum by (${BY}) (increase(DCGM_FI_DEV_ECC_SBE_VOL_TOTAL{${GPU}}[5m]))`, legend: "ECC SBE" },
        { expr: `sum by (${BY}) (increase(DCGM_FI_DEV_ECC_DBE_VOL_TOTAL{${GPU}}[5m]))`, legend: "ECC DBE" },
        { expr: `sum by (${BY}) (increase(DCGM_FI_DEV_PCIE_REPLAY_COUNTER{${GPU}}[5m]))`, legend: "PCIe replays" },
        { expr: `sum by (${BY}) (increase(DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL{${GPU}}[5m]))`, legend: "NVLink CRC" },
        { expr: `sum by (${BY}) (increase(DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL{${GPU}}[5m]))`, legend: "NVLink replay" },
      ],
      unit: "none",
      min: 0,
    },
    {
      kind: "table",
      id: "fields",
      title: "Every field now",
      description: "Each DCGM_* series this GPU reports, its latest value (counters as totals since the exporter started).",
      wide: true,
      queries: [{ expr: `{__name__=~"DCGM_.+", ${GPU}}`, header: "Value", unit: "none" }],
      labels: ["__name__"],
      sortBy: "__name__",
      sortDirection: "asc",
    },
  ],
} satisfies DashboardDefInput;
