"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { formatTime } from "@/lib/dashboards/time-range";
import { labelValues } from "@/lib/prom/client";
import { fetchPrices, priceKeys, putPrices } from "@/lib/prices/client";
import type { GpuPriceRow } from "@/lib/prices/schema";
import { promKeys } from "@/lib/prom/keys";

interface Draft {
  modelName: string;
  price: string;
  /** Seen in the fleet now (from the modelName label). */
  inFleet: boolean;
  saved: GpuPriceRow | null;
}

/** The models the fleet reports and those already priced, one row each; empty price = no price. */
function draftsOf(saved: GpuPriceRow[], fleet: string[]): Draft[] {
  const byModel = new Map(saved.map((p) => [p.modelName, p]));
  const names = [...new Set([...fleet, ...saved.map((p) => p.modelName)])].sort();
  return names.map((modelName) => ({ modelName, price: byModel.has(modelName) ? String(byModel.get(modelName)!.usdPerGpuHour) : "", inFleet: fleet.includes(modelName), saved: byModel.get(modelName) ?? null }));
}

export function PriceEditor() {
  const client = useQueryClient();
  const prices = useQuery({ queryKey: priceKeys.all, queryFn: ({ signal }) => fetchPrices({ signal }) });
  const fleet = useQuery({ queryKey: promKeys.labelValues({ datasource: "default", label: "modelName" }), queryFn: ({ signal }) => labelValues({ datasource: "default", label: "modelName" }, { signal }), retry: false });
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [added, setAdded] = useState("");
  useEffect(() => {
    if (prices.data && (fleet.data || fleet.error)) setDrafts(draftsOf(prices.data, fleet.data ?? []));
  }, [prices.data, fleet.data, fleet.error]);
  const save = useMutation({
    mutationFn: (rows: Draft[]) =>
      putPrices(rows.filter((r) => r.price.trim() !== "").map((r) => ({ modelName: r.modelName, usdPerGpuHour: Number(r.price) }))),
    onSuccess: (saved) => client.setQueryData(priceKeys.all, saved),
  });

  const set = (i: number, price: string) => setDrafts((d) => d && d.map((r, j) => (j === i ? { ...r, price } : r)));
  return (
    <section aria-label="GPU prices" className="settings">
      <h1>GPU prices</h1>
      <p className="muted">
        What one GPU-hour of each model costs, in US dollars. The overview prices idle allocated GPUs with it. A model without a price is named there, not costed at
        zero. Models come from the fleet&apos;s <code>modelName</code> label.
      </p>
      {prices.error && <p className="alert-error">{prices.error.message}</p>}
      {fleet.error && <p className="muted">The fleet&apos;s models could not be read ({fleet.error.message}); the saved prices are shown.</p>}
      {!drafts ? (
        <div className="skeleton" style={{ minHeight: 120 }} aria-busy="true" />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(drafts);
          }}
        >
          <table className="data-table" aria-label="Prices per model">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">$ per GPU-hour</th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((r, i) => (
                <tr key={r.modelName}>
                  <td>
                    {r.modelName} {!r.inFleet && <span className="muted">(not in the fleet now)</span>}
                  </td>
                  <td>
                    <input aria-label={`Price of ${r.modelName}`} inputMode="decimal" value={r.price} onChange={(e) => set(i, e.target.value)} placeholder="no price" size={8} />
                  </td>
                  <td className="muted">{r.saved ? `${formatTime(r.saved.updatedAt, "browser").slice(0, 16)} by ${r.saved.updatedBy}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="settings-actions">
            <input aria-label="Another model" placeholder="Another model (its modelName)" value={added} onChange={(e) => setAdded(e.target.value)} />
            <button
              type="button"
              className="btn"
              disabled={!added.trim() || drafts.some((d) => d.modelName === added.trim())}
              onClick={() => {
                setDrafts([...drafts, { modelName: added.trim(), price: "", inFleet: false, saved: null }]);
                setAdded("");
              }}
            >
              Add model
            </button>
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              Save prices
            </button>
            {save.error && (
              <span role="alert" className="alert-error">
                {save.error.message}
              </span>
            )}
            {save.isSuccess && !save.isPending && <span role="status">Saved.</span>}
          </div>
        </form>
      )}
    </section>
  );
}
