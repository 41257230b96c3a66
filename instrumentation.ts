// Runs once when the server starts, so that a wrong configuration stops it before any patron can book.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkServerAtStart } = await import("./lib/server-start");
    checkServerAtStart();
  }
}
