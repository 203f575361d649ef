import type { Metadata } from "next";
import { PriceEditor } from "@/components/settings/PriceEditor";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "GPU prices" };

/** Admins set what a GPU-hour of each model costs; the overview prices idle allocated GPUs with it. */
export default async function PricesPage() {
  await pageUserFor("prices");
  return <PriceEditor />;
}
