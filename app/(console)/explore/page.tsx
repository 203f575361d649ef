import type { Metadata } from "next";
import { Explore } from "@/components/explore/Explore";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Explore" };

export default async function ExplorePage() {
  await pageUserFor("explore");
  return <Explore />;
}
