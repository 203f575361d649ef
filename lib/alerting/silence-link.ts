import { LABEL_ALIASES } from "@/lib/metrics/labels";
import { matcherText } from "./silences";

/** The labels that say which thing an alert is about: what a prefilled silence narrows to (severity never; team so a developer may save it). */
const SILENCE_LABELS = ["alertname", "cluster", ...LABEL_ALIASES.host, "gpu", "instance", "job", ...LABEL_ALIASES.pod, "model_name", "job_name", "rack", "team"];

/** `/silences?new=1&matcher=alertname="X"&…`: the console's silence form, prefilled from an alert's labels. */
export function silenceFormPath(labels: Record<string, string>): string {
  const params = new URLSearchParams([["new", "1"]]);
  for (const name of SILENCE_LABELS) {
    const value = labels[name];
    if (value !== undefined && value !== "") params.append("matcher", matcherText({ name, value, isRegex: false, isEqual: true }));
  }
  return `/silences?${params}`;
}
