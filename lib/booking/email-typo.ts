// "Did you mean asha@gmail.com?": an address whose domain is one slip of the finger away from a domain most patrons
// use would be retried for days and never reach them. Pure and without zod, so the form runs it in the browser as
// the patron leaves the field, and the server runs it again before a request is stored.

/** The domains most of the clinic's patrons write from; an address one edit away from one of them is asked about. */
export const COMMON_EMAIL_DOMAINS = [
  "gmail.com",
  "yahoo.com",
  "yahoo.co.in",
  "outlook.com",
  "hotmail.com",
  "rediffmail.com",
  "icloud.com",
] as const;

/** Real mail domains that are themselves one edit away from a common one: their patrons are not asked about them. */
const REAL_NEAR_MISSES = ["ymail.com", "mail.com", "email.com", "yahoo.co.id"];

/**
 * Whether `a` becomes `b` by one insertion, deletion, substitution or swap of two neighbouring characters
 * ("gmial" → "gmail"), the slips people make on a phone's keyboard.
 */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  const restA = a.slice(start);
  const restB = b.slice(start);
  if (restA.length === restB.length) {
    // One character replaced, or two neighbours swapped.
    return restA.slice(1) === restB.slice(1) || (restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2));
  }
  // One character added or left out.
  return restA.length > restB.length ? restA.slice(1) === restB : restB.slice(1) === restA;
}

/**
 * The address the patron probably meant, with what they typed before the @ kept as typed, when its domain is one
 * edit away from a common one; nothing for a common domain, any other domain, or what is not an address.
 */
export function suggestEmailAddress(address: string): string | undefined {
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf("@");
  if (at < 1) return undefined;
  const domain = trimmed.slice(at + 1).toLowerCase();
  if ((COMMON_EMAIL_DOMAINS as readonly string[]).includes(domain) || REAL_NEAR_MISSES.includes(domain)) return undefined;
  const meant = COMMON_EMAIL_DOMAINS.find((common) => oneEditApart(domain, common));
  return meant ? `${trimmed.slice(0, at)}@${meant}` : undefined;
}

/** Whether the patron, asked about `address`, chose to keep it: `kept` is the address they said to keep. */
export function keptAsTyped(address: string, kept: string | undefined): boolean {
  return kept !== undefined && kept.trim().toLowerCase() === address.trim().toLowerCase();
}
