"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveRunbook } from "@/lib/runbooks/client";
import { draftOf, slugify, type RunbookForm } from "@/lib/runbooks/form";
import { SEVERITIES, type RunbookInput } from "@/lib/runbooks/model";
import { Markdown } from "./Markdown";

export interface RunbookEditorProps {
  initial: RunbookForm;
  /** The revision being edited; absent for a new runbook. */
  revision?: number;
  /** The teams this user may give the runbook (null in the list: no team, SREs and admins only). */
  teams: (string | null)[];
}

/** Edit a runbook with a live preview of its body; a save is a revision with a message. */
export function RunbookEditor({ initial, revision, teams }: RunbookEditorProps) {
  const router = useRouter();
  const [form, setForm] = useState(initial);
  const [message, setMessage] = useState("");
  const [slugTouched, setSlugTouched] = useState(revision !== undefined || initial.slug !== "");
  const creating = revision === undefined;
  const save = useMutation({
    mutationFn: () => saveRunbook(draftOf(form) as RunbookInput, { revision, message }),
    onSuccess: (answer) => {
      router.push(`/runbooks/${answer.runbook.slug}`);
      router.refresh();
    },
  });
  const set = <K extends keyof RunbookForm>(key: K, value: RunbookForm[K]) =>
    setForm((f) => ({ ...f, [key]: value, ...(key === "title" && creating && !slugTouched ? { slug: slugify(String(value)) } : {}) }));

  return (
    <form
      className="runbook-editor"
      aria-label="Edit runbook"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="dashboard-header">
        <h1>{creating ? "New runbook" : `Edit ${initial.title}`}</h1>
        <div className="form-row">
          <Link className="btn" href={creating ? "/runbooks" : `/runbooks/${initial.slug}`}>
            Cancel
          </Link>
        </div>
      </div>
      <div className="runbook-form-grid">
        <label>
          Title
          <input className="input" value={form.title} onChange={(e) => set("title", e.target.value)} required />
        </label>
        <label>
          Slug (the URL; fixed once created)
          <input
            className="input"
            value={form.slug}
            readOnly={!creating}
            onChange={(e) => {
              setSlugTouched(true);
              set("slug", e.target.value);
            }}
            required
          />
        </label>
        <label>
          Severity
          <select className="btn" value={form.severity} onChange={(e) => set("severity", e.target.value as RunbookForm["severity"])}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Team
          <select className="btn" value={form.team} onChange={(e) => set("team", e.target.value)}>
            {teams.map((t) => (
              <option key={t ?? ""} value={t ?? ""}>
                {t ?? "(no team)"}
              </option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <input className="input" value={form.owner} onChange={(e) => set("owner", e.target.value)} />
        </label>
        <label>
          Tags (comma-separated)
          <input className="input" value={form.tags} onChange={(e) => set("tags", e.target.value)} />
        </label>
        <label className="span-2">
          Summary
          <input className="input" value={form.summary} onChange={(e) => set("summary", e.target.value)} />
        </label>
        <label>
          Alerts (one per line: <code>Name</code> or <code>Name{"{"}label=&quot;value&quot;{"}"}</code>)
          <textarea className="input" rows={3} value={form.alerts} onChange={(e) => set("alerts", e.target.value)} />
        </label>
        <label>
          Who to call (one per line: <code>who | how</code>)
          <textarea className="input" rows={3} value={form.contacts} onChange={(e) => set("contacts", e.target.value)} />
        </label>
        <label className="span-2">
          Escalation (one step per line, in order)
          <textarea className="input" rows={3} value={form.escalation} onChange={(e) => set("escalation", e.target.value)} />
        </label>
      </div>
      <div className="runbook-edit-body">
        <label>
          Body (Markdown)
          <textarea className="input code-input" aria-label="Body" rows={28} value={form.body} onChange={(e) => set("body", e.target.value)} />
        </label>
        <div>
          <div className="muted">Preview</div>
          <div className="card runbook-preview" data-testid="preview">
            <Markdown text={form.body} />
          </div>
        </div>
      </div>
      <div className="form-row">
        <input className="input grow" aria-label="Revision message" placeholder="What changed, and why (kept in the history)" value={message} onChange={(e) => setMessage(e.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {creating ? "Create runbook" : "Save revision"}
        </button>
      </div>
      {save.error && (
        <p role="alert" className="alert-error">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
