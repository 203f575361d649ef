/**
 * Secret values out of every message that leaves the console: amtool's verdict on a config
 * compiled with the real secrets, Alertmanager's answer to a reload, the errors kept with
 * a failed version. A value is replaced wherever it appears (as is, JSON- or URL-escaped),
 * and so is any quoted fragment of one (Go's URL parser quotes the bad escape it found).
 */
const MASK = "<secret>";
const MIN_FRAGMENT = 3;

export function redactor(secrets: Iterable<string>): (text: string) => string {
  const values = [...new Set([...secrets].filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  const forms = [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v)]))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const f of forms) out = out.split(f).join(MASK);
    // Quoted fragments: "…" or '…' or `…` whose inside is part of a secret.
    return out.replace(/(["'`])([^"'`\n]{1,2000})\1/g, (whole, q: string, inside: string) =>
      inside.length >= MIN_FRAGMENT && inside !== MASK && values.some((v) => v.includes(inside)) ? `${q}${MASK}${q}` : whole,
    );
  };
}
