// `npm run bench:booking`: how long the booking action takes to answer now that it stores the request first, and how
// long until both emails have arrived. The production build (run `npm run build` first) with a real SQLite file and
// a real SMTP server on 127.0.0.1; requests one after another, so each figure is one patron's wait.
import { openBookingPage, postBooking, receivedReference } from "../support/booking-http";
import { startSite } from "../support/site";
import { startSmtpServer } from "../support/smtp";

const REQUESTS = Number(process.env.REQUESTS ?? 300);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const describe = (label: string, values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(`${label}: median ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1)!)}`);
};

const smtp = await startSmtpServer();
const site = await startSite({ SMTP_URL: smtp.url, BOOKING_LIMIT: "off", BOOKING_MIN_SECONDS: "0" });
try {
  const answers: number[] = [];
  const deliveries: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const page = await openBookingPage(site.url);
    const started = performance.now();
    const response = await postBooking(site.url, page, { fullName: `Bench Patron ${i}` });
    answers.push(performance.now() - started);
    const reference = receivedReference(response.html);
    if (!reference) throw new Error(`request ${i} was not received (${response.status})`);
    const both = () => smtp.messages.filter((m) => m.subject?.includes(reference)).length === 2;
    while (!both()) await new Promise((resolve) => setTimeout(resolve, 1));
    deliveries.push(performance.now() - started);
  }
  console.log(`${REQUESTS} bookings, one at a time, against next start with SQLite and a local SMTP server`);
  describe("Action answered (POST /book)", answers);
  describe("Submit to both emails received", deliveries);
} finally {
  await site.stop();
  await smtp.close();
}
