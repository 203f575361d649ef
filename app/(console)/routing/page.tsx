import type { Metadata } from "next";
import { RoutingEditor } from "@/components/routing/RoutingEditor";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Routing" };

export default async function Page() {
  await pageUserFor("routing");
  return <RoutingEditor />;
}
