// What a link's page shows when the request behind it can no longer be acted on; the words are messages' "linkProblem".
import { clinicIn } from "@/lib/clinic";
import { DEFAULT_LANGUAGE, type Language } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";
import type { LinkProblem as Problem } from "@/lib/link-problem";

export function LinkProblem({ problem, language = DEFAULT_LANGUAGE }: { problem: Problem; language?: Language }) {
  const clinic = clinicIn(language);
  const t = translator(language);
  return (
    <>
      <h1>{t(`linkProblem.${problem}.heading`)}</h1>
      <p>
        {t(`linkProblem.${problem}.why`)} {t("linkProblem.nothingChanged")}
      </p>
      <p>
        {t.rich("linkProblem.contact", {
          phone: clinic.phoneDisplay,
          email: clinic.email,
          call: (chunks) => (
            <a href={`tel:${clinic.phone}`} className="phone">
              {chunks}
            </a>
          ),
          mail: (chunks) => <a href={`mailto:${clinic.email}`}>{chunks}</a>,
        })}
      </p>
    </>
  );
}
