"use client";

import type { RoutingState } from "@/lib/routing/client";
import { joinList, splitList } from "@/lib/routing/text";
import { addChildAt, moveAt, removeAt, updateAt } from "@/lib/routing/tree-edit";

export type RouteDraft = RoutingState["routing"]["route"];
type Node = Omit<RouteDraft, "receiver"> & { receiver?: string };

interface Props {
  route: RouteDraft;
  onChange: (route: RouteDraft) => void;
  receivers: string[];
  intervals: string[];
  readOnly: boolean;
}

/** The ordered route tree: each route's matchers, receiver, grouping and timings, moved up and down among its siblings. */
export function RouteTreeEditor({ route, onChange, receivers, intervals, readOnly }: Props) {
  return (
    <fieldset disabled={readOnly} className="route-tree">
      <legend className="muted">
        Alerts enter at the root and go to the first child route that matches (and on, when a route continues); a route inherits what it leaves empty. Time intervals:{" "}
        {intervals.join(", ") || "none"}.
      </legend>
      <RouteCard node={route} path={[]} root={route} onChange={onChange} receivers={receivers} siblings={1} />
    </fieldset>
  );
}

function describe(path: number[]): string {
  return path.length === 0 ? "root route" : `route ${path.map((i) => i + 1).join(".")}`;
}

function RouteCard({ node, path, root, onChange, receivers, siblings }: { node: Node; path: number[]; root: RouteDraft; onChange: (r: RouteDraft) => void; receivers: string[]; siblings: number }) {
  const name = describe(path);
  const set = (change: Partial<Node>) => onChange(updateAt(root, path, (n) => ({ ...n, ...change })));
  const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
  const list = (value: string) => {
    const items = splitList(value);
    return items.length ? items : undefined;
  };
  const index = path[path.length - 1] ?? 0;
  return (
    <div className="route-card" role="group" aria-label={name} data-path={path.join(".")}>
      <div className="route-card-head">
        <strong>{name}</strong>
        {path.length > 0 && (
          <span className="route-card-actions">
            <button type="button" className="btn btn-small" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onChange(moveAt(root, path, -1))}>
              ↑
            </button>
            <button type="button" className="btn btn-small" aria-label={`Move ${name} down`} disabled={index === siblings - 1} onClick={() => onChange(moveAt(root, path, 1))}>
              ↓
            </button>
            <button type="button" className="btn btn-small" aria-label={`Delete ${name}`} onClick={() => onChange(removeAt(root, path))}>
              Delete
            </button>
          </span>
        )}
      </div>
      <div className="route-fields">
        {path.length > 0 && (
          <label>
            Matchers
            <input aria-label={`Matchers of ${name}`} defaultValue={joinList(node.matchers)} onBlur={(e) => set({ matchers: splitList(e.target.value) })} placeholder='team="inference", severity="critical"' size={40} />
          </label>
        )}
        <label>
          Receiver
          <select aria-label={`Receiver of ${name}`} value={node.receiver ?? ""} onChange={(e) => set({ receiver: e.target.value || undefined })}>
            {path.length > 0 && <option value="">(inherit)</option>}
            {receivers.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Group by
          <input aria-label={`Group by of ${name}`} defaultValue={joinList(node.groupBy)} onBlur={(e) => set({ groupBy: list(e.target.value) })} placeholder="(inherit)" size={24} />
        </label>
        <label>
          Wait
          <input aria-label={`Group wait of ${name}`} defaultValue={node.groupWait ?? ""} onBlur={(e) => set({ groupWait: text(e.target.value) })} placeholder="inherit" size={5} />
        </label>
        <label>
          Interval
          <input aria-label={`Group interval of ${name}`} defaultValue={node.groupInterval ?? ""} onBlur={(e) => set({ groupInterval: text(e.target.value) })} placeholder="inherit" size={5} />
        </label>
        <label>
          Repeat
          <input aria-label={`Repeat interval of ${name}`} defaultValue={node.repeatInterval ?? ""} onBlur={(e) => set({ repeatInterval: text(e.target.value) })} placeholder="inherit" size={5} />
        </label>
        {path.length > 0 && (
          <>
            <label>
              <input type="checkbox" aria-label={`Continue after ${name}`} checked={node.continue ?? false} onChange={(e) => set({ continue: e.target.checked || undefined })} /> continue
            </label>
            <label>
              Active in
              <input aria-label={`Active time intervals of ${name}`} defaultValue={joinList(node.activeTimeIntervals)} onBlur={(e) => set({ activeTimeIntervals: list(e.target.value) })} size={14} />
            </label>
            <label>
              Muted in
              <input aria-label={`Mute time intervals of ${name}`} defaultValue={joinList(node.muteTimeIntervals)} onBlur={(e) => set({ muteTimeIntervals: list(e.target.value) })} size={14} />
            </label>
          </>
        )}
      </div>
      {(node.routes ?? []).length > 0 && (
        <ol className="route-children">
          {(node.routes ?? []).map((child, i) => (
            // Keyed by content: after a move, inputs (uncontrolled until blur) show the moved route's values.
            <li key={`${i}:${JSON.stringify(child)}`}>
              <RouteCard node={child} path={[...path, i]} root={root} onChange={onChange} receivers={receivers} siblings={node.routes!.length} />
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="btn btn-small" aria-label={`Add a child route to ${name}`} onClick={() => onChange(addChildAt(root, path, { matchers: [] } as Node as RouteDraft))}>
        + child route
      </button>
    </div>
  );
}
