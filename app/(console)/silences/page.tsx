import type { Metadata } from "next";
import { SilencesPage } from "@/components/silences/SilencesPage";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Silences" };

export default async function Page() {
  await pageUserFor("silences");
  return <SilencesPage />;
}
