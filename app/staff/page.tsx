import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { CalendarLinkForm } from "@/components/CalendarLinkForm";
import { StaffDiaryDay } from "@/components/StaffDiaryDay";
import { StaffNav } from "@/components/StaffNav";
import { addDays, indiaClock, isCalendarDate } from "@/lib/india-time";
import { staffDays, weekOf } from "@/lib/staff/diary-week";
import { findRequests, requestsWaiting, type RequestLine } from "@/lib/staff/requests";
import { getStore } from "@/lib/store";
import { blockDiaryTime, replaceCalendar, signOut, unblockDiaryTime } from "./actions";
import { staffOnPage } from "./staff-session";

// The staff area's home, behind a passkey session checked here on the server: requests waiting for an answer, today
// and the week as the diary's times, blocking time, and finding a request. Only shows; its forms POST.
export const metadata: Metadata = { title: "Staff area", robots: { index: false, follow: false } };

const DONE: Record<string, string> = {
  enrolled: "Your passkey is created and you are signed in. Next time, sign in with it at /staff/sign-in.",
  blocked: "Blocked: patrons are no longer offered times in it.",
  unblocked: "Unblocked: its times are offered to patrons again.",
  unchanged: "Nothing was changed: that block had been taken away already.",
};

function RequestList({ lines, empty }: { lines: RequestLine[]; empty: string }) {
  if (lines.length === 0) return <p>{empty}</p>;
  return (
    <ul className="request-list">
      {lines.map((line) => (
        <li key={line.reference}>
          <Link href={`/staff/appointments/${line.reference}`}>{line.name}</Link> · {line.mode} · asked for {line.askedFor} · waited{" "}
          {line.waited} · <span className="reference">{line.reference}</span>
        </li>
      ))}
    </ul>
  );
}

export default async function StaffHomePage({
  searchParams,
}: {
  searchParams: Promise<{ done?: string; week?: string; q?: string; block?: string; held?: string; "block-error"?: string }>;
}) {
  await connection();
  const now = new Date();
  const { member } = await staffOnPage(now);
  const params = await searchParams;
  const store = await getStore();
  const today = indiaClock(now).date;
  const weekStart = params.week && isCalendarDate(params.week) ? params.week : today;
  const week = weekOf(weekStart);
  const [waiting, [todayDay], weekDays, found] = await Promise.all([
    requestsWaiting(store, now),
    staffDays(store, [today], now),
    staffDays(store, week, now),
    params.q ? findRequests(store, params.q, now) : Promise.resolve(undefined),
  ]);
  const notice = params.done ? DONE[params.done] : undefined;
  const held = params.done === "blocked" && params.held ? params.held.split(",").filter((reference) => /^[A-Z0-9-]{4,40}$/.test(reference)) : [];

  return (
    <>
      <StaffNav name={member.name} signOut={signOut} />
      <h1>Staff area</h1>
      {notice && (
        <div className="receipt" role="status">
          <p>{notice}</p>
          {held.length > 0 && (
            <>
              <p>These appointments hold times in it and keep them: move or cancel each, or call the patron.</p>
              <ul>
                {held.map((reference) => (
                  <li key={reference}>
                    <Link href={`/staff/appointments/${reference}`}>{reference}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      <h2>Requests waiting</h2>
      <RequestList lines={waiting} empty="No request is waiting for an answer." />

      <h2>Find a request</h2>
      <form method="get" action="/staff" className="find-form">
        <div className="field">
          <label htmlFor="find">Reference, patron&apos;s name or mobile</label>
          <input id="find" name="q" type="search" defaultValue={params.q ?? ""} minLength={2} />
        </div>
        <button type="submit" className="button button--quiet">
          Find
        </button>
      </form>
      {found && <RequestList lines={found} empty={`Nothing found for “${params.q}”.`} />}

      <h2>Today</h2>
      <StaffDiaryDay day={todayDay} week={weekStart} unblock={unblockDiaryTime} />

      <h2>The week</h2>
      <p className="week-nav">
        <Link href={`/staff?week=${addDays(week[0], -7)}`}>Previous week</Link> · <Link href="/staff">This week</Link> ·{" "}
        <Link href={`/staff?week=${addDays(week[0], 7)}`}>Next week</Link>
      </p>
      {weekDays.map((day) => (
        <StaffDiaryDay key={day.date} day={day} week={weekStart} unblock={unblockDiaryTime} />
      ))}

      <h2>Your calendar</h2>
      <p>
        The appointments held and confirmed, from today, in your own calendar program: it fetches them from a private
        address. Making a new address ends the old one (if it was shared by mistake).
      </p>
      <CalendarLinkForm action={replaceCalendar} />

      <h2 id="block-time">Block time</h2>
      <p>Leave, a holiday, a meeting: patrons are no longer offered the times in it. Appointments already there keep their times and are listed, so you can move or cancel each.</p>
      {params["block-error"] && (
        <p className="form-message" role="alert">
          {params["block-error"]}
        </p>
      )}
      <form action={blockDiaryTime} className="action-card">
        <div className="time-fields">
          <div className="field">
            <label htmlFor="block-date">Date</label>
            <input id="block-date" name="date" type="date" required min={today} defaultValue={today} />
          </div>
          <div className="field">
            <label htmlFor="block-from">From (optional)</label>
            <input id="block-from" name="from" type="time" step={300} aria-describedby="block-hours-hint" />
          </div>
          <div className="field">
            <label htmlFor="block-to">To (optional)</label>
            <input id="block-to" name="to" type="time" step={300} aria-describedby="block-hours-hint" />
          </div>
        </div>
        <p id="block-hours-hint" className="field__hint">
          Leave the hours empty to block the whole day.
        </p>
        <div className="field">
          <label htmlFor="block-reason">Reason</label>
          <input id="block-reason" name="reason" required maxLength={200} />
        </div>
        <button type="submit" className="button">
          Block time
        </button>
      </form>
    </>
  );
}
