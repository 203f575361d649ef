import type { FaultSet } from "./faults";
import { unitRandom } from "./random";

/** Per-rack liquid cooling (rack_coolant_* metrics). */
export interface Cooling {
  supplyC: number;
  returnC: number;
  flowLpm: number;
  pressureKPa: number;
  inletAirC: number;
}

/** Supply side at t: a cooling failure ramps supply up and flow down over 10 minutes. */
export function coolingSupply(seed: number, rack: string, tMs: number, faults: FaultSet): Omit<Cooling, "returnC"> {
  const tick = Math.floor(tMs / 15_000);
  const n = unitRandom(seed, `cool:${rack}:${tick}`);
  const failure = faults.find("cooling-failure", rack, tMs);
  const ramp = failure ? Math.min(1, (tMs - failure.sinceMs) / 600_000) : 0;
  return {
    supplyC: round1(24 + 1.5 * n + 22 * ramp),
    flowLpm: round1((120 + 6 * n) * (1 - 0.7 * ramp)),
    pressureKPa: round1((210 + 8 * n) * (1 - 0.4 * ramp)),
    inletAirC: round1(22 + n + 6 * ramp),
  };
}

/** Return temperature from the heat the rack's GPUs put into the loop (Q = ṁ·c·ΔT). */
export function withReturn(supply: Omit<Cooling, "returnC">, rackPowerW: number): Cooling {
  const kgPerS = supply.flowLpm / 60; // water: ~1 kg per litre
  const deltaC = rackPowerW / Math.max(kgPerS * 4186, 1);
  return { ...supply, returnC: round1(supply.supplyC + deltaC) };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
