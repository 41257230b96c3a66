// A day's free times as radio buttons named "time", grouped Morning / Afternoon / Evening and labelled as patrons read
// them ("11:20 AM"): the booking form's and the patron's "Choose another time".
import { partOfDay } from "@/lib/diary";
import { formatClockTime } from "@/lib/india-time";

const PARTS_OF_DAY = [
  ["morning", "Morning"],
  ["afternoon", "Afternoon"],
  ["evening", "Evening"],
] as const;

export function FreeTimeGroups({ times, value }: { times: string[]; value?: string }) {
  return PARTS_OF_DAY.map(([part, label]) => {
    const inPart = times.filter((time) => partOfDay(time) === part);
    if (inPart.length === 0) return null;
    return (
      <div key={part} role="group" aria-labelledby={`time-${part}`} className="choices__group">
        <p id={`time-${part}`} className="choices__heading">
          {label}
        </p>
        {inPart.map((time) => (
          <label key={time} className="choice choice--time">
            <input type="radio" name="time" value={time} required defaultChecked={value === time} />
            {formatClockTime(time)}
          </label>
        ))}
      </div>
    );
  });
}
