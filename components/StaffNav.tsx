// The staff area's heading bar: who is signed in, its pages, and "Sign out" (a form that POSTs, with or without
// JavaScript).
import Link from "next/link";

export function StaffNav({ name, signOut }: { name: string; signOut: () => Promise<void> }) {
  return (
    <nav className="staff-nav" aria-label="Staff area">
      <p>
        Signed in as <strong>{name}</strong>
      </p>
      <ul>
        <li>
          <Link href="/staff">Diary</Link>
        </li>
        <li>
          <Link href="/staff/passkeys">Your passkeys</Link>
        </li>
        <li>
          <Link href="/staff/members">Staff members</Link>
        </li>
      </ul>
      <form action={signOut}>
        <button type="submit" className="button button--quiet">
          Sign out
        </button>
      </form>
    </nav>
  );
}
