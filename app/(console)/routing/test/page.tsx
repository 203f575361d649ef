import type { Metadata } from "next";
import { RouteTester } from "@/components/routing/RouteTester";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Route tester" };

export default async function Page() {
  await pageUserFor("routingTest");
  return <RouteTester />;
}
