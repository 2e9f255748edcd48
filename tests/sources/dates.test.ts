import { describe, expect, it } from "vitest";
import { parseDate } from "../../src/sources/dates.js";

describe("parseDate", () => {
  it.each([
    ["2023-09-18 08:40:00", "2023-09-18T00:40:00Z"],
    ["2023年09月18日08:40", "2023-09-18T00:40:00Z"],
    ["2023年09月18日08:40 | 來源:大眾報業·大眾日報", "2023-09-18T00:40:00Z"],
    ["2024-04-24T23:52:00+08:00", "2024-04-24T15:52:00Z"],
    ["2024-04-24T15:52:00.123Z", "2024-04-24T15:52:00Z"],
    ["Wed, 24 Apr 2024 23:52:00 +0800", "2024-04-24T15:52:00Z"],
    ["Wed, 24 Apr 2024 15:52:00 GMT", "2024-04-24T15:52:00Z"],
    ["24 Apr 2024 10:00 JST", "2024-04-24T01:00:00Z"],
    ["2024-04-24", "2024-04-23T16:00:00Z"],
  ])("reads a 人民網-zone (+08:00) date: %s", (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each([
    ["2024年4月24日 10時30分", "2024-04-24T01:30:00Z"],
    ["2024年4月24日(水) 午後3時05分", "2024-04-24T06:05:00Z"],
    ["입력 2024.04.24. 오후 3:20", "2024-04-24T06:20:00Z"],
    ["2024.04.24 오전 12:10", "2024-04-23T15:10:00Z"],
    ["2024/04/24 10:30", "2024-04-24T01:30:00Z"],
  ])("reads a Japanese or Korean date in +09:00: %s", (text, iso) => {
    expect(parseDate(text, "+09:00")).toBe(iso);
  });

  it("gives undefined for text with no date, or an impossible one", () => {
    expect(parseDate("小字號")).toBeUndefined();
    expect(parseDate("")).toBeUndefined();
    expect(parseDate(undefined)).toBeUndefined();
    expect(parseDate("2024-13-45 10:00")).toBeUndefined();
  });
});
