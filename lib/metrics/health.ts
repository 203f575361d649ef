/**
 * DCGM_EXP_GPU_HEALTH_STATUS: DCGM's health-check result for a GPU (dcgmHealthWatchResult_t),
 * named so nobody reads "20" at 3 a.m.
 */
const HEALTH_NAMES: Record<number, string> = { 0: "healthy", 10: "warning", 20: "failure" };

/** "healthy", "warning", "failure", or the code for a value DCGM does not define. */
export function dcgmHealthName(code: number): string {
  return HEALTH_NAMES[code] ?? `code ${code}`;
}
