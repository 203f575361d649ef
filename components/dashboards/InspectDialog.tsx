"use client";

import type { InspectInfo } from "./use-panel-data";

/** A panel's queries as sent and what came back: range, step, series, points, time, cache, and which expression ran where a recording rule is younger than the window. */
export function InspectDialog({ title, info, onClose }: { title: string; info: InspectInfo; onClose: () => void }) {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div role="dialog" aria-label={`Inspect ${title}`} className="dialog" onClick={(e) => e.stopPropagation()}>
        <header className="panel-header">
          <h2>Inspect: {title}</h2>
          <span style={{ flex: 1 }} />
          <button type="button" className="btn btn-small" onClick={onClose}>
            Close
          </button>
        </header>
        {info.queries.length === 0 && <p className="muted">Not queried yet (the panel has not been in view).</p>}
        {info.queries.map((q, i) => (
          <section key={i} className="inspect-query" data-testid="inspect-query">
            <h3>Query {String.fromCharCode(65 + i)} · datasource {info.datasource}</h3>
            <pre>{q.expr}</pre>
            <dl>
              <dt>Range</dt>
              <dd>{q.stepSeconds === null ? `instant at ${iso(q.end)}` : `${iso(q.start)} → ${iso(q.end)}`}</dd>
              {q.stepSeconds !== null && (
                <>
                  <dt>Step</dt>
                  <dd data-testid="inspect-step">{q.stepSeconds} s</dd>
                </>
              )}
              <dt>Series</dt>
              <dd data-testid="inspect-series">{q.series}</dd>
              <dt>Points</dt>
              <dd>{q.points.toLocaleString("en")}</dd>
              <dt>Duration</dt>
              <dd data-testid="inspect-duration">
                {q.meta ? `${q.meta.durationMs.toFixed(0)} ms in all${q.meta.serverMs !== null ? `, ${q.meta.serverMs.toFixed(0)} ms of it in the console and upstream` : ""}` : "–"}
              </dd>
              {q.coverage && (
                <>
                  <dt>Recording rule</dt>
                  <dd data-testid="inspect-coverage">
                    {[
                      q.coverage.usedRaw ? "began after the window's start: its raw equivalent ran instead" : null,
                      q.coverage.partialSinceMs !== null
                        ? `${q.coverage.partialBecause === "data" ? "the raw series begin" : "began"} ${iso(q.coverage.partialSinceMs / 1000)}: the figure covers only since then`
                        : null,
                    ]
                      .filter(Boolean)
                      .join("; ")}
                  </dd>
                </>
              )}
              <dt>Console cache</dt>
              <dd data-testid="inspect-cache">{q.meta?.cache ?? "–"}</dd>
              <dt>Response</dt>
              <dd>{q.meta ? `${(q.meta.bytes / 1024).toFixed(1)} KiB` : "–"}</dd>
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
