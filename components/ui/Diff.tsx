/** A unified diff, each line coloured by what it is (from the first hunk: the file header says nothing the page does not). */
export function Diff({ text, label }: { text: string; label: string }) {
  const lines = text.split("\n");
  return (
    <pre className="diff" aria-label={label}>
      {lines.slice(Math.max(0, lines.findIndex((l) => l.startsWith("@@")))).map((line, i) => (
        <span key={i} className={line.startsWith("+") ? "diff-add" : line.startsWith("-") ? "diff-del" : line.startsWith("@@") ? "diff-hunk" : undefined}>
          {line}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}
