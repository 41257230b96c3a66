// The booking form posted over plain HTTP, the way a browser with JavaScript off (or a script, or a bot) sends it:
// fetch /book, keep the form's hidden fields (Next's action id and bound state, and any of ours), add the patron's
// answers and POST it all as multipart to /book. Also sent the way the page's JavaScript calls the action.
import { createRequire } from "node:module";
import { nextOpenDay } from "./dates";

export const VALID_BOOKING: Readonly<Record<string, string>> = {
  fullName: "Meera Iyer",
  mobile: "+91 99000 12345",
  email: "meera@example.test",
  mode: "tele",
  timeWindow: "morning",
  reason: "Itchy rash on the forearms for two weeks.",
  consent: "yes",
};

export interface BookingPage {
  /** The hidden fields of the rendered form, by name. */
  hidden: Record<string, string>;
}

export interface BookingResponse {
  status: number;
  headers: Headers;
  html: string;
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function hiddenFields(html: string): Record<string, string> {
  const form = html.match(/<form[^>]*class="booking-form"[\s\S]*?<\/form>/)?.[0];
  if (!form) throw new Error("The page has no booking form.");
  const hidden: Record<string, string> = {};
  for (const [input] of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = input.match(/name="([^"]*)"/)?.[1];
    if (name === undefined) continue;
    hidden[decodeAttribute(name)] = decodeAttribute(input.match(/value="([^"]*)"/)?.[1] ?? "");
  }
  return hidden;
}

export async function openBookingPage(siteUrl: string, headers: Record<string, string> = {}): Promise<BookingPage> {
  const response = await fetch(`${siteUrl}/book`, { headers });
  if (response.status !== 200) throw new Error(`GET /book answered ${response.status}`);
  return { hidden: hiddenFields(await response.text()) };
}

/**
 * Posts the form as a browser without JavaScript would. `fields` are the patron's answers (a valid booking on the
 * next open day unless overridden; `undefined` leaves a field out). Fields of `page.hidden` are sent as they are.
 */
export async function postBooking(
  siteUrl: string,
  page: BookingPage,
  fields: Record<string, string | Blob | undefined> = {},
  headers: Record<string, string> = {},
): Promise<BookingResponse> {
  const body = new FormData();
  const answers: Record<string, string | Blob | undefined> = {
    ...page.hidden,
    ...VALID_BOOKING,
    preferredDate: nextOpenDay(),
    ...fields,
  };
  for (const [name, value] of Object.entries(answers)) {
    if (value !== undefined) body.append(name, value);
  }
  const response = await fetch(`${siteUrl}/book`, {
    method: "POST",
    body,
    headers: { Origin: siteUrl, ...headers },
    redirect: "manual",
  });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** The reference a successful booking shows, or undefined when the form came back. */
export function receivedReference(html: string): string | undefined {
  return html.match(/\bDS-[A-Z0-9]{4}-[A-Z0-9]{4}\b/)?.[0];
}

/**
 * Sends the form as the page's JavaScript does: a call of the server action (its id from the rendered form, the
 * `Next-Action` header, the previous state and the form encoded by React), answered with the action's result alone
 * rather than a whole page. Uses React's encoder as Next.js ships it, an internal path a Next.js upgrade may move.
 */
export async function callBookingAction(
  siteUrl: string,
  page: BookingPage,
  fields: Record<string, string> = {},
): Promise<BookingResponse> {
  const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-turbopack/client.node.js") as {
    encodeReply(value: unknown): Promise<FormData | string>;
  };
  const { id } = JSON.parse(page.hidden["$ACTION_1:0"] ?? "{}") as { id?: string };
  if (!id) throw new Error("The booking form names no server action.");
  const form = new FormData();
  const answers = { ...VALID_BOOKING, preferredDate: nextOpenDay(), ...fields };
  for (const [name, value] of Object.entries({ ...page.hidden, ...answers })) {
    if (!name.startsWith("$ACTION")) form.append(name, value);
  }
  const body = (await encodeReply([JSON.parse(page.hidden["$ACTION_1:1"] ?? "[{}]")[0], form])) as FormData;
  const response = await fetch(`${siteUrl}/book`, {
    method: "POST",
    body,
    headers: { Origin: siteUrl, Accept: "text/x-component", "Next-Action": id },
  });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** Opens the page and books as a browser without JavaScript would; returns the reference the patron saw. */
export async function bookOverHttp(siteUrl: string, fields: Record<string, string> = {}): Promise<string> {
  const response = await postBooking(siteUrl, await openBookingPage(siteUrl), fields);
  const reference = receivedReference(response.html);
  if (response.status !== 200 || !reference) throw new Error(`booking not received (${response.status})`);
  return reference;
}
