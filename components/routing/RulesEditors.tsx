"use client";

import type { RoutingState } from "@/lib/routing/client";
import { joinList, parseTimes, splitList, timesText } from "@/lib/routing/text";

type Intervals = RoutingState["routing"]["timeIntervals"];
type Inhibitions = RoutingState["routing"]["inhibitRules"];
const optional = <T,>(items: T[]) => (items.length ? items : undefined);

/** On-call hours and maintenance windows, in Alertmanager's time_intervals format (weekdays, times, days of month, months, years, time zone). */
export function TimeIntervalsEditor({ intervals, onChange, readOnly }: { intervals: Intervals; onChange: (i: Intervals) => void; readOnly: boolean }) {
  const set = (i: number, j: number, change: Partial<Intervals[number]["intervals"][number]>) =>
    onChange(intervals.map((t, a) => (a === i ? { ...t, intervals: t.intervals.map((x, b) => (b === j ? { ...x, ...change } : x)) } : t)));
  return (
    <fieldset disabled={readOnly} className="route-tree">
      <legend className="muted">Routes name these in “Active in” (notify only then) or “Muted in” (never then). Empty fields mean “any”.</legend>
      {intervals.map((t, i) => (
        <div key={i} className="route-card" role="group" aria-label={`Time interval ${t.name}`}>
          <div className="route-card-head">
            <label>
              Name <input aria-label={`Name of time interval ${i + 1}`} value={t.name} onChange={(e) => onChange(intervals.map((x, a) => (a === i ? { ...x, name: e.target.value } : x)))} size={18} />
            </label>
            <button type="button" className="btn btn-small" onClick={() => onChange(intervals.filter((_, a) => a !== i))}>
              Delete
            </button>
          </div>
          {t.intervals.map((x, j) => (
            <div key={j} className="route-fields">
              <label>
                Weekdays <input aria-label={`Weekdays of ${t.name}`} defaultValue={joinList(x.weekdays)} onBlur={(e) => set(i, j, { weekdays: optional(splitList(e.target.value)) })} placeholder="monday:friday" size={18} />
              </label>
              <label>
                Times <input aria-label={`Times of ${t.name}`} defaultValue={timesText(x.times)} onBlur={(e) => set(i, j, { times: optional(parseTimes(e.target.value)) })} placeholder="09:00-18:00" size={14} />
              </label>
              <label>
                Days of month <input aria-label={`Days of month of ${t.name}`} defaultValue={joinList(x.daysOfMonth)} onBlur={(e) => set(i, j, { daysOfMonth: optional(splitList(e.target.value)) })} placeholder="1:7, -1" size={8} />
              </label>
              <label>
                Months <input aria-label={`Months of ${t.name}`} defaultValue={joinList(x.months)} onBlur={(e) => set(i, j, { months: optional(splitList(e.target.value)) })} placeholder="january:march" size={12} />
              </label>
              <label>
                Years <input aria-label={`Years of ${t.name}`} defaultValue={joinList(x.years)} onBlur={(e) => set(i, j, { years: optional(splitList(e.target.value)) })} size={8} />
              </label>
              <label>
                Time zone <input aria-label={`Time zone of ${t.name}`} defaultValue={x.location ?? ""} onBlur={(e) => set(i, j, { location: e.target.value.trim() || undefined })} placeholder="Europe/Berlin" size={14} />
              </label>
            </div>
          ))}
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onChange([...intervals, { name: `interval-${intervals.length + 1}`, intervals: [{ weekdays: ["monday:friday"], times: [{ start: "09:00", end: "18:00" }], location: "UTC" }] }])}>
        Add time interval
      </button>
    </fieldset>
  );
}

/** Inhibitions: while an alert matching the source fires, alerts matching the target with the same values of the `equal` labels are not sent. */
export function InhibitionsEditor({ rules, onChange, readOnly }: { rules: Inhibitions; onChange: (r: Inhibitions) => void; readOnly: boolean }) {
  const set = (i: number, change: Partial<Inhibitions[number]>) => onChange(rules.map((r, a) => (a === i ? { ...r, ...change } : r)));
  return (
    <fieldset disabled={readOnly} className="route-tree">
      <legend className="muted">While a source alert fires, target alerts that share the “equal” labels with it are suppressed.</legend>
      {rules.map((r, i) => (
        <div key={`${i}:${JSON.stringify(r)}`} className="route-card route-fields" role="group" aria-label={`Inhibition ${i + 1}`}>
          <label>
            Source <input aria-label={`Source matchers of inhibition ${i + 1}`} defaultValue={joinList(r.sourceMatchers)} onBlur={(e) => set(i, { sourceMatchers: splitList(e.target.value) })} size={30} />
          </label>
          <label>
            Target <input aria-label={`Target matchers of inhibition ${i + 1}`} defaultValue={joinList(r.targetMatchers)} onBlur={(e) => set(i, { targetMatchers: splitList(e.target.value) })} size={30} />
          </label>
          <label>
            Equal <input aria-label={`Equal labels of inhibition ${i + 1}`} defaultValue={joinList(r.equal)} onBlur={(e) => set(i, { equal: splitList(e.target.value) })} size={20} />
          </label>
          <button type="button" className="btn btn-small" onClick={() => onChange(rules.filter((_, a) => a !== i))}>
            Delete
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onChange([...rules, { sourceMatchers: ['severity="critical"'], targetMatchers: ['severity="warning"'], equal: ["alertname"] }])}>
        Add inhibition
      </button>
    </fieldset>
  );
}
