// Runs once when the server starts, before it takes requests: a wrong configuration or an unreachable database stops
// it before any patron can book, the migrations bring the database up to date, and (unless DELIVERY_LOOP=off) the
// delivery loop starts sending whatever emails are due, including those a previous run left behind.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkServerAtStart } = await import("./lib/server-start");
    await checkServerAtStart();
    const { getConfig } = await import("./lib/config");
    if (getConfig().deliveryLoop) {
      const { startDeliveryLoop } = await import("./lib/delivery");
      startDeliveryLoop();
    } else {
      console.info("[delivery] DELIVERY_LOOP=off: emails go out right after each booking and on GET /api/cron/deliver");
    }
  }
}
