// One day of the staff area's diary: its blocks (each with "Unblock", a form that POSTs) and its times, each free,
// held for a patron to confirm, proposed, confirmed, blocked or past; an appointment shows its patron, mode, a
// tap-to-call number and the meeting link, and opens its page with the same actions as the email's.
import Link from "next/link";
import type { StaffDay, StaffSlot } from "@/lib/staff/diary-week";

const STATUS_WORDS: Record<StaffSlot["status"], string> = {
  free: "Free",
  past: "Past",
  blocked: "Blocked",
  held: "Held, to confirm",
  proposed: "Proposed, waiting for the patron",
  confirmed: "Confirmed",
};

export function StaffDiaryDay({ day, week, unblock }: { day: StaffDay; week: string; unblock: (formData: FormData) => Promise<void> }) {
  const headingId = `day-${day.date}`;
  return (
    <section className="diary-day" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {day.label}
        {day.isToday ? " (today)" : ""}
      </h3>
      {day.blocks.map((block) => (
        <form key={block.id} action={unblock} className="diary-block">
          <p>
            Blocked {block.from === "00:00" && block.to === "24:00" ? "all day" : `${block.from} to ${block.to}`}: {block.reason}
            {block.blockedBy ? ` (blocked by ${block.blockedBy})` : null}
          </p>
          <input type="hidden" name="block" value={block.id} />
          <input type="hidden" name="week" value={week} />
          <button type="submit" className="button button--quiet">
            Unblock {block.id}
          </button>
        </form>
      ))}
      {day.slots.length === 0 ? (
        <p>Closed.</p>
      ) : (
        <ul className="diary-slots">
          {day.slots.map((slot) => (
            <li key={slot.time} className={`diary-slot diary-slot--${slot.status}`}>
              <span className="diary-slot__time">{slot.label}</span> <span className="diary-slot__status">{STATUS_WORDS[slot.status]}</span>
              {slot.reference && (
                <>
                  {" · "}
                  <Link href={`/staff/appointments/${slot.reference}`}>
                    {slot.patron ? slot.patron.name : slot.reference}
                  </Link>
                  {slot.patron && (
                    <>
                      {" · "}
                      {slot.patron.mode === "video" ? "video" : "phone"} · <a href={`tel:${slot.patron.mobile}`}>{slot.patron.mobile}</a>
                      {slot.patron.meetingLink && (
                        <>
                          {" · "}
                          <a href={slot.patron.meetingLink}>meeting link</a>
                        </>
                      )}
                    </>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
