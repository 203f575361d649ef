/**
 * Colour scales for heatmaps and fleet grids: stops from low to high, interpolated
 * into 255 levels (lib/heatmap/grid.ts' quantization); level 255 is "no data".
 */
export const COLOR_SCHEMES = {
  /** Idle is dark, busy is bright: the eye goes to what works and to what does not. */
  utilization: ["#0b1a3a", "#1f4e9c", "#2e9d8f", "#a5d65a", "#f2cc0c", "#ff780a", "#f2495c"],
  /** Cool to hot. */
  temperature: ["#1f4e9c", "#2e9d8f", "#73bf69", "#f2cc0c", "#ff780a", "#f2495c", "#b0103a"],
} as const;
export type ColorScheme = keyof typeof COLOR_SCHEMES;

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** 256 RGBA entries; entry 255 is transparent. */
export function paletteRGBA(scheme: ColorScheme): Uint8ClampedArray {
  const stops = COLOR_SCHEMES[scheme].map(rgb);
  const out = new Uint8ClampedArray(256 * 4);
  for (let level = 0; level < 255; level++) {
    const pos = (level / 254) * (stops.length - 1);
    const i = Math.min(Math.floor(pos), stops.length - 2);
    const f = pos - i;
    const [a, b] = [stops[i]!, stops[i + 1]!];
    for (let k = 0; k < 3; k++) out[level * 4 + k] = Math.round(a[k]! + (b[k]! - a[k]!) * f);
    out[level * 4 + 3] = 255;
  }
  return out;
}

/** The CSS gradient of a scheme, for its legend. */
export function schemeGradient(scheme: ColorScheme): string {
  return `linear-gradient(90deg, ${COLOR_SCHEMES[scheme].join(", ")})`;
}

/** The colour of a value against threshold steps (Grafana's: the highest step at or below it). */
export function thresholdColor(value: number | null, steps: readonly { value: number; color: string }[], base: string): string {
  if (value === null || Number.isNaN(value)) return "transparent";
  let color = base;
  for (const s of [...steps].sort((a, b) => a.value - b.value)) if (value >= s.value) color = s.color;
  return color;
}
