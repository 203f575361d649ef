import { z } from "zod";

/**
 * NVIDIA XID codes (pure): what the driver's error number means and what an operator
 * does about it, from NVIDIA's XID catalogue and GPU memory error-management guides.
 * Seeded into PostgreSQL (`xid_codes`), where admins may refine a row; this list is also
 * what the console decodes with when PostgreSQL cannot be read.
 */
export const XID_ACTIONS = ["none", "reset-gpu", "drain-node", "rma"] as const;
export type XidAction = (typeof XID_ACTIONS)[number];
export const XID_SEVERITIES = ["critical", "warning", "info"] as const;

export const XidCodeSchema = z.object({
  code: z.number().int().positive(),
  name: z.string().min(1).max(120),
  meaning: z.string().min(1).max(1000),
  severity: z.enum(XID_SEVERITIES),
  action: z.enum(XID_ACTIONS),
  /** The runbook that says what to do (a slug of /runbooks). */
  runbook: z.string().regex(/^[a-z0-9-]+$/),
});
export type XidCode = z.infer<typeof XidCodeSchema>;

const XID_RUNBOOK = "gpu-xid-errors";

/** What the operator action means, in words. */
export const XID_ACTION_TEXT: Record<XidAction, string> = {
  none: "no hardware action (look at the application)",
  "reset-gpu": "drain the GPU's jobs, then reset the GPU",
  "drain-node": "drain the node and reboot it",
  rma: "drain the node and RMA the GPU",
};

const x = (code: number, name: string, severity: XidCode["severity"], action: XidAction, meaning: string): XidCode => ({ code, name, meaning, severity, action, runbook: XID_RUNBOOK });

export const XID_CATALOGUE: readonly XidCode[] = [
  x(13, "Graphics engine exception", "warning", "none", "An application fault on the GPU (an illegal instruction or address, or an out-of-range access). Usually the job's bug; repeated on one GPU across jobs, suspect the hardware."),
  x(31, "GPU memory page fault", "warning", "none", "A kernel touched an address it does not own (MMU fault). Almost always the application; check the job's logs for the faulting kernel."),
  x(32, "Invalid or corrupted push buffer stream", "warning", "none", "The driver received a corrupted command stream: a driver or application bug, or PCIe trouble if it recurs with replays."),
  x(38, "Driver firmware error", "critical", "reset-gpu", "The GPU's firmware reported an error; the GPU needs a reset."),
  x(43, "GPU stopped processing", "warning", "none", "A user application's fault stopped a channel (reset channel verification error). The GPU stays usable for other work."),
  x(45, "Preemptive cleanup after a previous error", "info", "none", "The driver cleaned up after an earlier error (often a killed process). Look at the XID before it."),
  x(48, "Double-bit ECC error", "critical", "reset-gpu", "An uncorrectable memory error. Jobs on the GPU are lost; reset the GPU so the row is remapped (or the page retired). Repeats on one GPU mean RMA."),
  x(61, "Internal micro-controller breakpoint or warning", "warning", "reset-gpu", "An internal micro-controller hit a breakpoint; reset the GPU if work stops."),
  x(62, "Internal micro-controller halt", "critical", "reset-gpu", "An internal micro-controller halted; the GPU needs a reset."),
  x(63, "ECC page retirement or row remapping recorded", "warning", "reset-gpu", "A memory row was marked for remapping (or a page for retirement). It takes effect at the next GPU reset: schedule one."),
  x(64, "ECC page retirement or row remapping failed", "critical", "rma", "The GPU could not record a remapping: it has run out of spare rows or the recording failed. Drain and RMA."),
  x(68, "Video decoder (NVDEC) exception", "warning", "none", "The video decoder engine faulted: usually the application or its input stream."),
  x(69, "Graphics engine class error", "warning", "reset-gpu", "An unrecoverable graphics engine error; reset the GPU if it recurs."),
  x(74, "NVLink error", "critical", "reset-gpu", "An NVLink link reported an error (CRC, replay or link down). Reset the GPU; if it returns, reseat or replace the NVLink bridge or baseboard."),
  x(79, "GPU has fallen off the bus", "critical", "drain-node", "The GPU stopped answering on PCIe. Drain the node and reboot it; check power and PCIe (replays). A GPU that falls off again is RMA."),
  x(92, "High single-bit ECC error rate", "warning", "none", "Correctable memory errors at a high rate. No action now; watch for double-bit errors and remap failures."),
  x(94, "Contained ECC error", "warning", "reset-gpu", "An uncorrectable memory error the GPU contained to the applications using that memory. Those jobs are lost; reset the GPU when it is drained."),
  x(95, "Uncontained ECC error", "critical", "reset-gpu", "An uncorrectable memory error that could not be contained: every job on the GPU is lost. Drain and reset the GPU at once."),
  x(109, "Context switch timeout", "warning", "none", "A context switch did not finish in time: a hung kernel or a driver problem. Look at the application first."),
  x(119, "GSP RPC timeout", "critical", "reset-gpu", "The GPU System Processor stopped answering the driver. Reset the GPU (a node reboot if the reset fails)."),
  x(120, "GSP error", "critical", "reset-gpu", "The GPU System Processor reported an error; reset the GPU."),
  x(121, "C2C link corrected error", "info", "none", "A corrected error on the chip-to-chip link (Grace Hopper). No action unless the rate rises."),
  x(140, "Unrecovered ECC error", "critical", "reset-gpu", "An uncorrectable memory error the driver could not recover from. Drain and reset the GPU; repeats mean RMA."),
];

/** A code's entry, or a plain description of a code the catalogue does not have. */
export function describeXid(code: number, catalogue: readonly XidCode[]): { code: number; name: string; known: boolean; entry: XidCode | null } {
  const entry = catalogue.find((c) => c.code === code) ?? null;
  return { code, name: entry ? entry.name : "not in the XID catalogue", known: entry !== null, entry };
}

/** Text with every "XID <n>" followed by its name (alert summaries and descriptions). */
export function decodeXidsInText(text: string, catalogue: readonly XidCode[]): string {
  return text.replace(/\bXID (\d+)\b(?! \()/g, (whole, n: string) => {
    const entry = catalogue.find((c) => c.code === Number(n));
    return entry ? `${whole} (${entry.name})` : whole;
  });
}
