"use client";

/** A form's submit (disabled while saving) and Cancel buttons. */
export function FormButtons({ submit, pending, onCancel }: { submit: string; pending: boolean; onCancel: () => void }) {
  return (
    <div className="form-row">
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {submit}
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
