import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BookingForm, type BookingFormProps } from "@/components/BookingForm";
import { bookingFormWords } from "@/components/BookingFormWords";
import { fieldMessages } from "@/lib/booking/form-text";
import { getClinic } from "@/lib/clinic";
import type { Language } from "@/lib/i18n/languages";
import type { BookingReceipt, BookingState } from "@/lib/booking/state";

afterEach(cleanup);

const PHONE = { tel: "+919620638388", display: "9620638388" };
const MOBILE_ERROR = "Enter a 10-digit Indian mobile number, such as 98765 43210 (with or without +91 or 0)";
const DATE_ERROR = "The clinic is closed on Sundays: choose a day from Monday to Saturday";

const RECEIPT: BookingReceipt = {
  reference: "DS-7KQ2-MX9P",
  fullName: "Asha Rao",
  mobile: "+919876543210",
  email: "asha@example.com",
  mode: "Video consultation",
  date: "Friday, 27 Nov 2026",
  time: "Afternoon, 1 PM to 4 PM",
  held: false,
  confirmed: false,
};

const NEEDS_CORRECTION: BookingState = {
  status: "editing",
  values: {
    fullName: "Asha",
    mobile: "12345",
    email: "asha@example.com",
    mode: "video",
    preferredDate: "2026-11-29",
    timeWindow: "morning",
    reason: "Hair fall",
    consent: "yes",
  },
  errors: { mobile: MOBILE_ERROR, preferredDate: DATE_ERROR },
};

const RENDERED_AT = Date.UTC(2026, 10, 25, 5, 0, 0);

function renderForm(
  initialState?: BookingState,
  action: BookingFormProps["action"] = async (state) => state,
  language: Language = "en",
) {
  return render(
    <BookingForm
      action={action}
      requestKey="test-key-0001"
      firstDate="2026-11-25"
      lastDate="2027-01-24"
      phone={PHONE}
      {...bookingFormWords(language)}
      initialState={initialState}
      renderedAt={RENDERED_AT}
    />,
  );
}

function input(label: string | RegExp) {
  return screen.getByLabelText(label) as HTMLInputElement;
}

/** The texts of the elements an element's aria-describedby points to. */
function descriptions(element: Element): string[] {
  const ids = (element.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  return ids.map((id) => {
    const described = document.getElementById(id);
    if (!described) throw new Error(`aria-describedby points to a missing element: #${id}`);
    return described.textContent ?? "";
  });
}

describe("the booking form, empty", () => {
  it("labels every control so screen readers can name it", () => {
    renderForm();
    for (const label of [
      "Full name",
      "Mobile number",
      "Email",
      "Preferred date",
      "Reason for consultation",
      "Tele consultation (phone call)",
      "Video consultation",
      "Morning, 10 AM to 1 PM",
      "Afternoon, 1 PM to 4 PM",
      "Evening, 4 PM to 7 PM",
      /I agree that the clinic may contact me/,
    ]) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
    expect(screen.getByRole("group", { name: "Type of consultation" })).toBeTruthy();
    expect(screen.getByRole("group", { name: "Time (India time)" })).toBeTruthy();
    expect(screen.getByLabelText("None of these times suits me: ask the clinic to call")).toBeTruthy();
    expect(screen.getByRole("group", { name: "If the clinic is to call you: when suits you (India time)" })).toBeTruthy();
  });

  it("does not tick the consent box for the patron", () => {
    renderForm();
    expect(input(/I agree that the clinic may contact me/).checked).toBe(false);
  });

  it("asks for consent to the privacy notice, linked from the consent box's label", () => {
    renderForm();
    const consent = input(/I agree that the clinic may contact me/);
    const label = consent.closest("label")!;
    const link = within(label).getByRole("link", { name: /privacy notice/ });
    expect(link.getAttribute("href")).toBe("/privacy");
    // A new tab, said in the link's words, so the answers already typed stay in the form.
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.textContent).toContain("opens in a new tab");
    expect(screen.getByRole("checkbox", { name: /use these details to arrange my consultation, as its privacy notice \(opens in a new tab\) says/ })).toBe(consent);
  });

  it("offers only the bookable dates in the date picker", () => {
    renderForm();
    const date = input("Preferred date");
    expect(date.type).toBe("date");
    expect(date.min).toBe("2026-11-25");
    expect(date.max).toBe("2027-01-24");
  });

  it("shows no errors and marks nothing as wrong", () => {
    renderForm();
    expect(document.querySelector("[aria-invalid]")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByText(/need your attention/)).toBeNull();
  });

  it("gives the clinic's number for anything urgent", () => {
    renderForm();
    expect(screen.getByRole("link", { name: "9620638388" }).getAttribute("href")).toBe("tel:+919620638388");
  });
});

