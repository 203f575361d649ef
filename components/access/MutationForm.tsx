"use client";

import type { ReactNode } from "react";

/**
 * A form that runs one mutation: its fields, a submit button disabled while it runs, and
 * the server's "field: message" under it when it fails.
 */
export function MutationForm({ label, submit, mutation, children }: { label: string; submit: string; mutation: { mutate: () => void; isPending: boolean; error: Error | null }; children: ReactNode }) {
  return (
    <form
      aria-label={label}
      className="silence-form"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate();
      }}
    >
      {children}
      <button className="btn btn-primary" type="submit" disabled={mutation.isPending}>
        {submit}
      </button>
      {mutation.error && (
        <p role="alert" className="alert-error">
          {mutation.error.message}
        </p>
      )}
    </form>
  );
}
