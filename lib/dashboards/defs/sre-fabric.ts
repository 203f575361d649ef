import type { DashboardDefInput } from "../types";
import { rackPower } from "./raw";
import { byHost, GPUS, HOSTS, SELECTED_ALERTS } from "./sre-selectors";
import { RANK_FIRST, TOP_SERIES, topSeries } from "./top-series";

/** A per-node line chart's query: the TOP_SERIES highest over the window and the nodes with alerts. */
const topNodes = (expr: string) => topSeries({ expr, by: "cluster, $__host", alerts: SELECTED_ALERTS });

/** The SRE dashboard's second half: NVLink and InfiniBand, storage, and cooling per rack. */
export const SRE_FABRIC_PANELS = [
    {
      kind: "timeseries",
      id: "nvlink-traffic",
      datasource: "$datasource",
      title: "NVLink traffic, per node",
      description: `DCGM_FI_PROF_NVLINK_TX_BYTES + RX_BYTES per second over each node's GPUs: all-reduce traffic of multi-GPU jobs. The ${TOP_SERIES} busiest nodes over the window, and every node with an alert in it.`,
      queries: [
        {
          expr: topNodes(`sum by (cluster, $__host) (node_model:gpu_nvlink_bytes:rate5m{${GPUS}})`),
          raw: topNodes(`sum by (cluster, $__host) (rate(DCGM_FI_PROF_NVLINK_TX_BYTES{${GPUS}}[5m]) + rate(DCGM_FI_PROF_NVLINK_RX_BYTES{${GPUS}}[5m]))`),
          legend: "{{$__host}}",
          rankFirst: RANK_FIRST,
        },
      ],
      unit: "bytes_per_second",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "infiniband-traffic",
      datasource: "$datasource",
      title: "InfiniBand traffic, per node",
      description: `node_infiniband_port_data_received + transmitted bytes per second over each node's HCA ports: traffic between nodes. The ${TOP_SERIES} busiest nodes over the window, and every node with an alert in it.`,
      queries: [
        {
          expr: topNodes(byHost(`sum by (cluster, instance) (node:infiniband_bytes:rate5m{${HOSTS}})`)),
          raw: topNodes(byHost(`sum by (cluster, instance) (rate(node_infiniband_port_data_received_bytes_total{${HOSTS}}[5m]) + rate(node_infiniband_port_data_transmitted_bytes_total{${HOSTS}}[5m]))`)),
          legend: "{{$__host}}",
          rankFirst: RANK_FIRST,
        },
      ],
      unit: "bytes_per_second",
      min: 0,
    },
    {
      kind: "table",
      id: "fabric-errors",
      title: "Fabric errors, last hour, by node",
      description: "New NVLink CRC and replay errors (dcgm) and InfiniBand symbol errors, receive errors and link-downs (node_exporter) in the last hour. Rising symbol errors precede link flaps: reseat or replace the cable.",
      datasource: "$datasource",
      queries: [
        { expr: `round(sum by ($__host) (increase(DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL{${GPUS}}[1h])))`, header: "NVLink CRC", unit: "none" },
        { expr: `round(sum by ($__host) (increase(DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL{${GPUS}}[1h])))`, header: "NVLink replay", unit: "none" },
        { expr: byHost(`round(sum by (instance) (increase(node_infiniband_symbol_error_total{${HOSTS}}[1h])))`), header: "IB symbol", unit: "none" },
        { expr: byHost(`round(sum by (instance) (increase(node_infiniband_port_errors_received_total{${HOSTS}}[1h])))`), header: "IB receive", unit: "none" },
        { expr: byHost(`round(sum by (instance) (increase(node_infiniband_link_downed_total{${HOSTS}}[1h])))`), header: "IB link downs", unit: "none" },
      ],
      labels: ["$__host"],
      sortBy: "IB symbol",
      thresholds: [{ value: 1, color: "#ff9830" }],
      links: [{ title: "node", url: "/nodes/${__field.labels.$__host}?${__url_time_range}" }],
    },
    {
      kind: "timeseries",
      id: "storage-latency",
      datasource: "$datasource",
      title: "Storage latency, per node",
      description: `Mean time per disk I/O: (node_disk_read_time + write_time) ÷ (reads + writes completed). Data loaders stall above a few milliseconds. The ${TOP_SERIES} slowest nodes over the window, and every node with an alert in it.`,
      queries: [
        {
          expr: topNodes(byHost(`sum by (cluster, instance) (node:disk_io_time_seconds:rate5m{${HOSTS}}) / sum by (cluster, instance) (node:disk_ios_completed:rate5m{${HOSTS}})`)),
          raw: topNodes(byHost(
            `sum by (cluster, instance) (rate(node_disk_read_time_seconds_total{${HOSTS}}[5m]) + rate(node_disk_write_time_seconds_total{${HOSTS}}[5m])) / sum by (cluster, instance) (rate(node_disk_reads_completed_total{${HOSTS}}[5m]) + rate(node_disk_writes_completed_total{${HOSTS}}[5m]))`,
          )),
          legend: "{{$__host}}",
          rankFirst: RANK_FIRST,
        },
      ],
      unit: "seconds",
      min: 0,
    },
    {
      kind: "timeseries",
      id: "storage-queue",
      datasource: "$datasource",
      title: "Storage queue depth, per node",
      description: `I/O requests in flight, summed over each node's disks (rate of node_disk_io_time_weighted_seconds_total). The ${TOP_SERIES} deepest queues over the window, and every node with an alert in it.`,
      queries: [
        {
          expr: topNodes(byHost(`sum by (cluster, instance) (node:disk_io_time_weighted_seconds:rate5m{${HOSTS}})`)),
          raw: topNodes(byHost(`sum by (cluster, instance) (rate(node_disk_io_time_weighted_seconds_total{${HOSTS}}[5m]))`)),
          legend: "{{$__host}}",
          rankFirst: RANK_FIRST,
        },
      ],
      unit: "none",
      min: 0,
    },
    {
      kind: "table",
      id: "rack-cooling",
      title: "Cooling per rack",
      description: "Liquid cooling of each rack now: coolant supply and return temperature, their difference (the heat carried away), flow, pressure, inlet air, and the rack's GPU power. Supply above 32 °C or flow under 80 L/min alerts.",
      datasource: "$datasource",
      queries: [
        { expr: 'max by (cluster, rack) (rack_coolant_supply_temperature_celsius{cluster=~"$cluster"})', header: "Supply", unit: "celsius" },
        { expr: 'max by (cluster, rack) (rack_coolant_return_temperature_celsius{cluster=~"$cluster"})', header: "Return", unit: "celsius" },
        {
          expr: 'max by (cluster, rack) (rack_coolant_return_temperature_celsius{cluster=~"$cluster"}) - max by (cluster, rack) (rack_coolant_supply_temperature_celsius{cluster=~"$cluster"})',
          header: "ΔT",
          unit: "celsius",
        },
        { expr: 'max by (cluster, rack) (rack_coolant_flow_liters_per_minute{cluster=~"$cluster"})', header: "Flow L/min", unit: "none" },
        { expr: 'max by (cluster, rack) (rack_coolant_pressure_kilopascals{cluster=~"$cluster"})', header: "Pressure kPa", unit: "none" },
        { expr: 'max by (cluster, rack) (rack_inlet_air_temperature_celsius{cluster=~"$cluster"})', header: "Inlet air", unit: "celsius" },
        { expr: 'sum by (cluster, rack) (rack:gpu_power_watts:sum{cluster=~"$cluster"})', raw: rackPower('cluster=~"$cluster"'), header: "GPU power", unit: "watts" },
      ],
      labels: ["cluster", "rack"],
      sortBy: "Supply",
    },
    {
      kind: "timeseries",
      id: "rack-coolant",
      datasource: "$datasource",
      title: "Coolant supply temperature and flow, per rack",
      description: "rack_coolant_supply_temperature_celsius (against the 32 °C alert) per rack; flow is in the table beside.",
      queries: [{ expr: 'max by (cluster, rack) (rack_coolant_supply_temperature_celsius{cluster=~"$cluster"})', legend: "{{rack}} supply" }],
      unit: "celsius",
      thresholds: [{ value: 32, color: "#f2495c" }],
    },
] satisfies DashboardDefInput["panels"];
