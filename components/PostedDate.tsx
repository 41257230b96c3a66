import { postedDateIn } from "@/lib/i18n/dates";
import { DEFAULT_LANGUAGE, type Language } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";

export function PostedDate({ date, updated, language = DEFAULT_LANGUAGE }: { date: string; updated?: string; language?: Language }) {
  const t = translator(language);
  const time = (iso: string) => ({
    date: postedDateIn(language, iso),
    time: (chunks: React.ReactNode) => <time dateTime={iso}>{chunks}</time>,
  });
  return (
    <p className="posted">
      {t.rich("articles.posted", time(date))}
      {updated ? (
        <>
          {" · "}
          {t.rich("articles.updated", time(updated))}
        </>
      ) : null}
    </p>
  );
}
