import type { MetadataRoute } from "next";
import { getClinic } from "@/lib/clinic";
import { siteTitle } from "@/lib/page-metadata";

export default function manifest(): MetadataRoute.Manifest {
  return {
    name: siteTitle(),
    short_name: getClinic().name,
    start_url: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#0b5d57",
    icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml" }],
  };
}
