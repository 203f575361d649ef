"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { ThemeToggle } from "./theme";

export interface TopBarProps {
  user: { name: string; email: string; role: string };
  links: { href: string; label: string }[];
}

export function TopBar({ user, links }: TopBarProps) {
  const pathname = usePathname();
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        GPU Fleet Console
      </Link>
      <nav aria-label="Main">
        {links.map((l) => (
          <Link key={l.href} href={l.href} aria-current={pathname.startsWith(l.href) ? "page" : undefined}>
            {l.label}
          </Link>
        ))}
      </nav>
      <div className="who">
        <span title={user.email}>
          {user.name} · {user.role}
        </span>
        <Link href="/settings/tokens">API tokens</Link>
        <ThemeToggle />
        <button type="button" className="btn" onClick={() => void signOut({ callbackUrl: "/login" })}>
          Sign out
        </button>
      </div>
    </header>
  );
}
