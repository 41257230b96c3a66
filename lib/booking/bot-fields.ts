// The names of the form's two fields for telling bots from people, shared by the form and the guard.

/** A text field people never see; bots fill every field they find. Named as a bot would expect a field. */
export const HONEYPOT_FIELD = "website";
/** When the server rendered the form, in milliseconds since 1970; people take seconds to fill it in. */
export const RENDERED_AT_FIELD = "renderedAt";
