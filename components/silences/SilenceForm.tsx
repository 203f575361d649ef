"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { filterAlerts, type ConsoleAlert } from "@/lib/alerting/alerts";
import { matcherText, type Matcher } from "@/lib/alerting/silences";
import { formatTime, parseTime, parseTimeInput, timeInputText } from "@/lib/dashboards/time-range";
import { newIdempotencyKey, silenceApi, SilenceApiError, silenceQueryKeys } from "@/lib/silences/client";
import type { SilenceView } from "@/lib/silences/schema";
import { MatcherEditor } from "./MatcherEditor";
import { SilenceCoverage } from "./SilenceCoverage";
import { fetchAlerts, alertKeys } from "@/lib/alerting/alerts-client";
import { FormButtons } from "../ui/FormButtons";

const DURATIONS = [
  { label: "1 hour", ms: 3_600_000 },
  { label: "2 hours", ms: 2 * 3_600_000 },
  { label: "4 hours", ms: 4 * 3_600_000 },
  { label: "1 day", ms: 86_400_000 },
  { label: "1 week", ms: 7 * 86_400_000 },
];

export interface SilenceFormProps {
  /** Editing this silence, else a new one (prefilled with `matchers`, e.g. from an alert). */
  editing?: SilenceView;
  matchers?: Matcher[];
  onDone: (saved: SilenceView) => void;
  onCancel: () => void;
}

/**
 * Create or edit a silence: matchers (name, operator, value), how long, why, a ticket;
 * before saving, the alerts it silences right now. The server checks Alertmanager's
 * rules and the team rule and says which field is wrong; a stale edit shows who changed
 * what, with nothing lost.
 */
export function SilenceForm({ editing, matchers: initial, onDone, onCancel }: SilenceFormProps) {
  const client = useQueryClient();
  const [matchers, setMatchers] = useState<Matcher[]>(editing?.matchers ?? (initial?.length ? initial : [{ name: "alertname", value: "", isRegex: false, isEqual: true }]));
  const [duration, setDuration] = useState<number | "custom">(editing ? "custom" : DURATIONS[1]!.ms);
  const [endsText, setEndsText] = useState(editing ? timeInputText(String(editing.endsAt), "browser") : "");
  const [comment, setComment] = useState(editing?.comment ?? "");
  const [ticketUrl, setTicketUrl] = useState(editing?.ticketUrl ?? "");
  const [error, setError] = useState<SilenceApiError | Error | null>(null);
  const alerts = useQuery({ queryKey: alertKeys.list([]), queryFn: ({ signal }) => fetchAlerts([], { signal }) });

  const valid = matchers.filter((m) => m.name.trim() !== "");
  const endsAt = (() => {
    if (duration !== "custom") return Date.now() + duration;
    try {
      const v = parseTimeInput(endsText, "browser", Date.now());
      return /^\d+$/.test(v) ? Number(v) : parseTime(v, Date.now()) * 1000;
    } catch {
      return NaN;
    }
  })();
  // matcherMatches treats a regex that does not compile as no match: nothing to catch here.
  const covered: ConsoleAlert[] = valid.length ? filterAlerts(alerts.data?.alerts ?? [], valid) : [];

  // The server's preview (every alert, whoever may see them), asked once typing pauses.
  const [asked, setAsked] = useState({ matchers: valid, duration, endsText });
  const askedKey = JSON.stringify({ matchers: valid, duration, endsText });
  useEffect(() => {
    const t = setTimeout(() => setAsked(JSON.parse(askedKey)), 300);
    return () => clearTimeout(t);
  }, [askedKey]);
  const review = useQuery({
    queryKey: silenceQueryKeys.preview(asked),
    queryFn: ({ signal }) => silenceApi.preview({ matchers: asked.matchers, endsAt: Math.round(endsAt) }, { signal }),
    enabled: asked.matchers.some((m) => m.value !== "") && Number.isFinite(endsAt),
    retry: false,
  });
  const [reason, setReason] = useState("");
  const refusedConcerns = error instanceof SilenceApiError ? error.concerns : [];
  const concerns = refusedConcerns.length > 0 ? refusedConcerns : (review.data?.concerns ?? []);

  // One key per form: the same save sent twice makes one silence.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: () => {
      const confirm = concerns.length > 0 && reason.trim() ? { confirm: { reason: reason.trim() } } : {};
      const input = { matchers: valid, endsAt: Math.round(endsAt), comment, ticketUrl: ticketUrl.trim() || null, ...confirm };
      return editing ? silenceApi.update(editing.id, { ...input, version: editing.version }) : silenceApi.create(input, idempotencyKey);
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: silenceQueryKeys.all });
      void client.invalidateQueries({ queryKey: alertKeys.all });
      onDone(saved);
    },
    onError: (e) => setError(e as Error),
  });

  return (
    <form
      className="silence-form"
      aria-label={editing ? "Edit silence" : "New silence"}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        save.mutate();
      }}
    >
      <MatcherEditor matchers={matchers} onChange={setMatchers} />
      <div className="form-row">
        <label>
          For{" "}
          <select aria-label="Duration" value={duration} onChange={(e) => setDuration(e.target.value === "custom" ? "custom" : Number(e.target.value))}>
            {DURATIONS.map((d) => (
              <option key={d.ms} value={d.ms}>
                {d.label}
              </option>
            ))}
            <option value="custom">until…</option>
          </select>
        </label>
        {duration === "custom" && <input aria-label="Ends at" value={endsText} placeholder="2026-11-24 18:00" onChange={(e) => setEndsText(e.target.value)} />}
        <span className="muted">{Number.isFinite(endsAt) ? `ends ${formatTime(endsAt, "browser").slice(0, 16)}` : "write a date and time"}</span>
      </div>
      <label className="form-row">
        Why <input aria-label="Comment" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="what is being done, and by whom" size={60} />
      </label>
      <label className="form-row">
        Ticket <input aria-label="Ticket URL" value={ticketUrl} onChange={(e) => setTicketUrl(e.target.value)} placeholder="https://…" size={40} />
      </label>
      <div className="silence-preview" aria-label="Silence preview" data-count={covered.length}>
        {valid.length === 0 ? (
          <span className="muted">Add a matcher to see what it silences.</span>
        ) : (
          <>
            Silences <strong>{covered.length}</strong> alert{covered.length === 1 ? "" : "s"} firing or pending now
            {covered.length > 0 && `: ${[...new Set(covered.map((a) => a.labels.alertname))].slice(0, 5).join(", ")}`} ·{" "}
            <code>{valid.map(matcherText).join(", ")}</code>
          </>
        )}
      </div>
      <SilenceCoverage review={review.data ?? null} refusal={review.error?.message ?? null} concerns={concerns} reason={reason} onReason={setReason} />
      {error && (
        <div role="alert" className="alert-error">
          {error.message}
          {error instanceof SilenceApiError && error.status === 409 && error.current && (
            <div>
              Now: ends {formatTime(error.current.endsAt, "browser").slice(0, 16)}, “{error.current.comment}” (version {error.current.version}
              {error.changed.length ? `; changed: ${error.changed.join(", ")}` : ""}). Your edit is still here: reload the silence to apply it on top.
            </div>
          )}
        </div>
      )}
      <FormButtons submit={editing ? "Save silence" : "Create silence"} pending={save.isPending} onCancel={onCancel} />
    </form>
  );
}
