// "Did you mean asha@gmail.com?" beside the email field. Asked by the server when a request was sent (JavaScript on
// or off), its buttons post the form with the address chosen; shown in the browser as the patron leaves the field,
// its buttons only change the field or keep it, and the form is sent as usual. Its words are the form's language's.
import type { RefObject } from "react";
import type { BookingFormText } from "@/lib/booking/form-text";
import { EMAIL_CHOICE_FIELD } from "@/lib/booking/rules";
import { fill, splitTag } from "@/lib/i18n/fill";

export const EMAIL_TYPO_HINT_ID = "email-suggestion";

type EmailTypoHintProps = {
  typed: string;
  suggested: string;
  words: BookingFormText["emailTypo"];
  hintRef?: RefObject<HTMLDivElement | null>;
} & ({ asked: true; sendsRequest: boolean } | { asked: false; onUse: () => void; onKeep: () => void });

export function EmailTypoHint(props: EmailTypoHintProps) {
  const { typed, suggested, words, hintRef } = props;
  // Cut around <strong> before filling in, so that nothing in an address can be taken for the tag.
  const [before, , after] = splitTag(words.question, "strong");
  const use = fill(words.use, { address: suggested });
  const keep = fill(words.keep, { address: typed });
  return (
    // autoFocus for the server's answer without JavaScript; the form focuses it after an answer with JavaScript.
    <div id={EMAIL_TYPO_HINT_ID} className="email-hint" tabIndex={-1} ref={hintRef} autoFocus={props.asked}>
      <p>
        {before}
        <strong>{suggested}</strong>
        {after}{" "}
        {props.asked ? `${words.reachOnly}${props.sendsRequest ? ` ${words.notSentYet}` : ""}` : null}
      </p>
      <div className="email-hint__choices">
        {props.asked ? (
          <>
            <button type="submit" name={EMAIL_CHOICE_FIELD} value={suggested} formNoValidate className="button button--quiet">
              {use}
            </button>
            <button type="submit" name={EMAIL_CHOICE_FIELD} value={typed} formNoValidate className="button button--quiet">
              {keep}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={props.onUse} className="button button--quiet">
              {use}
            </button>
            <button type="button" onClick={props.onKeep} className="button button--quiet">
              {keep}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
