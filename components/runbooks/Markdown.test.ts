import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./Markdown";

/**
 * The runbook renderer against XSS payloads: each renders inert — no element that runs
 * script, no event-handler attribute, no link or image with a script or data protocol.
 * (e2e/runbooks.spec.ts puts the same kind of payloads through the API and a real browser.)
 */
const PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)></svg>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](  javascript:alert(1))",
  "[click](java\tscript:alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[click](&#x6A;avascript&colon;alert(1))",
  "[click](vbscript:msgbox(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![img](javascript:alert(1))",
  '![img](x" onerror="alert(1))',
  "<javascript:alert(1)>",
  "[ref][r]\n\n[r]: javascript:alert(1)",
  "```html\n<script>alert(1)</script>\n```",
  "<details open ontoggle=alert(1)>",
  "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
  '<form action="javascript:alert(1)"><button>go</button></form>',
  "<style>body{display:none}</style>",
  "<object data=\"javascript:alert(1)\"></object>",
];

function render(text: string): string {
  return renderToStaticMarkup(createElement(Markdown, { text }));
}

/** Every attribute value that names a URL, decoded the way a browser would. */
function urls(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|action|data|xlink:href|formaction)="([^"]*)"/gi)].map((m) =>
    m[1]!.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, "&").replace(/[\s\p{Cc}]/gu, ""),
  );
}

describe("runbook Markdown is sanitized", () => {
  it.each(PAYLOADS)("renders %j inert", (payload) => {
    const html = render(`Before\n\n${payload}\n\nAfter`);
    // Raw HTML is shown as text, never parsed into elements.
    expect(html).not.toMatch(/<(script|img|svg|iframe|object|embed|form|style|details|math|div style)\b/i);
    // Escaped text may say "onerror="; no real tag carries an event handler.
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/\son[a-z]+=/i);
    for (const url of urls(html)) expect(url).not.toMatch(/^(javascript|vbscript|data):/i);
    expect(html).toContain("After");
  });

  it("keeps what a runbook needs: headings, tables, code with copy and Explore links, safe links", () => {
    const html = render(["## First checks", "", "| XID | Action |", "| --- | --- |", "| 79 | drain |", "", "```promql", 'DCGM_FI_DEV_GPU_TEMP{Hostname="<node>"}', "```", "", "[docs](https://docs.nvidia.com/deploy/xid-errors/) and [alerts](/alerts)"].join("\n"));
    expect(html).toContain("<h2>First checks</h2>");
    expect(html).toMatch(/<table>.*<td>79<\/td>/s);
    expect(html).toContain('aria-label="Copy code"');
    expect(html).toContain(`href="/explore?from=now-1h&amp;to=now&amp;var-datasource=default&amp;var-expr=DCGM_FI_DEV_GPU_TEMP%7BHostname%3D%22%3Cnode%3E%22%7D"`);
    expect(html).toContain('href="https://docs.nvidia.com/deploy/xid-errors/"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('href="/alerts"');
  });

  it("fills <node>, <gpu> … in code from the alert's labels on a lookup page", () => {
    const html = renderToStaticMarkup(createElement(Markdown, { text: "```bash\nnvidia-smi -q -d TEMPERATURE,PERFORMANCE -i <gpu>  # on <node>, <unknown>\n```", labels: { Hostname: "us-east-gpu-002", gpu: "3" } }));
    expect(html).toContain("nvidia-smi -q -d TEMPERATURE,PERFORMANCE -i 3  # on us-east-gpu-002, &lt;unknown&gt;");
    expect(html).toContain("filled from the alert");
  });
});
