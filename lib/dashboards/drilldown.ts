import { labelOf } from "@/lib/metrics/labels";
import { ALL } from "./variables";

/**
 * What a drill-down URL names. `/gpus/GPU-8f3…` is a card by its UUID (it follows the
 * card); `/gpus/eu-west-gpu-001:3` is a slot, node and index (it follows the slot through
 * a replacement). Both become fixed variables of the GPU dashboard, the part not named
 * left at All.
 */
export interface GpuTarget {
  uuid: string[];
  node: string[];
  gpu: string[];
  /** How the page names it. */
  title: string;
}

const SLOT = /^(.+):(\d{1,3})$/;

export function gpuTarget(id: string): GpuTarget | null {
  const decoded = safeDecode(id).trim();
  if (decoded === "" || decoded.length > 256) return null;
  const slot = SLOT.exec(decoded);
  if (slot) return { uuid: [ALL], node: [slot[1]!], gpu: [slot[2]!], title: `${slot[1]} GPU ${slot[2]}` };
  return { uuid: [decoded], node: [ALL], gpu: [ALL], title: decoded };
}

/** A node page's fixed variable. */
export function nodeTarget(id: string): { node: string[] } | null {
  const decoded = safeDecode(id).trim();
  if (decoded === "" || decoded.length > 256 || /[\s{}"]/.test(decoded)) return null;
  return { node: [decoded] };
}

/** The GPU page of a slot, as links write it. */
export function gpuPath(node: string, gpu: string): string {
  return `/gpus/${encodeURIComponent(`${node}:${gpu}`)}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Scrape jobs that run on every GPU node. */
const NODE_JOBS = new Set(["node", "dcgm"]);

/**
 * Where an alert (or any labelled thing) drills down to: its GPU's page when it names a
 * host and a GPU index, its node's when it names a host (or a host:port instance), with
 * the window around the alert (`padMs` either side). Nothing for alerts about a model,
 * a rack or the fleet.
 */
export function drillDownFor(labels: Record<string, string>, window: { fromMs: number; toMs: number }, padMs = 15 * 60_000): { href: string; title: string } | null {
  // A node's own exporters' instance is host:port; a facility or scheduler exporter's is not a node.
  const nodeInstance = labels.instance && NODE_JOBS.has(labels.job ?? "") ? /^(.+):\d+$/.exec(labels.instance)?.[1] : undefined;
  const host = labelOf(labels, "host") ?? nodeInstance;
  if (!host) return null;
  const range = `from=${Math.floor(window.fromMs - padMs)}&to=${Math.ceil(window.toMs + padMs)}`;
  if (labels.gpu !== undefined && /^\d{1,3}$/.test(labels.gpu)) return { href: `${gpuPath(host, labels.gpu)}?${range}`, title: "GPU" };
  return { href: `/nodes/${encodeURIComponent(host)}?${range}`, title: "node" };
}
