import type { Metadata } from "next";
import { LinkProblem } from "@/components/LinkProblem";

// Shown (as 410 Gone) by proxy.ts in place of a page whose link has expired.
export const metadata: Metadata = { title: "This link has expired", robots: { index: false, follow: false } };

export default function LinkExpired() {
  return <LinkProblem expired />;
}
