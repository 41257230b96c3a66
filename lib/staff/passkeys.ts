// Passkey ceremonies with SimpleWebAuthn: enrolling from a one-time link, adding another passkey while signed in, and
// signing in. User verification is required (a fingerprint, face or PIN, not only a touch) and passkeys are
// discoverable, so signing in asks for no name. The relying party is SITE_URL as the server read it at start: its
// host is the rpID and its origin the only one accepted, whatever the request's headers say. Each ceremony's
// challenge is kept in the database and taken once when the browser's answer comes back.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { decodeClientDataJSON } from "@simplewebauthn/server/helpers";
import { z } from "zod";
import { getClinic } from "../clinic";
import { getConfig } from "../config";
import type { ClinicStore } from "../store/clinic-store";
import type { NewPasskey, StaffChallengePurpose, StaffMember } from "../store/staff-store";
import { siteOrigin } from "./origin";
import { hashToken, newToken } from "./tokens";

/** How long the browser may take over a ceremony: the person has to find their phone or key. */
const CEREMONY_MS = 5 * 60 * 1000;
export const PASSKEY_NAME_MAX_LENGTH = 60;

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** The site as passkeys know it, from SITE_URL: `https://www.drdivyasharma.com` is rpID www.drdivyasharma.com. */
export function relyingParty(siteUrl = getConfig().siteUrl): RelyingParty {
  return { id: new URL(siteUrl).hostname, origin: siteOrigin(siteUrl), name: getClinic().name };
}

/** A new session's token, for the cookie, and the member it signs in. */
export type SignedIn = { signedIn: true; member: StaffMember; sessionToken: string };
export type Refused = { signedIn: false; problem: string };

const NOT_VERIFIED =
  "The passkey could not be checked, so nothing was saved. Try again, and unlock with your fingerprint, face or PIN when asked.";

/** What the browser sends back, in the shape SimpleWebAuthn reads; anything else is refused before it is read. */
const credentialResponse = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal("public-key"),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(4096) }),
});

/** A passkey's name as the person typed it, or one made from the day. */
export function passkeyName(typed: unknown, now: Date): string {
  const name = typeof typed === "string" ? typed.replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, "").trim() : "";
  if (name) return name.slice(0, PASSKEY_NAME_MAX_LENGTH);
  return `Passkey added ${new Intl.DateTimeFormat("en-IN", { dateStyle: "medium", timeZone: "Asia/Kolkata" }).format(now)}`;
}

/** The challenge a response answers, taken from the database if it was issued for `purpose` to `owner` and is still live. */
async function takeChallenge(
  store: ClinicStore,
  response: unknown,
  purpose: StaffChallengePurpose,
  owner: string | null,
  now: Date,
): Promise<string | undefined> {
  const parsed = credentialResponse.safeParse(response);
  if (!parsed.success) return undefined;
  let challenge: string;
  try {
    challenge = decodeClientDataJSON(parsed.data.response.clientDataJSON).challenge;
  } catch {
    return undefined;
  }
  if (typeof challenge !== "string" || challenge.length === 0 || challenge.length > 200) return undefined;
  const taken = await store.takeStaffChallenge(challenge, purpose, now);
  return taken && taken.owner === owner ? challenge : undefined;
}

async function registrationOptions(
  store: ClinicStore,
  member: StaffMember,
  purpose: "enrol" | "add-passkey",
  owner: string,
  now: Date,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty();
  const existing = (await store.staffMembers()).find((each) => each.id === member.id)?.passkeys ?? [];
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: member.email,
    userDisplayName: member.name,
    userID: new TextEncoder().encode(member.id),
    attestationType: "none",
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    // The same phone or key twice would be one passkey under two names.
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    timeout: CEREMONY_MS,
  });
  await store.saveStaffChallenge({ challenge: options.challenge, purpose, owner, expiresAt: new Date(now.getTime() + CEREMONY_MS) });
  return options;
}

/** Checks a new passkey's response against its challenge and the site; the passkey to store, or undefined. */
async function verifiedPasskey(
  store: ClinicStore,
  response: unknown,
  purpose: "enrol" | "add-passkey",
  owner: string,
  name: string,
  now: Date,
): Promise<NewPasskey | undefined> {
  const challenge = await takeChallenge(store, response, purpose, owner, now);
  if (!challenge) return undefined;
  const rp = relyingParty();
  try {
    const verified = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    if (!verified.verified) return undefined;
    const { credential } = verified.registrationInfo;
    return { credentialId: credential.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [], name };
  } catch {
    return undefined;
  }
}

