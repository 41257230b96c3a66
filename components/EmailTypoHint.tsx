// "Did you mean asha@gmail.com?" beside the email field. Asked by the server when a request was sent (JavaScript on
// or off), its buttons post the form with the address chosen; shown in the browser as the patron leaves the field,
// its buttons only change the field or keep it, and the form is sent as usual.
import type { RefObject } from "react";
import { EMAIL_CHOICE_FIELD } from "@/lib/booking/rules";

export const EMAIL_TYPO_HINT_ID = "email-suggestion";

type EmailTypoHintProps = { typed: string; suggested: string; hintRef?: RefObject<HTMLDivElement | null> } & (
  | { asked: true; sendsRequest: boolean }
  | { asked: false; onUse: () => void; onKeep: () => void }
);

export function EmailTypoHint(props: EmailTypoHintProps) {
  const { typed, suggested, hintRef } = props;
  return (
    // autoFocus for the server's answer without JavaScript; the form focuses it after an answer with JavaScript.
    <div id={EMAIL_TYPO_HINT_ID} className="email-hint" tabIndex={-1} ref={hintRef} autoFocus={props.asked}>
      <p>
        Did you mean <strong>{suggested}</strong>?{" "}
        {props.asked
          ? `The clinic's emails reach only the address you give.${props.sendsRequest ? " Your request is not sent yet: choosing an address sends it." : ""}`
          : null}
      </p>
      <div className="email-hint__choices">
        {props.asked ? (
          <>
            <button type="submit" name={EMAIL_CHOICE_FIELD} value={suggested} formNoValidate className="button button--quiet">
              Use {suggested}
            </button>
            <button type="submit" name={EMAIL_CHOICE_FIELD} value={typed} formNoValidate className="button button--quiet">
              Keep {typed}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={props.onUse} className="button button--quiet">
              Use {suggested}
            </button>
            <button type="button" onClick={props.onKeep} className="button button--quiet">
              Keep {typed}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
