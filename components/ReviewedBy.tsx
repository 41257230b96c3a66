import type { ArticleReview } from "@/lib/articles";
import { postedDateIn } from "@/lib/i18n/dates";
import { DEFAULT_LANGUAGE, type Language } from "@/lib/i18n/languages";
import { translator } from "@/lib/i18n/messages";

export function ReviewedBy({ review, language = DEFAULT_LANGUAGE }: { review: ArticleReview; language?: Language }) {
  return (
    <p className="posted">
      {translator(language).rich("articles.reviewed", {
        name: review.by,
        date: postedDateIn(language, review.date),
        time: (chunks) => <time dateTime={review.date}>{chunks}</time>,
      })}
    </p>
  );
}
