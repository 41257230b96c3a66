import type { Metadata, Viewport } from "next";
import { ClinicNotice } from "@/components/ClinicNotice";
import { SiteFooter } from "@/components/SiteFooter";
import { SiteHeader } from "@/components/SiteHeader";
import { getClinic, noticeParagraphs } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import { siteTitle } from "@/lib/page-metadata";
import "./globals.css";

const clinic = getClinic();

export const metadata: Metadata = {
  metadataBase: new URL(getConfig().siteUrl),
  title: { default: siteTitle(), template: `%s · ${clinic.name}` },
};

export const viewport: Viewport = { themeColor: "#0b5d57" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-IN">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader name={clinic.name} specialty={clinic.specialty} locality={clinic.locality} />
        {clinic.notice.show ? (
          <ClinicNotice heading={clinic.notice.heading} paragraphs={noticeParagraphs(clinic.notice)} />
        ) : null}
        <main id="main" className="wrap">
          {children}
        </main>
        <SiteFooter clinic={clinic} />
      </body>
    </html>
  );
}
