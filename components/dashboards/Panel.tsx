import type { ReactNode } from "react";

export interface PanelProps {
  id: string;
  title: string;
  description?: string;
  children: ReactNode;
}

/** The frame every panel shares: title, description tooltip, body. */
export function Panel({ id, title, description, children }: PanelProps) {
  return (
    <article className="panel" aria-labelledby={`panel-${id}-title`} data-panel-id={id}>
      <header className="panel-header">
        <h2 id={`panel-${id}-title`}>{title}</h2>
        {description && (
          <span className="info" title={description} aria-label={description}>
            i
          </span>
        )}
      </header>
      <div className="panel-body">{children}</div>
    </article>
  );
}

export function PanelError({ datasource, message, errorType }: { datasource: string; message: string; errorType: string }) {
  return (
    <div className="panel-state panel-error" role="alert" data-state="error">
      <div>
        Query failed on datasource <strong>{datasource}</strong> ({errorType})<code>{message}</code>
      </div>
    </div>
  );
}
