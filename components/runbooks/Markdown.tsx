"use client";

import { useState, type ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { explorePath, fillPlaceholders } from "@/lib/runbooks/context";
import type { Labels } from "@/lib/prom/schemas";

/**
 * A runbook's Markdown, rendered to React elements (never to an HTML string): raw HTML
 * in the source shows as text, links and images keep only safe protocols (react-markdown's
 * URL transform drops `javascript:`, `vbscript:`, `data:` …), so nothing in a runbook
 * can run. Fenced code blocks get a copy button; `promql` blocks a "Run in Explore" link.
 * With an alert's labels, `<node>`, `<gpu>`, `<pod>` … in code are filled in.
 */
export function Markdown({ text, labels }: { text: string; labels?: Labels }) {
  const components: Components = {
    // Block code is a <pre><code class="language-x">; inline code stays as it is.
    pre: ({ children }) => <CodeBlock labels={labels}>{children}</CodeBlock>,
    // An image whose URL the transform dropped (javascript:, data: …) is its alt text.
    img: ({ src, alt }) => (typeof src === "string" && src ? <img src={src} alt={alt ?? ""} loading="lazy" referrerPolicy="no-referrer" /> : <span>{alt}</span>),
    a: ({ href, children }) => (
      <a href={href} rel="noopener noreferrer nofollow" target={href?.startsWith("/") || href?.startsWith("#") ? undefined : "_blank"}>
        {children}
      </a>
    ),
  };
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}

function codeOf(children: ReactNode): { code: string; lang: string | null } {
  const child = Array.isArray(children) ? children[0] : children;
  const props = (child as { props?: { className?: string; children?: ReactNode } } | null)?.props;
  const lang = /language-([\w-]+)/.exec(props?.className ?? "")?.[1] ?? null;
  const raw = props?.children;
  const code = (Array.isArray(raw) ? raw.join("") : typeof raw === "string" ? raw : "").replace(/\n$/, "");
  return { code, lang };
}

function CodeBlock({ children, labels }: { children: ReactNode; labels?: Labels }) {
  const [copied, setCopied] = useState(false);
  const source = codeOf(children);
  const { text: code, filled } = labels ? fillPlaceholders(source.code, labels) : { text: source.code, filled: 0 };
  const copy = async () => {
    await navigator.clipboard?.writeText(code).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2_000);
  };
  return (
    <div className="code-block" data-lang={source.lang ?? undefined}>
      <div className="code-actions">
        {source.lang && <span className="muted">{source.lang}</span>}
        {filled > 0 && <span className="muted" title="Placeholders such as <node> are filled from the alert's labels">filled from the alert</span>}
        <button type="button" className="btn btn-small" onClick={copy} aria-label="Copy code">
          {copied ? "Copied" : "Copy"}
        </button>
        {source.lang === "promql" && (
          <a className="btn btn-small" href={explorePath(code)}>
            Run in Explore
          </a>
        )}
      </div>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  );
}
