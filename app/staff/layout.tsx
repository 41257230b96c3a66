import type { Metadata, Viewport } from "next";
import { getClinic } from "@/lib/clinic";
import { getConfig } from "@/lib/config";
import "../globals.css";

// The staff area's own root layout: it stays in English, at the same addresses, outside the patrons' languages.
export const metadata: Metadata = {
  metadataBase: new URL(getConfig().siteUrl),
  title: { default: getClinic().name, template: `%s · ${getClinic().name}` },
};

export const viewport: Viewport = { themeColor: "#0b5d57" };

export default function StaffLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-IN">
      <body>
        <main id="main" className="wrap">
          {children}
        </main>
      </body>
    </html>
  );
}
