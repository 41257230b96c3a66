// The site's one origin, from SITE_URL as the server read it at start: the only origin passkeys are accepted for and
// staff actions are taken from. Never from the request's headers, which a proxy rewrites and a client can forge.
import { getConfig } from "../config";

export function siteOrigin(siteUrl = getConfig().siteUrl): string {
  return new URL(siteUrl).origin;
}
