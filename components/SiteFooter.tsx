import Link from "next/link";
import type { ClinicSettings } from "@/lib/clinic";
import { hoursLines } from "@/lib/diary";

export function SiteFooter({ clinic }: { clinic: ClinicSettings }) {
  return (
    <footer className="site-footer">
      <div className="wrap site-footer__grid">
        <section aria-labelledby="footer-contact">
          <h2 id="footer-contact">Contact</h2>
          <p>
            Phone: <a href={`tel:${clinic.phone}`}>{clinic.phoneDisplay}</a>
          </p>
          <p>
            Email: <a href={`mailto:${clinic.email}`}>{clinic.email}</a>
          </p>
          <p>{clinic.streetAddress ?? clinic.locality}</p>
        </section>
        <section aria-labelledby="footer-hours">
          <h2 id="footer-hours">Consultation hours</h2>
          {hoursLines(clinic.hours).map((line) => (
            <p key={line.days}>
              {line.days}: {line.times ?? "closed"}
            </p>
          ))}
          <p>{clinic.visits}</p>
        </section>
        <p className="site-footer__closing">{clinic.closingLine}</p>
        <p className="site-footer__links">
          <Link href="/privacy">Privacy notice</Link>
        </p>
      </div>
    </footer>
  );
}
