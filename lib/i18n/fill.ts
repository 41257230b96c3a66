// Filling a message's {placeholders} in the browser, where the translator is not shipped: the booking form's words
// come from the server as messages (lib/booking/form-text.ts), and only simple placeholders are filled here.

/** `template` with each {name} replaced by its value. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** `template` cut around its one <tag>…</tag>: the text before, inside and after it. */
export function splitTag(template: string, tag: string): [string, string, string] {
  const match = new RegExp(`^([\\s\\S]*)<${tag}>([\\s\\S]*)</${tag}>([\\s\\S]*)$`).exec(template);
  return match ? [match[1], match[2], match[3]] : [template, "", ""];
}
