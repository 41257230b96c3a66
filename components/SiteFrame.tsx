import { ClinicNotice } from "@/components/ClinicNotice";
import { SiteFooter } from "@/components/SiteFooter";
import { SiteHeader } from "@/components/SiteHeader";
import { clinicIn, noticeParagraphs } from "@/lib/clinic";
import { hoursLinesIn } from "@/lib/i18n/dates";
import { LANGUAGE_TAGS, pathIn, type Language } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";

/** The whole document around a patron's page in `language`: <html lang>, header, the clinic's notice, footer. */
export function SiteFrame({ language, children }: { language: Language; children: React.ReactNode }) {
  const clinic = clinicIn(language);
  const t = translator(language);
  const link = (path: string) => pathIn(language, path);
  return (
    <html lang={LANGUAGE_TAGS[language]}>
      <body>
        <a className="skip-link" href="#main">
          {t("layout.skipLink")}
        </a>
        <SiteHeader
          name={clinic.name}
          tagline={t("header.tagline", { specialty: clinic.specialty, locality: clinic.locality.split(",")[0] })}
          navigationLabel={t("header.navigation")}
          links={[
            { href: link("/"), label: t("header.home") },
            { href: link("/articles"), label: t("header.articles") },
            { href: link("/book"), label: t("header.book"), callToAction: true },
          ]}
        />
        {clinic.notice.show ? (
          <ClinicNotice
            heading={clinic.notice.heading}
            paragraphs={noticeParagraphs(clinic.notice)}
            book={{ href: link("/book"), label: t("notice.bookOnline") }}
          />
        ) : null}
        <main id="main" className="wrap">
          {children}
        </main>
        <SiteFooter
          clinic={clinic}
          hours={hoursLinesIn(language, t, clinic.hours)}
          privacyHref={link("/privacy")}
          words={{
            contact: t("footer.contact"),
            phone: t("footer.phone"),
            email: t("footer.email"),
            hours: t("footer.hours"),
            closed: t("footer.closed"),
            privacy: t("footer.privacy"),
          }}
        />
      </body>
    </html>
  );
}
