/** Unit formatting shared by axes, tooltips and legends. */
export const UNITS = ["percent", "celsius", "watts", "mebibytes", "bytes", "bytes_per_second", "seconds", "megahertz", "ops_per_second", "usd", "none"] as const;
export type Unit = (typeof UNITS)[number];

const BYTE_STEPS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

function scaleBinary(value: number, firstStep: number): string {
  let v = Math.abs(value);
  let i = firstStep;
  while (v >= 1024 && i < BYTE_STEPS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${value < 0 ? "-" : ""}${trim(v)} ${BYTE_STEPS[i]}`;
}

const SI = ["", "k", "M", "G", "T"];

function scaleSI(value: number): string {
  let v = Math.abs(value);
  let i = 0;
  while (v >= 1000 && i < SI.length - 1) {
    v /= 1000;
    i++;
  }
  return `${value < 0 ? "-" : ""}${trim(v)}${SI[i]}`;
}

function trim(v: number): string {
  if (v === 0) return "0";
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return Number(v.toFixed(digits)).toString();
}

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  switch (unit) {
    case "percent":
      return `${trim(value)}%`;
    case "celsius":
      return `${trim(value)} °C`;
    case "watts":
      return Math.abs(value) >= 1000 ? `${trim(value / 1000)} kW` : `${trim(value)} W`;
    case "mebibytes":
      return scaleBinary(value, 2);
    case "bytes":
      return scaleBinary(value, 0);
    case "seconds":
      return Math.abs(value) < 1 ? `${trim(value * 1000)} ms` : `${trim(value)} s`;
    case "bytes_per_second":
      return `${scaleBinary(value, 0)}/s`;
    case "ops_per_second":
      return `${scaleSI(value)} ops/s`;
    case "usd":
      return `${value < 0 ? "-" : ""}$${Math.abs(value) >= 1000 ? scaleSI(Math.abs(value)) : Math.abs(value).toFixed(2)}`;
    case "megahertz":
      return `${Math.round(value)} MHz`;
    case "none":
      return trim(value);
  }
}
