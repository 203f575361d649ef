import Link from "next/link";

const TABS = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/teams", label: "Teams" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

export function AdminTabs({ current }: { current: (typeof TABS)[number]["href"] }) {
  return (
    <nav aria-label="Admin" className="routing-tabs">
      {TABS.map((t) => (
        <Link key={t.href} href={t.href} className={t.href === current ? "tab-active" : undefined} aria-current={t.href === current ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