describe("the booking form, when answers need correcting", () => {
  it("marks the wrong mobile number and tells the patron why, next to the field", () => {
    renderForm(NEEDS_CORRECTION);
    const mobile = input("Mobile number");
    expect(mobile.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(mobile)).toContain(MOBILE_ERROR);
  });

  it("marks the wrong date and tells the patron why, next to the field", () => {
    renderForm(NEEDS_CORRECTION);
    const date = input("Preferred date");
    expect(date.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(date)).toContain(DATE_ERROR);
  });

  it("keeps everything the patron typed", () => {
    renderForm(NEEDS_CORRECTION);
    expect(input("Full name").value).toBe("Asha");
    expect(input("Mobile number").value).toBe("12345");
    expect(input("Email").value).toBe("asha@example.com");
    expect(input("Preferred date").value).toBe("2026-11-29");
    expect((screen.getByLabelText("Reason for consultation") as HTMLTextAreaElement).value).toBe("Hair fall");
    expect(input("Video consultation").checked).toBe(true);
    expect(input("Morning, 10 AM to 1 PM").checked).toBe(true);
    expect(input(/I agree that the clinic may contact me/).checked).toBe(true);
  });

  it("does not mark the correct answers as wrong", () => {
    renderForm(NEEDS_CORRECTION);
    for (const label of ["Full name", "Email", "Reason for consultation", /I agree that the clinic may contact me/]) {
      expect(screen.getByLabelText(label).getAttribute("aria-invalid")).toBeNull();
    }
    expect(screen.getByRole("group", { name: "Type of consultation" }).getAttribute("aria-invalid")).toBeNull();
    expect(descriptions(input("Full name"))).toEqual([]);
  });

  it("sums up both problems at the top, each linking to its field", () => {
    renderForm(NEEDS_CORRECTION);
    const summary = screen.getByRole("heading", { name: "2 answers need your attention" }).parentElement!;
    const links = within(summary).getAllByRole("link");
    expect(links.map((link) => [link.textContent, link.getAttribute("href")])).toEqual([
      [MOBILE_ERROR, "#mobile"],
      [DATE_ERROR, "#preferredDate"],
    ]);
    for (const link of links) expect(document.querySelector(link.getAttribute("href")!)).not.toBeNull();
  });

  it("moves the focus to the summary so the patron hears what is wrong", () => {
    renderForm(NEEDS_CORRECTION);
    const summary = screen.getByRole("heading", { name: "2 answers need your attention" }).parentElement!;
    expect(document.activeElement).toBe(summary);
  });

  it("says 'One answer' when only one needs correcting", () => {
    renderForm({ ...NEEDS_CORRECTION, errors: { mobile: MOBILE_ERROR } });
    expect(screen.getByRole("heading", { name: "One answer needs your attention" })).toBeTruthy();
  });

  it("marks a wrong choice of slot on the group of choices", () => {
    renderForm({ ...NEEDS_CORRECTION, errors: { timeWindow: "This slot has already passed today" } });
    const group = screen.getByRole("group", { name: "If the clinic is to call you: when suits you (India time)" });
    expect(group.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(group)).toEqual(["This slot has already passed today"]);
  });
});

describe("the booking form, when the request could not be sent", () => {
  it("tells the patron, as an alert, and keeps their answers", () => {
    const message = "Sorry, we could not send your request just now. Please try again in a few minutes, or call the clinic on 9620638388.";
    renderForm({ status: "editing", values: NEEDS_CORRECTION.values, errors: {}, message });
    expect(screen.getByRole("alert").textContent).toBe(message);
    expect(input("Full name").value).toBe("Asha");
    expect(screen.getByRole("button", { name: "Send request" })).toBeTruthy();
  });
});

