import { Exposition } from "../exposition";
import type { Node } from "../fleet";
import { CPU_MODES, DISKS, IB_PORTS, RAID_SIZE_BYTES, SIM_CPUS, type FleetModel } from "../model";

/** The scrape of one node's node_exporter (the metrics of METRICS.md). */
export function renderNodeExporter(model: FleetModel, node: Node): string {
  const s = model.nodes.get(node.hostname)!;
  const out = new Exposition();
  for (let cpu = 0; cpu < SIM_CPUS; cpu++) {
    CPU_MODES.forEach((mode, m) => {
      out.sample("node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.", [["cpu", String(cpu)], ["mode", mode]], s.cpuSeconds[cpu * CPU_MODES.length + m]!);
    });
  }
  out.sample("node_memory_MemTotal_bytes", "gauge", "Memory information field MemTotal_bytes.", [], node.memoryBytes);
  out.sample("node_memory_MemAvailable_bytes", "gauge", "Memory information field MemAvailable_bytes.", [], Math.round(s.memAvailableBytes));
  const filesystems = [
    { mountpoint: "/", device: "/dev/md0", fstype: "ext4", size: 1.8e12, avail: 1.2e12 },
    { mountpoint: "/raid", device: "/dev/md1", fstype: "xfs", size: RAID_SIZE_BYTES, avail: s.raidAvailBytes },
  ];
  for (const fs of filesystems) {
    const labels = [["device", fs.device], ["fstype", fs.fstype], ["mountpoint", fs.mountpoint]] as const;
    out.sample("node_filesystem_size_bytes", "gauge", "Filesystem size in bytes.", labels, fs.size);
    out.sample("node_filesystem_avail_bytes", "gauge", "Filesystem space available to non-root users in bytes.", labels, Math.round(fs.avail));
  }
  DISKS.forEach((device, d) => {
    out.sample("node_disk_read_bytes_total", "counter", "The total number of bytes read successfully.", [["device", device]], Math.floor(s.diskReadBytes[d]!));
    out.sample("node_disk_written_bytes_total", "counter", "The total number of bytes written successfully.", [["device", device]], Math.floor(s.diskWrittenBytes[d]!));
    out.sample("node_disk_io_time_seconds_total", "counter", "Total seconds spent doing I/Os.", [["device", device]], s.diskIoSeconds[d]!);
    out.sample("node_disk_reads_completed_total", "counter", "The total number of reads completed successfully.", [["device", device]], Math.floor(s.diskReads[d]!));
    out.sample("node_disk_writes_completed_total", "counter", "The total number of writes completed successfully.", [["device", device]], Math.floor(s.diskWrites[d]!));
    out.sample("node_disk_read_time_seconds_total", "counter", "The total number of seconds spent by all reads.", [["device", device]], s.diskReadSeconds[d]!);
    out.sample("node_disk_write_time_seconds_total", "counter", "This is the total number of seconds spent by all writes.", [["device", device]], s.diskWriteSeconds[d]!);
    out.sample("node_disk_io_time_weighted_seconds_total", "counter", "The weighted # of seconds spent doing I/Os.", [["device", device]], s.diskIoWeightedSeconds[d]!);
  });
  out.sample("node_network_receive_bytes_total", "counter", "Network device statistic receive_bytes.", [["device", "eth0"]], Math.floor(s.netRxBytes));
  out.sample("node_network_transmit_bytes_total", "counter", "Network device statistic transmit_bytes.", [["device", "eth0"]], Math.floor(s.netTxBytes));
  IB_PORTS.forEach((device, p) => {
    const port = s.ib[p]!;
    const labels = [["device", device], ["port", "1"]] as const;
    out.sample("node_infiniband_port_data_received_bytes_total", "counter", "Number of data octets received on all links", labels, Math.floor(port.rx));
    out.sample("node_infiniband_port_data_transmitted_bytes_total", "counter", "Number of data octets transmitted on all links", labels, Math.floor(port.tx));
    out.sample("node_infiniband_link_downed_total", "counter", "Number of times the link failed to recover from an error state and went down", labels, Math.floor(port.linkDowned));
    out.sample("node_infiniband_port_errors_received_total", "counter", "Number of packets containing an error that were received on this port", labels, Math.floor(port.rcvErrors));
    out.sample("node_infiniband_symbol_error_total", "counter", "Number of minor link errors detected on one or more physical lanes.", labels, Math.floor(port.symbolErrors));
  });
  return out.text();
}
