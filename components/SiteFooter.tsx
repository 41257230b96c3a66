import Link from "next/link";
import type { ClinicSettings } from "@/lib/clinic";
import type { HoursLine } from "@/lib/diary/hours";

export interface FooterWords {
  contact: string;
  phone: string;
  email: string;
  hours: string;
  closed: string;
  privacy: string;
}

export function SiteFooter({
  clinic,
  hours,
  privacyHref,
  words,
}: {
  clinic: ClinicSettings;
  hours: HoursLine[];
  privacyHref: string;
  words: FooterWords;
}) {
  return (
    <footer className="site-footer">
      <div className="wrap site-footer__grid">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact">{words.contact}</h2>
          <p>
            {words.phone} <a href={`tel:${clinic.phone}`} className="phone">{clinic.phoneDisplay}</a>
          </p>
          <p>
            {words.email} <a href={`mailto:${clinic.email}`}>{clinic.email}</a>
          </p>
          <p>{clinic.streetAddress ?? clinic.locality}</p>
        </section>
        <section aria-labelledby="footer-hours">
          <h2 id="footer-hours">{words.hours}</h2>
          {hours.map((line) => (
            <p key={line.days}>
              {line.days}: {line.times ?? words.closed}
            </p>
          ))}
          <p>{clinic.visits}</p>
        </section>
        <p className="site-footer__closing">{clinic.closingLine}</p>
        <p className="site-footer__links">
          <Link href={privacyHref}>{words.privacy}</Link>
        </p>
      </div>
    </footer>
  );
}
