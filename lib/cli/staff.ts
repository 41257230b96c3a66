// `npm run staff` lists the staff members and their passkeys; `npm run staff -- invite "Name" email` prints a
// one-time link, valid one hour, that lets them create a passkey (the first member, a new colleague, or one who lost
// their passkeys); `npm run staff -- remove EMAIL` removes a member and ends their sessions at once; `npm run staff
// -- audit EMAIL` shows their sign-ins, sign-outs, passkeys added or removed, invitation and removal, and by whom.
import { formatIndiaTimestamp } from "../india-time";
import { describeMemberAudit, describeMembers, inviteMember, readInvitation, removeMember } from "../staff/members";
import { getStore } from "../store";
import { runCommand } from "./run-command";

const USAGE = [
  "Usage: npm run staff                                the staff members and their passkeys",
  '       npm run staff -- invite "Name" EMAIL          a one-time link (valid one hour) to create a passkey',
  "       npm run staff -- remove EMAIL                 remove a member: their sessions end at once",
  "       npm run staff -- audit EMAIL                  their sign-ins, passkeys, invitation and removal, and by whom",
].join("\n");

runCommand(async () => {
  const [verb, ...rest] = process.argv.slice(2);
  if (verb !== undefined && verb !== "list" && verb !== "invite" && verb !== "remove" && verb !== "audit") {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  if ((verb === "invite" && rest.length !== 2) || ((verb === "remove" || verb === "audit") && rest.length !== 1)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const store = await getStore();
  try {
    const now = new Date();
    if (verb === "invite") {
      const read = readInvitation(rest[0], rest[1]);
      if ("errors" in read) {
        console.error(Object.values(read.errors).join("\n"));
        process.exitCode = 2;
        return;
      }
      const { member, isNew, link, expiresAt, emailed } = await inviteMember(store, read.invitation, null, now);
      console.log(
        [
          `${isNew ? "Invited" : "A new link for"} ${member.name} <${member.email}>${isNew ? "" : " (their earlier links no longer work)"}.`,
          `Give them this link; it works once, until ${formatIndiaTimestamp(expiresAt)}, and creates their passkey:`,
          "",
          `  ${link}`,
          "",
          "It signs nobody in by itself: they press 'Create a passkey' and unlock their phone or key.",
          ...(emailed ? [`The running site also emails it to ${member.email}.`] : []),
        ].join("\n"),
      );
    } else if (verb === "audit") {
      console.log((await describeMemberAudit(store, rest[0])).join("\n"));
    } else if (verb === "remove") {
      const removed = await removeMember(store, rest[0], null, now);
      if (removed) console.log(`Removed ${removed.name} <${removed.email}>: their sessions have ended and their passkeys no longer sign in.`);
      else {
        console.error(`No staff member with the email ${rest[0]}. npm run staff lists them.`);
        process.exitCode = 1;
      }
    } else {
      console.log((await describeMembers(store)).join("\n"));
    }
  } finally {
    await store.close();
  }
});
