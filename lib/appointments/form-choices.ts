// What the staff and patron forms offer and show, without zod or any server code, so the client components that
// render the forms can import it; ./forms.ts reads and checks what they send.

/** Ready answers staff can send with a decline; each may be followed by their own words. */
export const DECLINE_ANSWERS = {
  visit:
    "This needs an examination in person: please visit the clinic. In-clinic visits are by token only; call us to ask about a token.",
  unsuitable:
    "A tele or video consultation is not suitable for this concern. Please call the clinic so that we can talk about what to do.",
  unavailable:
    "The doctor is not available at the time you asked for, and we could not reach you to agree another. Please call the clinic.",
} as const;
export type DeclineAnswer = keyof typeof DECLINE_ANSWERS;

export const MESSAGE_MAX_LENGTH = 500;

export type StaffIntent = "confirm" | "propose" | "decline" | "cancel";
export type PatronIntent = "accept-proposal" | "decline-proposal" | "cancel";

/** What the form shows after a POST that changed nothing: why, per field or as a whole, with what was sent. */
export interface ActionFormState {
  intent?: string;
  errors: { date?: string; time?: string; message?: string };
  refusal?: string;
  values: { date?: string; time?: string; answer?: string; message?: string };
}

export const EMPTY_ACTION_STATE: ActionFormState = { errors: {}, values: {} };
