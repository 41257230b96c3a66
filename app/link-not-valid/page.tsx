import type { Metadata } from "next";
import { LinkProblem } from "@/components/LinkProblem";

// Shown (as 404 Not Found) by proxy.ts in place of a page whose link is forged or mistyped.
export const metadata: Metadata = { title: "This link is not valid", robots: { index: false, follow: false } };

export default function LinkNotValid() {
  return <LinkProblem expired={false} />;
}