/** The options for the browser to create a passkey from an enrolment link, or why the link cannot be used. */
export async function enrolmentOptions(
  store: ClinicStore,
  linkToken: string,
  now: Date,
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON } | Refused> {
  const found = await store.findEnrolment(hashToken(linkToken), now);
  if ("problem" in found) return { signedIn: false, problem: ENROLMENT_PROBLEMS[found.problem] };
  return { options: await registrationOptions(store, found.member, "enrol", hashToken(linkToken), now) };
}

export const ENROLMENT_PROBLEMS = {
  unknown: "This link is not valid: it may have been replaced by a newer one. Ask a colleague for a new link.",
  used: "This link has been used already: each link creates one passkey. Sign in with your passkey, or ask a colleague for a new link.",
  expired: "This link has expired: links last one hour. Ask a colleague for a new link.",
} as const;

/** Stores the passkey the browser created from an enrolment link, uses the link up and signs the member in. */
export async function finishEnrolment(
  store: ClinicStore,
  linkToken: string,
  response: unknown,
  typedName: unknown,
  now: Date,
): Promise<SignedIn | Refused> {
  const linkHash = hashToken(linkToken);
  const passkey = await verifiedPasskey(store, response, "enrol", linkHash, passkeyName(typedName, now), now);
  if (!passkey) return { signedIn: false, problem: NOT_VERIFIED };
  const sessionToken = newToken();
  const member = await store.enrolStaffPasskey(linkHash, passkey, hashToken(sessionToken), now);
  if (!member) {
    const found = await store.findEnrolment(linkHash, now);
    return { signedIn: false, problem: "problem" in found ? ENROLMENT_PROBLEMS[found.problem] : NOT_VERIFIED };
  }
  return { signedIn: true, member, sessionToken };
}

/** The options for a signed-in member's browser to create another passkey. */
export function addPasskeyOptions(store: ClinicStore, member: StaffMember, now: Date): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return registrationOptions(store, member, "add-passkey", member.id, now);
}

/** Stores another passkey for a signed-in member; says why not if it could not. */
export async function finishAddPasskey(
  store: ClinicStore,
  member: StaffMember,
  response: unknown,
  typedName: unknown,
  now: Date,
): Promise<{ added: true; name: string } | { added: false; problem: string }> {
  const passkey = await verifiedPasskey(store, response, "add-passkey", member.id, passkeyName(typedName, now), now);
  if (!passkey) return { added: false, problem: NOT_VERIFIED };
  try {
    if (!(await store.addStaffPasskey(member.id, passkey, now))) return { added: false, problem: "You are no longer a member of the staff area." };
  } catch {
    return { added: false, problem: "This passkey is saved already." };
  }
  return { added: true, name: passkey.name };
}

/**
 * The options for signing in: no names asked, any of the site's passkeys. Each start counts against the client
 * address's limit, since each answer needs a challenge from a start.
 */
export async function signInOptions(
  store: ClinicStore,
  clientAddress: string,
  now: Date,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON } | Refused> {
  const limit = getConfig().staffSignInLimit;
  if (!(await store.allowStaffSignInAttempt(clientAddress, now, limit))) {
    const minutes = Math.ceil(limit.seconds / 60);
    return { signedIn: false, problem: `Too many sign-ins were started from your connection in the last ${minutes} minutes. Please wait, then try again.` };
  }
  const rp = relyingParty();
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: "required", timeout: CEREMONY_MS });
  await store.saveStaffChallenge({ challenge: options.challenge, purpose: "sign-in", owner: null, expiresAt: new Date(now.getTime() + CEREMONY_MS) });
  return { options };
}

/** Checks a sign-in's response; signs its member in with a new session, saving the passkey's counter. */
export async function finishSignIn(store: ClinicStore, response: unknown, now: Date): Promise<SignedIn | Refused> {
  const refused: Refused = { signedIn: false, problem: "That passkey did not sign you in. Try again, or ask a colleague for a new enrolment link." };
  const challenge = await takeChallenge(store, response, "sign-in", null, now);
  if (!challenge) return refused;
  const answer = response as AuthenticationResponseJSON;
  const passkey = await store.findStaffPasskey(answer.id);
  if (!passkey) return refused;
  const rp = relyingParty();
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response: answer,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: passkey.credentialId, publicKey: passkey.publicKey, counter: passkey.counter, transports: passkey.transports },
      requireUserVerification: true,
    });
    if (!verified.verified) return refused;
    newCounter = verified.authenticationInfo.newCounter;
  } catch {
    return refused;
  }
  const sessionToken = newToken();
  const member = await store.signInWithPasskey(passkey.credentialId, newCounter, hashToken(sessionToken), now);
  return member ? { signedIn: true, member, sessionToken } : refused;
}
