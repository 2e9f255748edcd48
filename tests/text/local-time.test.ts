// A list shows each item's date in the user's time zone, `2023-09-18 08:40`. Its dates are formatted from the
// Date's local fields (cheaper than Intl, once per row drawn): they must read exactly as Intl formats them in
// that zone, across daylight-saving changes and in zones off the hour.
import { afterEach, describe, expect, it } from "vitest";
import { formatLocalTime } from "../../src/text/article.js";

const zoneBefore = process.env["TZ"];
afterEach(() => {
  if (zoneBefore === undefined) delete process.env["TZ"];
  else process.env["TZ"] = zoneBefore;
});

describe("an item's date in the user's time zone", () => {
  for (const zone of [
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
  ])
    it(`reads as Intl gives it in ${zone}, every 7 hours 13 minutes over two years`, () => {
      process.env["TZ"] = zone;
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2026, 0, 1); t += (7 * 60 + 13) * 60_000) {
        const iso = new Date(t).toISOString();
        expect(formatLocalTime(iso), iso).toBe(formatLocalTime(iso, zone));
      }
    });

  it("is the local wall time of an offset date, and empty for a date that does not parse", () => {
    process.env["TZ"] = "Asia/Shanghai";
    expect(formatLocalTime("2025-08-20T06:30:00+08:00")).toBe("2025-08-20 06:30");
    expect(formatLocalTime("Wed, 19 Aug 2025 23:05:00 GMT")).toBe("2025-08-20 07:05");
    expect(formatLocalTime("not a date")).toBe("");
  });
});
