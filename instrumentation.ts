// Runs once when the server starts: a wrong configuration stops it before any patron can book, and the delivery
// loop starts sending whatever requests are due, including those a previous run left behind.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkServerAtStart } = await import("./lib/server-start");
    checkServerAtStart();
    const { startDeliveryLoop } = await import("./lib/delivery");
    startDeliveryLoop();
  }
}