describe("the booking form, once the request is received", () => {
  it("shows the reference and what was asked for, instead of the form", () => {
    renderForm({ status: "received", receipt: RECEIPT });
    expect(screen.getByRole("heading", { name: "Request received" })).toBeTruthy();
    for (const detail of [
      "DS-7KQ2-MX9P",
      "Video consultation",
      "Friday, 27 Nov 2026",
      "Afternoon, 1 PM to 4 PM (India time)",
      "+919876543210",
      "asha@example.com",
    ]) {
      expect(screen.getByText(detail)).toBeTruthy();
    }
    expect(screen.getByText(/Thank you, Asha Rao\./)).toBeTruthy();
    expect(document.querySelector("form")).toBeNull();
    expect(screen.queryByRole("button", { name: "Send request" })).toBeNull();
  });
});

describe("sending the form", () => {
  it("sends what the patron typed and then shows the confirmation", async () => {
    const user = userEvent.setup();
    const action = vi.fn<BookingFormProps["action"]>(async () => ({ status: "received", receipt: RECEIPT }));
    renderForm(undefined, action);

    await user.type(input("Full name"), "Asha Rao");
    await user.type(input("Mobile number"), "98765 43210");
    await user.type(input("Email"), "asha@example.com");
    await user.click(input("Video consultation"));
    await user.type(input("Preferred date"), "2026-11-27");
    await user.click(input("Afternoon, 1 PM to 4 PM"));
    await user.type(screen.getByLabelText("Reason for consultation"), "Acne scars");
    await user.click(input(/I agree that the clinic may contact me/));
    await user.click(screen.getByRole("button", { name: "Send request" }));

    const heading = await screen.findByRole("heading", { name: "Request received" });
    expect(action).toHaveBeenCalledTimes(1);
    const sent = Object.fromEntries(action.mock.calls[0][1].entries());
    expect(sent).toEqual({
      requestKey: "test-key-0001",
      fullName: "Asha Rao",
      mobile: "98765 43210",
      email: "asha@example.com",
      mode: "video",
      preferredDate: "2026-11-27",
      timeWindow: "afternoon",
      reason: "Acne scars",
      consent: "yes",
      renderedAt: String(RENDERED_AT),
      website: "",
    });
    expect(screen.getByText("DS-7KQ2-MX9P")).toBeTruthy();
    expect(document.activeElement).toBe(heading);
  });

  it("keeps the bots' website field out of reach of people, keyboards and screen readers", () => {
    renderForm();
    const honeypot = document.querySelector<HTMLInputElement>('input[name="website"]')!;
    expect(honeypot.tabIndex).toBe(-1);
    expect(honeypot.autocomplete).toBe("off");
    expect(honeypot.closest('[aria-hidden="true"]')?.className).toBe("visually-hidden");
    expect(screen.queryByRole("textbox", { name: /website/i })).toBeNull();
  });

  it("does not send consent the patron did not give", async () => {
    const user = userEvent.setup();
    const action = vi.fn<BookingFormProps["action"]>(async (state) => state);
    renderForm(undefined, action);
    await user.type(input("Full name"), "Asha Rao");
    await user.click(screen.getByRole("button", { name: "Send request" }));
    await vi.waitFor(() => expect(action).toHaveBeenCalledTimes(1));
    expect(action.mock.calls[0][1].has("consent")).toBe(false);
  });

  it("keeps what the patron typed when the clinic asks for a correction", async () => {
    const user = userEvent.setup();
    const action = vi.fn<BookingFormProps["action"]>(
      async (_state, formData) => ({
        status: "editing",
        values: Object.fromEntries([...formData.entries()].map(([key, value]) => [key, String(value)])),
        errors: { mobile: MOBILE_ERROR },
      }),
    );
    renderForm(undefined, action);
    await user.type(input("Full name"), "Asha Rao");
    await user.type(input("Mobile number"), "12345");
    await user.type(screen.getByLabelText("Reason for consultation"), "Hair fall");
    await user.click(screen.getByRole("button", { name: "Send request" }));

    await screen.findByRole("heading", { name: "One answer needs your attention" });
    expect(input("Full name").value).toBe("Asha Rao");
    expect(input("Mobile number").value).toBe("12345");
    expect((screen.getByLabelText("Reason for consultation") as HTMLTextAreaElement).value).toBe("Hair fall");
    expect(input("Mobile number").getAttribute("aria-invalid")).toBe("true");
  });

  it("keeps every answer and says so when the site cannot be reached, and sends again when asked", async () => {
    const user = userEvent.setup();
    // React reports the caught error on the console; that is expected here.
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const action = vi
      .fn<BookingFormProps["action"]>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockResolvedValueOnce({ status: "received", receipt: RECEIPT });
    renderForm(undefined, action);
    await user.type(input("Full name"), "Asha Rao");
    await user.type(input("Mobile number"), "98765 43210");
    await user.click(input("Video consultation"));
    await user.type(screen.getByLabelText("Reason for consultation"), "Acne scars");
    await user.click(input(/I agree that the clinic may contact me/));
    await user.click(screen.getByRole("button", { name: "Send request" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("your request may not have been received");
    expect(alert.textContent).toContain(PHONE.display);
    expect(input("Full name").value).toBe("Asha Rao");
    expect(input("Mobile number").value).toBe("98765 43210");
    expect(input("Video consultation").checked).toBe(true);
    expect(input(/I agree that the clinic may contact me/).checked).toBe(true);
    expect((screen.getByLabelText("Reason for consultation") as HTMLTextAreaElement).value).toBe("Acne scars");

    await user.click(screen.getByRole("button", { name: "Send request" }));
    await screen.findByRole("heading", { name: "Request received" });
    expect(action).toHaveBeenCalledTimes(2);
    // The same form, so the server treats the second sending as the same request.
    expect(action.mock.calls[1][1].get("requestKey")).toBe("test-key-0001");
    consoleError.mockRestore();
  });
});

describe("the booking form's free times", () => {
  const TIMES: BookingState = {
    status: "editing",
    values: { preferredDate: "2026-12-07", time: "16:40" },
    errors: {},
    times: { date: "2026-12-07", dateLabel: "Monday, 7 Dec 2026", times: ["10:00", "11:20", "12:00", "16:40", "17:00"] },
  };

  it("offers the day's free times as patrons read them, grouped into morning, afternoon and evening", () => {
    renderForm(TIMES);
    const group = (name: string) => screen.getByRole("group", { name });
    expect(Array.from(group("Morning").querySelectorAll("label")).map((label) => label.textContent)).toEqual(["10:00 AM", "11:20 AM"]);
    expect(Array.from(group("Afternoon").querySelectorAll("label")).map((label) => label.textContent)).toEqual(["12:00 PM", "4:40 PM"]);
    expect(Array.from(group("Evening").querySelectorAll("label")).map((label) => label.textContent)).toEqual(["5:00 PM"]);
    // The time the patron had picked stays picked.
    expect(input("4:40 PM").checked).toBe(true);
    expect(screen.getByText(/Free times on Monday, 7 Dec 2026/)).toBeTruthy();
  });

  it("says when a day has no free times, and offers the next day that has some", () => {
    renderForm({
      ...TIMES,
      times: { date: "2026-12-13", dateLabel: "Sunday, 13 Dec 2026", times: [], problem: "The clinic is closed on Sundays: choose a day from Monday to Saturday", nextDate: "2026-12-14", nextDateLabel: "Monday, 14 Dec 2026" },
    });
    expect(screen.getByText(/The clinic is closed on Sundays.*The next day with free times is Monday, 14 Dec 2026\./)).toBeTruthy();
    const next = screen.getByRole("button", { name: "Show Monday, 14 Dec 2026" }) as HTMLButtonElement;
    expect([next.name, next.value]).toEqual(["showDate", "2026-12-14"]);
    expect(screen.queryAllByRole("radio", { name: /AM|PM$/ }).filter((radio) => (radio as HTMLInputElement).name === "time")).toEqual([]);
  });

  it("shows beside the times why the one picked was refused", () => {
    renderForm({ ...TIMES, errors: { time: "11:20 AM was just taken by another patron: choose another time." } });
    const group = screen.getByRole("group", { name: "Time (India time)" });
    expect(group.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(group)).toContain("11:20 AM was just taken by another patron: choose another time.");
  });

  it("has a button beside the date that shows its free times without sending the request", () => {
    renderForm();
    const show = screen.getByRole("button", { name: "Show free times" }) as HTMLButtonElement;
    expect([show.name, show.value, show.formNoValidate]).toEqual(["intent", "show-times", true]);
  });
});

describe("the booking form in Kannada and Hindi", () => {
  const kannada = fieldMessages("kn");

  it("labels every control, the time picker and the button in Kannada", () => {
    renderForm(undefined, undefined, "kn");
    for (const label of ["ಪೂರ್ಣ ಹೆಸರು", "ಮೊಬೈಲ್ ಸಂಖ್ಯೆ", "ಇಮೇಲ್", "ಬಯಸುವ ದಿನಾಂಕ", "ಸಮಾಲೋಚನೆಯ ಕಾರಣ"]) {
      expect(screen.getByLabelText(label, { exact: true })).toBeTruthy();
    }
    expect(screen.getByRole("group", { name: "ಸಮಯ (ಭಾರತೀಯ ಸಮಯ)" })).toBeTruthy();
    expect(screen.getByText("ಖಾಲಿ ಸಮಯಗಳನ್ನು ನೋಡಲು ದಿನಾಂಕವನ್ನು ಆರಿಸಿ.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "ಕೋರಿಕೆ ಕಳುಹಿಸಿ" })).toBeTruthy();
    expect(screen.getByRole("link", { name: /ಗೌಪ್ಯತಾ ಸೂಚನೆ/ }).getAttribute("href")).toBe("/kn/privacy");
  });

  it("tells the patron beside the field, in Hindi, what is wrong with the mobile number, keeping the answers", () => {
    const hindi = fieldMessages("hi");
    renderForm({ ...NEEDS_CORRECTION, errors: { mobile: hindi.mobile } }, undefined, "hi");
    const mobile = screen.getByLabelText("मोबाइल नंबर", { exact: true });
    expect(mobile.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(mobile)).toContain(hindi.mobile);
    expect((mobile as HTMLInputElement).value).toBe("12345");
    expect(screen.getByRole("heading", { name: "एक उत्तर पर ध्यान देना है" })).toBeTruthy();
    expect(hindi.mobile).toContain("98765 43210");
    expect(hindi.mobile).not.toBe(MOBILE_ERROR);
  });

  it("names the days the clinic is closed in Kannada, not in English", () => {
    const message = kannada.closedDay("2026-11-29", getClinic().hours);
    expect(message).toContain("ಭಾನುವಾರ");
    expect(message).not.toMatch(/[A-Za-z]{3,}/);
  });

  it("shows the receipt in Kannada with the mobile number as Indians write it", () => {
    renderForm({ status: "received", receipt: { ...RECEIPT, mobile: "+91 98765 43210" } }, undefined, "kn");
    expect(screen.getByRole("heading", { name: "ಕೋರಿಕೆ ತಲುಪಿದೆ" })).toBeTruthy();
    expect(screen.getByText("+91 98765 43210").className).toContain("phone");
  });

  it("asks about a mistyped address in Hindi, its buttons naming each address", () => {
    const values = { ...NEEDS_CORRECTION.values, mobile: "98765 43210", email: "asha@gmial.com" };
    renderForm({ ...NEEDS_CORRECTION, values, errors: {}, emailSuggestion: "asha@gmail.com" }, undefined, "hi");
    const email = screen.getByLabelText("ईमेल", { exact: true });
    expect(descriptions(email).join(" ")).toContain("क्या आपका मतलब asha@gmail.com था?");
    expect(screen.getByText(/पता चुनते ही वह भेज दिया जाएगा/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "asha@gmail.com इस्तेमाल करें" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "asha@gmial.com ही रखें" })).toBeTruthy();
    expect(screen.queryByText(/Did you mean|Use |Keep /)).toBeNull();
  });

  it("asks in Kannada as the patron leaves the field", async () => {
    const user = userEvent.setup();
    renderForm(undefined, undefined, "kn");
    const email = screen.getByLabelText("ಇಮೇಲ್", { exact: true }) as HTMLInputElement;
    await user.type(email, "asha@yaho.com");
    await user.tab();
    expect(descriptions(email).join(" ")).toContain("ನೀವು asha@yahoo.com ಎಂದು ಬರೆಯಬೇಕೆಂದಿದ್ದಿರಾ?");
    await user.click(screen.getByRole("button", { name: "asha@yahoo.com ಬಳಸಿ" }));
    expect(email.value).toBe("asha@yahoo.com");
  });
});

describe("the booking form, when the email address looks mistyped", () => {
  const ASKED: BookingState = {
    ...NEEDS_CORRECTION,
    values: { ...NEEDS_CORRECTION.values, mobile: "98765 43210", email: "asha@gmial.com" },
    errors: {},
    emailSuggestion: "asha@gmail.com",
  };

  it("asks beside the field, once sent, with the suggested and the typed address each a button that sends the form", () => {
    renderForm(ASKED);
    expect(descriptions(input("Email")).join(" ")).toContain("Did you mean asha@gmail.com?");
    expect(screen.getByText(/Your request is not sent yet/)).toBeTruthy();
    const use = screen.getByRole("button", { name: "Use asha@gmail.com" }) as HTMLButtonElement;
    const keep = screen.getByRole("button", { name: "Keep asha@gmial.com" }) as HTMLButtonElement;
    expect([use.type, use.name, use.value]).toEqual(["submit", "emailChoice", "asha@gmail.com"]);
    expect([keep.type, keep.name, keep.value]).toEqual(["submit", "emailChoice", "asha@gmial.com"]);
    expect(input("Email").value).toBe("asha@gmial.com");
    expect(document.activeElement?.id).toBe("email-suggestion");
  });

  it("sends the address the patron chose with the rest of the form", async () => {
    const user = userEvent.setup();
    const action = vi.fn<BookingFormProps["action"]>(async () => ({ status: "received", receipt: RECEIPT }));
    renderForm(ASKED, action);
    await user.click(screen.getByRole("button", { name: "Keep asha@gmial.com" }));
    await screen.findByRole("heading", { name: "Request received" });
    const sent = Object.fromEntries(action.mock.calls[0][1].entries());
    expect(sent).toMatchObject({ email: "asha@gmial.com", emailChoice: "asha@gmial.com", fullName: "Asha" });
  });

  it("asks as the patron leaves the field, and takes the suggested address into it", async () => {
    const user = userEvent.setup();
    renderForm();
    await user.type(input("Email"), "asha@yaho.com");
    expect(screen.queryByText(/Did you mean/)).toBeNull();
    await user.tab();
    expect(descriptions(input("Email")).join(" ")).toContain("Did you mean asha@yahoo.com?");
    expect(screen.queryByText(/Your request is not sent yet/)).toBeNull();
    await user.click(screen.getByRole("button", { name: "Use asha@yahoo.com" }));
    expect(input("Email").value).toBe("asha@yahoo.com");
    expect(screen.queryByText(/Did you mean/)).toBeNull();
  });

  it("keeps the address typed when the patron says so, and sends that it was kept", async () => {
    const user = userEvent.setup();
    const action = vi.fn<BookingFormProps["action"]>(async (state) => state);
    renderForm(undefined, action);
    await user.type(input("Email"), "asha@outlok.com");
    await user.tab();
    await user.click(screen.getByRole("button", { name: "Keep asha@outlok.com" }));
    expect(input("Email").value).toBe("asha@outlok.com");
    await user.click(input("Email"));
    await user.tab();
    expect(screen.queryByText(/Did you mean/)).toBeNull();
    await user.click(screen.getByRole("button", { name: "Send request" }));
    expect(Object.fromEntries(action.mock.calls[0][1].entries())).toMatchObject({ email: "asha@outlok.com", emailKept: "asha@outlok.com" });
  });

  it("says nothing of an address at a common domain", async () => {
    const user = userEvent.setup();
    renderForm();
    await user.type(input("Email"), "asha@gmail.com");
    await user.tab();
    expect(screen.queryByText(/Did you mean/)).toBeNull();
  });
});
