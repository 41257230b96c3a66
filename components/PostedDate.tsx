import { formatPostedDate } from "@/lib/india-time";

export function PostedDate({ date, updated }: { date: string; updated?: string }) {
  return (
    <p className="posted">
      Posted date on <time dateTime={date}>{formatPostedDate(date)}</time>
      {updated ? (
        <>
          {" · "}Updated on <time dateTime={updated}>{formatPostedDate(updated)}</time>
        </>
      ) : null}
    </p>
  );
}
