import { listArticles } from "@/lib/articles";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { articlesFeed } from "@/lib/feed";

// Articles change only with a build, so the feed is written once at build time.
export const dynamic = "force-static";

export function GET() {
  const clinic = getClinic();
  const xml = articlesFeed(
    {
      title: `${clinic.name}: articles`,
      description: `Articles on skin care and dermatology procedures from ${clinic.name}'s clinic.`,
      siteUrl: getConfig().siteUrl,
    },
    listArticles(),
  );
  return new Response(xml, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}
