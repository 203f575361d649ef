import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "GPU Fleet Console", template: "%s · GPU Fleet Console" },
  description: "Dashboards, alerts, silences and runbooks for GPU and AI infrastructure.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
