import type { Metadata, Viewport } from "next";
import { SiteFrame } from "@/components/SiteFrame";
import { clinicIn } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { languageParams, pageLanguage } from "@/lib/i18n/page-language";
import { siteTitle } from "@/lib/page-metadata";
import "../globals.css";

type Props = { children: React.ReactNode; params: Promise<{ locale: string }> };

// Each language's pages are built once; the page itself says whether it is static.
export const generateStaticParams = languageParams;

export async function generateMetadata({ params }: Omit<Props, "children">): Promise<Metadata> {
  const language = await pageLanguage(params);
  return {
    metadataBase: new URL(getConfig().siteUrl),
    title: { default: siteTitle(language), template: `%s · ${clinicIn(language).name}` },
  };
}

export const viewport: Viewport = { themeColor: "#0b5d57" };

export default async function LanguageLayout({ children, params }: Props) {
  return <SiteFrame language={await pageLanguage(params)}>{children}</SiteFrame>;
}
