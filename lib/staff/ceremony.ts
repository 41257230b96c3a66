// What the passkey button and the server say to each other, without any server code, so the client component can
// import it: the options for the browser's ceremony (or why there is none), then the outcome of its answer.
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";

export type CeremonyStart =
  | { registration: PublicKeyCredentialCreationOptionsJSON }
  | { authentication: PublicKeyCredentialRequestOptionsJSON }
  | { problem: string };

/** A finished ceremony redirects (to /staff, or back with a notice); otherwise it says why. */
export type CeremonyEnd = { problem: string };
