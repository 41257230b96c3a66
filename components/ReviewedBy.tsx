import type { ArticleReview } from "@/lib/articles";
import { formatPostedDate } from "@/lib/india-time";

export function ReviewedBy({ review }: { review: ArticleReview }) {
  return (
    <p className="posted">
      Medically reviewed by {review.by} on <time dateTime={review.date}>{formatPostedDate(review.date)}</time>
    </p>
  );
}
