"use client";
// The one part of the staff area that needs JavaScript: the browser's passkey ceremony. The button asks the server for
// the ceremony's options, lets the browser ask for a fingerprint, face, PIN or security key, and sends the answer back;
// the server then redirects. Without JavaScript the page says that this step needs it.
import { startAuthentication, startRegistration, WebAuthnError } from "@simplewebauthn/browser";
import { useState, useSyncExternalStore, useTransition } from "react";
import type { CeremonyEnd, CeremonyStart } from "@/lib/staff/ceremony";

export interface PasskeyButtonProps {
  label: string;
  start: () => Promise<CeremonyStart>;
  finish: (response: unknown, name: string) => Promise<CeremonyEnd>;
  /** Offer a field to name the new passkey ("My phone"). */
  nameField?: { label: string; hint: string; maxLength: number };
}

/** Whether the browser has passkeys does not change while the page is open. */
const noChanges = () => () => {};

const CANCELLED = "The passkey request was cancelled or timed out. Nothing was saved; press the button to try again.";

export function PasskeyButton({ label, start, finish, nameField }: PasskeyButtonProps) {
  // Unknown on the server: without JavaScript the button stays disabled and the page says why.
  const supported = useSyncExternalStore(
    noChanges,
    () => typeof window.PublicKeyCredential === "function",
    () => undefined,
  );
  const [problem, setProblem] = useState<string>();
  const [pending, startTransition] = useTransition();
  const [name, setName] = useState("");

  const run = () =>
    startTransition(async () => {
      setProblem(undefined);
      const started = await start();
      if ("problem" in started) return setProblem(started.problem);
      let response: unknown;
      try {
        response =
          "registration" in started
            ? await startRegistration({ optionsJSON: started.registration })
            : await startAuthentication({ optionsJSON: started.authentication });
      } catch (error) {
        return setProblem(error instanceof WebAuthnError && error.name !== "NotAllowedError" ? error.message : CANCELLED);
      }
      const ended = await finish(response, name);
      if (ended?.problem) setProblem(ended.problem);
    });

  return (
    <div className="passkey">
      <noscript>
        <p className="form-message">
          This step needs JavaScript: your browser asks for your fingerprint, face, PIN or security key through it.
          Please turn JavaScript on for this site, then reload the page. Everything else in the staff area works without it.
        </p>
      </noscript>
      {nameField && (
        <div className="field">
          <label htmlFor="passkey-name">{nameField.label}</label>
          <input
            id="passkey-name"
            name="passkey-name"
            maxLength={nameField.maxLength}
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-describedby="passkey-name-hint"
          />
          <p id="passkey-name-hint" className="field__hint">
            {nameField.hint}
          </p>
        </div>
      )}
      {supported === false && (
        <p className="form-message">This browser cannot use passkeys: please use a recent Chrome, Safari, Edge or Firefox.</p>
      )}
      <button type="button" className="button" onClick={run} disabled={!supported || pending}>
        {pending ? "Waiting for your passkey…" : label}
      </button>
      <p className="form-message" role="alert" hidden={!problem}>
        {problem}
      </p>
    </div>
  );
}
