// The clinic's diary: free times from the week's hours, the grid, the notice, the horizon, blocks and holds.
// Pure: no I/O and no clock of its own, so the store, the booking page and staff pages share one set of rules.
export * from "./hours";
export * from "./slots";
/** "11:20 AM": a time on the grid as patrons read it. */
export { formatClockTime as formatSlotTime } from "../india-time";
