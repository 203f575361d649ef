import Link from "next/link";
import { formatValue, type Unit } from "@/lib/charts/units";

/** One number, large, in its threshold's colour, with a sparkline beneath; a link to the page that explains it when there is one. */
export function StatValue({ value, unit, color, line, link }: { value: number | null; unit: Unit; color: string; line: string; link?: { href: string; title: string } }) {
  return (
    <div className="stat" data-testid="stat-value" data-value={value}>
      {link ? (
        <Link className="value" style={{ color }} href={link.href} title={link.title} suppressHydrationWarning>
          {formatValue(value, unit)}
        </Link>
      ) : (
        <span className="value" style={{ color }}>
          {formatValue(value, unit)}
        </span>
      )}
      {line && (
        <svg viewBox="0 0 300 60" preserveAspectRatio="none" aria-hidden="true">
          <path d={line} fill="none" stroke={color} strokeOpacity={0.6} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        </svg>
      )}
    </div>
  );
}
