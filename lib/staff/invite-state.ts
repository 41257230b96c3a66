// What the invitation form shows after its POST, without server code so the client form can import it: what is
// wrong with each field (with what was typed), or the one-time link just made.
export interface InviteState {
  errors: { name?: string; email?: string };
  values: { name: string; email: string };
  invited?: { name: string; email: string; isNew: boolean; link: string; expiresAt: string; emailed: boolean };
}

export const EMPTY_INVITE_STATE: InviteState = { errors: {}, values: { name: "", email: "" } };
