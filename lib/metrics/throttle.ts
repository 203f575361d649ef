/**
 * DCGM_FI_DEV_CLOCK_THROTTLE_REASONS (newer exporters: DCGM_FI_DEV_CLOCKS_EVENT_REASONS)
 * is a bitmask; NVML names each bit (nvmlClocksThrottleReasons). Decoded by name here so
 * nobody has to read 0x24 at 3 a.m.
 */
export const THROTTLE_REASONS = [
  { bit: 0x1, name: "GPU idle", benign: true },
  { bit: 0x2, name: "Application clocks setting", benign: true },
  { bit: 0x4, name: "SW power cap", benign: false },
  { bit: 0x8, name: "HW slowdown", benign: false },
  { bit: 0x10, name: "Sync boost", benign: true },
  { bit: 0x20, name: "SW thermal slowdown", benign: false },
  { bit: 0x40, name: "HW thermal slowdown", benign: false },
  { bit: 0x80, name: "HW power brake slowdown", benign: false },
  { bit: 0x100, name: "Display clock setting", benign: true },
] as const;

export type ThrottleReason = (typeof THROTTLE_REASONS)[number];

/** The reasons a bitmask holds, in bit order; bits NVML does not name come back as `0x…`. */
export function decodeThrottleReasons(mask: number): { bit: number; name: string; benign: boolean }[] {
  if (!Number.isFinite(mask) || mask < 0) return [];
  const value = Math.trunc(mask);
  const out: { bit: number; name: string; benign: boolean }[] = THROTTLE_REASONS.filter((r) => value & r.bit).map((r) => ({ ...r }));
  const known = THROTTLE_REASONS.reduce((a, r) => a | r.bit, 0);
  // Bits above 0x100 (NVML may add more): named by value, never dropped.
  for (let bit = 0x200; bit <= value; bit *= 2) {
    if (value & bit & ~known) out.push({ bit, name: `0x${bit.toString(16)}`, benign: false });
  }
  return out;
}

/**
 * Over a window of samples of the bitmask: for each reason seen, the share of samples in
 * which it was set (time share when the samples are evenly stepped). Largest share first.
 */
export function throttleShares(samples: readonly (number | null)[]): { bit: number; name: string; benign: boolean; share: number }[] {
  const present = samples.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return [];
  const counts = new Map<number, { bit: number; name: string; benign: boolean; n: number }>();
  for (const v of present) {
    for (const r of decodeThrottleReasons(v)) {
      const c = counts.get(r.bit) ?? { ...r, n: 0 };
      c.n += 1;
      counts.set(r.bit, c);
    }
  }
  return [...counts.values()].map(({ n, ...r }) => ({ ...r, share: n / present.length })).sort((a, b) => b.share - a.share || a.bit - b.bit);
}

/**
 * PromQL counting, for each reason that costs performance, the series whose bitmask has
 * that bit set (`floor(x / bit) % 2 == 1`), labelled `reason` by name, 0 when none: "how
 * many GPUs are power-capped right now" without reading bits. The benign bits (GPU idle,
 * application clocks, sync boost, display clock) are no throttling and are not counted.
 */
export function throttleReasonCounts(selector: string): string {
  return THROTTLE_REASONS.filter((r) => !r.benign).map((r) => `label_replace(count(floor(${selector} / ${r.bit}) % 2 == 1) or vector(0), "reason", "${r.name}", "", "")`).join(" or ");
}
