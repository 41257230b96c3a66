// A day's free times as radio buttons named "time", grouped by part of the day and labelled as patrons read them in
// the page's language ("11:20 AM"): the booking form's and the patron's "Choose another time".
import { partOfDay } from "@/lib/diary";
import { formatClockTime } from "@/lib/india-time";

const PARTS_OF_DAY = ["morning", "afternoon", "evening"] as const;

const ENGLISH_PARTS = { morning: "Morning", afternoon: "Afternoon", evening: "Evening" };

export function FreeTimeGroups({
  times,
  value,
  labels,
  parts = ENGLISH_PARTS,
}: {
  times: string[];
  value?: string;
  /** Each time as the page's language writes it; English's by default. */
  labels?: Record<string, string>;
  parts?: Record<(typeof PARTS_OF_DAY)[number], string>;
}) {
  return PARTS_OF_DAY.map((part) => {
    const inPart = times.filter((time) => partOfDay(time) === part);
    if (inPart.length === 0) return null;
    return (
      <div key={part} role="group" aria-labelledby={`time-${part}`} className="choices__group">
        <p id={`time-${part}`} className="choices__heading">
          {parts[part]}
        </p>
        {inPart.map((time) => (
          <label key={time} className="choice choice--time">
            <input type="radio" name="time" value={time} required defaultChecked={value === time} />
            {labels?.[time] ?? formatClockTime(time)}
          </label>
        ))}
      </div>
    );
  });
}
