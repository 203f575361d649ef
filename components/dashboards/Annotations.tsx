"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTimeZone } from "@/components/charts/time-zone";
import { annotationKeys, postAnnotation, removeAnnotation } from "@/lib/annotations/client";
import type { Annotation } from "@/lib/annotations/schema";
import { formatTime } from "@/lib/dashboards/time-range";

export interface AnnotationDraft {
  startsAt: number;
  endsAt: number | null;
}

/** Write an annotation for a point or a range (from a shift-drag or the header button). */
export function AnnotationForm({ draft, dashboardId, onClose }: { draft: AnnotationDraft; dashboardId: string; onClose: () => void }) {
  const zone = useTimeZone();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [tags, setTags] = useState("");
  const [onlyHere, setOnlyHere] = useState(true);
  const save = useMutation({
    mutationFn: () =>
      postAnnotation({
        startsAt: Math.round(draft.startsAt),
        endsAt: draft.endsAt === null ? null : Math.round(draft.endsAt),
        text,
        tags: tags.split(",").map((t) => t.trim()).filter(Boolean),
        dashboardId: onlyHere ? dashboardId : null,
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: annotationKeys.all });
      onClose();
    },
  });
  const when = `${formatTime(draft.startsAt, zone)}${draft.endsAt !== null ? ` → ${formatTime(draft.endsAt, zone)}` : ""}${zone === "utc" ? " UTC" : ""}`;
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form
        className="dialog annotation-form"
        aria-label="New annotation"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <h2>New annotation</h2>
        <p className="muted" data-testid="annotation-when">
          {when}
        </p>
        <label>
          What happened
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} autoFocus placeholder="Deployed driver 550.54.15 to us-east" />
        </label>
        <label>
          Tags (comma-separated)
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="deploy, us-east" />
        </label>
        <label className="inline">
          <input type="checkbox" checked={onlyHere} onChange={(e) => setOnlyHere(e.target.checked)} /> Only on this dashboard
        </label>
        {save.error && (
          <p role="alert" className="variable-error">
            {save.error.message}
          </p>
        )}
        <div style={{ display: "flex", gap: 8 }}>
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            Save
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** The annotations of the window, in words (what the dashed lines and bands on the charts are). */
export function AnnotationList({ annotations, canEdit }: { annotations: Annotation[]; canEdit: boolean }) {
  const zone = useTimeZone();
  const client = useQueryClient();
  const remove = useMutation({ mutationFn: removeAnnotation, onSuccess: () => client.invalidateQueries({ queryKey: annotationKeys.all }) });
  if (annotations.length === 0) return null;
  return (
    <ul className="annotation-list" aria-label="Annotations in this range">
      {annotations.map((a) => (
        <li key={a.id} data-annotation-id={a.id}>
          <span className="swatch" aria-hidden="true" />
          <span className="muted">
            {formatTime(a.startsAt, zone)}
            {a.endsAt !== null ? ` → ${formatTime(a.endsAt, zone)}` : ""}
          </span>{" "}
          <strong>{a.text}</strong> {a.tags.map((t) => <span key={t} className="tag">{t}</span>)} <span className="muted">— {a.authorName}</span>
          {canEdit && a.kind !== "maintenance" && (
            <button type="button" className="btn btn-small" aria-label={`Delete annotation ${a.text}`} onClick={() => remove.mutate(a.id)}>
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
