// A staff session's life as lib/staff/sessions.ts rules it, with every clock injected, on both engines: 8 hours in
// all however busy, 60 minutes idle, ended at sign-out, gone with its member; a forged or altered token opens nothing.
import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "@/lib/config";
import { endSession, openSession, SESSION_IDLE_MS, SESSION_MAX_MS } from "@/lib/staff/sessions";
import { openStore } from "@/lib/store";
import type { ClinicStore } from "@/lib/store/clinic-store";
import { removeTarget, STORE_ENGINES } from "../support/store-engines";

const T0 = new Date("2026-12-07T03:30:00Z");
const MINUTE = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const hash = (token: string) => createHash("sha256").update(token).digest("base64url");

describe.each(STORE_ENGINES)("a staff session on $name", ({ newTarget }) => {
  let target: DatabaseTarget;
  let store: ClinicStore;
  let token: string;

  beforeEach(async () => {
    target = await newTarget();
    ({ store } = await openStore(target));
    const link = randomBytes(32).toString("base64url");
    await store.inviteStaffMember({ name: "Asha Rao", email: "asha@example.test", tokenHash: hash(link), now: T0, expiresAt: at(60 * MINUTE), by: null, emails: [] });
    token = randomBytes(32).toString("base64url");
    const passkey = { credentialId: "cred-1", publicKey: new Uint8Array(32), counter: 0, transports: ["internal"], name: "Phone" };
    await store.enrolStaffPasskey(hash(link), passkey, hash(token), T0);
  });

  afterEach(async () => {
    await store.close();
    removeTarget(target);
  });

  it("stays open while used, and ends 8 hours after sign-in however busy", async () => {
    for (let minutes = 30; minutes < 8 * 60; minutes += 30) {
      expect(await openSession(store, token, at(minutes * MINUTE)), `at ${minutes} minutes`).toMatchObject({ member: { name: "Asha Rao" } });
    }
    expect(await openSession(store, token, at(SESSION_MAX_MS - 1))).toBeDefined();
    expect(await openSession(store, token, at(SESSION_MAX_MS))).toBeUndefined();
  });

  it("ends after 60 minutes without use", async () => {
    expect(await openSession(store, token, at(SESSION_IDLE_MS - 1))).toBeDefined();
    expect(await openSession(store, token, at(2 * SESSION_IDLE_MS - 2))).toBeDefined();
    expect(await openSession(store, token, at(3 * SESSION_IDLE_MS - 2))).toBeUndefined();
  });

  it("ends at sign-out, on the server: the same token opens nothing after", async () => {
    await endSession(store, token, at(MINUTE));
    expect(await openSession(store, token, at(2 * MINUTE))).toBeUndefined();
  });

  it("ends when its member is removed", async () => {
    await store.removeStaffMember("asha@example.test", at(MINUTE), null);
    expect(await openSession(store, token, at(2 * MINUTE))).toBeUndefined();
  });

  it("opens nothing for a forged, altered or malformed token", async () => {
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const wrong of [randomBytes(32).toString("base64url"), altered, hash(token), `${token}x`, "", undefined]) {
      expect(await openSession(store, wrong, at(MINUTE))).toBeUndefined();
    }
    expect(await openSession(store, token, at(MINUTE))).toBeDefined();
  });
});
