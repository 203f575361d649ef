"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Matcher } from "@/lib/alerting/silences";
import { formatTime, parseTime, parseTimeInput, timeInputText } from "@/lib/dashboards/time-range";
import { maintenanceApi, MaintenanceApiError, maintenanceKeys } from "@/lib/maintenance/client";
import type { MaintenanceView } from "@/lib/maintenance/model";
import { WEEKDAYS, type Schedule } from "@/lib/maintenance/schedule";
import { silenceQueryKeys } from "@/lib/silences/client";
import { MatcherEditor } from "../silences/MatcherEditor";
import { FormButtons } from "../ui/FormButtons";

/** A date and time typed in the browser's zone ("2026-12-05 02:00", "now+1h") → epoch ms, or NaN. */
function timeOf(text: string): number {
  try {
    const v = parseTimeInput(text, "browser", Date.now());
    return /^\d+$/.test(v) ? Number(v) : parseTime(v, Date.now()) * 1000;
  } catch {
    return NaN;
  }
}

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/**
 * Create or edit a maintenance window: what it silences (matchers), when (once; every
 * week on some days; or cron), in which time zone, and why. The server checks the
 * silence rules and says which field is wrong; a broad window needs an SRE's reason.
 */
export function MaintenanceForm({ editing, onDone, onCancel }: { editing?: MaintenanceView; onDone: () => void; onCancel: () => void }) {
  const client = useQueryClient();
  const s = editing?.schedule;
  const [name, setName] = useState(editing?.name ?? "");
  const [matchers, setMatchers] = useState<Matcher[]>(editing?.matchers ?? [{ name: "Hostname", value: "", isRegex: false, isEqual: true }]);
  const [kind, setKind] = useState<Schedule["kind"]>(s?.kind ?? "weekly");
  const [startsText, setStartsText] = useState(s?.kind === "once" ? timeInputText(String(s.startsAt), "browser") : "");
  const [endsText, setEndsText] = useState(s?.kind === "once" ? timeInputText(String(s.endsAt), "browser") : "");
  const [days, setDays] = useState<(typeof WEEKDAYS)[number][]>(s?.kind === "weekly" ? s.days : ["sat"]);
  const [at, setAt] = useState(s?.kind === "weekly" ? s.at : "02:00");
  const [cron, setCron] = useState(s?.kind === "cron" ? s.cron : "0 3 1 * *");
  const [duration, setDuration] = useState(String(s && s.kind !== "once" ? s.durationMinutes : 240));
  const [timeZone, setTimeZone] = useState(s && s.kind !== "once" ? s.timeZone : BROWSER_ZONE);
  const [comment, setComment] = useState(editing?.comment ?? "");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<Error | null>(null);

  const schedule = (): Schedule =>
    kind === "once"
      ? { kind, startsAt: Math.round(timeOf(startsText)), endsAt: Math.round(timeOf(endsText)) }
      : kind === "weekly"
        ? { kind, days: days as (typeof WEEKDAYS)[number][], at, durationMinutes: Number(duration), timeZone }
        : { kind, cron, durationMinutes: Number(duration), timeZone };

  const concerns = error instanceof MaintenanceApiError ? error.concerns : [];
  const save = useMutation({
    mutationFn: () => {
      const input = { name, matchers: matchers.filter((m) => m.name.trim() !== ""), schedule: schedule(), comment, ...(concerns.length && reason.trim() ? { confirm: { reason: reason.trim() } } : {}) };
      return editing ? maintenanceApi.update(editing.id, { ...input, version: editing.version }) : maintenanceApi.create(input);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: maintenanceKeys.all });
      void client.invalidateQueries({ queryKey: silenceQueryKeys.all });
      onDone();
    },
    onError: (e) => setError(e as Error),
  });

  return (
    <form
      className="silence-form maintenance-form"
      aria-label={editing ? "Edit maintenance window" : "New maintenance window"}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label className="form-row">
        Name <input aria-label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="us-east rack r02 firmware" size={40} />
      </label>
      <MatcherEditor matchers={matchers} onChange={setMatchers} />
      <fieldset>
        <legend>When</legend>
        <div className="form-row" role="radiogroup" aria-label="Schedule">
          {(["once", "weekly", "cron"] as const).map((k) => (
            <label key={k}>
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {k === "once" ? "Once" : k === "weekly" ? "Every week" : "Cron"}
            </label>
          ))}
        </div>
        {kind === "once" ? (
          <div className="form-row">
            <label>
              From <input aria-label="Starts at" value={startsText} onChange={(e) => setStartsText(e.target.value)} placeholder="2026-12-05 02:00" />
            </label>
            <label>
              until <input aria-label="Ends at" value={endsText} onChange={(e) => setEndsText(e.target.value)} placeholder="2026-12-05 06:00" />
            </label>
            <span className="muted">{Number.isFinite(timeOf(startsText)) && Number.isFinite(timeOf(endsText)) ? `${formatTime(timeOf(startsText), "browser").slice(0, 16)} → ${formatTime(timeOf(endsText), "browser").slice(0, 16)} (this browser's time)` : "dates and times, this browser's zone"}</span>
          </div>
        ) : (
          <>
            {kind === "weekly" ? (
              <div className="form-row" aria-label="Days">
                {WEEKDAYS.map((d) => (
                  <label key={d}>
                    <input type="checkbox" aria-label={d} checked={days.includes(d)} onChange={(e) => setDays((ds) => (e.target.checked ? [...ds, d] : ds.filter((x) => x !== d)))} /> {d}
                  </label>
                ))}
                <label>
                  at <input aria-label="Start time" value={at} onChange={(e) => setAt(e.target.value)} size={5} />
                </label>
              </div>
            ) : (
              <label className="form-row">
                Cron (minute hour day month weekday) <input aria-label="Cron expression" value={cron} onChange={(e) => setCron(e.target.value)} size={16} />
              </label>
            )}
            <div className="form-row">
              <label>
                for <input aria-label="Minutes" value={duration} onChange={(e) => setDuration(e.target.value)} size={5} /> minutes
              </label>
              <label>
                in <input aria-label="Time zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} size={18} />
              </label>
            </div>
          </>
        )}
      </fieldset>
      <label className="form-row">
        Why <input aria-label="Comment" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="what is being done, and by whom" size={60} />
      </label>
      {concerns.length > 0 && (
        <label className="form-row">
          Confirmation reason <input aria-label="Confirmation reason" value={reason} onChange={(e) => setReason(e.target.value)} size={50} />
        </label>
      )}
      {error && (
        <div role="alert" className="alert-error">
          {error.message}
        </div>
      )}
      <FormButtons submit={editing ? "Save window" : "Create window"} pending={save.isPending} onCancel={onCancel} />
    </form>
  );
}
