import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dateZone,
  parseDate,
  parseRelativeDate,
  parseYearlessDate,
  urlDay,
} from "../../src/sources/dates.js";

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
    ["2024-04-24", "2024-04-24"],
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
  // feedparser's own date-parser cases (tests/test_date_parsers.py, BSD-2-Clause), read as a feed reads them:
  // a date with no zone is UTC there, Korean dates are KST.
  it.each([
    ["Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z"],
    ["2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z"],
    ["-0312", "2003-12-01"],
    ["031231", "2003-12-31"],
    ["03-12-31", "2003-12-31"],
    ["-03-12", "2003-12-01"],
    ["03335", "2003-12-01"],
    ["2003-12-31T10:14:55.1234Z", "2003-12-31T10:14:55Z"],
    ["2003-012-31T10:14:55+00:00", "2003-12-31T10:14:55Z"],
    ["2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z"],
    ["2004년 05월 28일  01:31:15", "2004-05-27T16:31:15Z"],
    ["Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"],
    ["Thu, 30 Apr 2015 08:57:00 MET", "2015-04-30T07:57:00Z"],
    ["Thu, 30 Apr 2015 08:57:00 MEST", "2015-04-30T06:57:00Z"],
    ["Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"],
    ["Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"],
    ["Thu,  5 Apr 2012 10:00:00 GMT", "2012-04-05T10:00:00Z"],
    ["Wed, 19 Aug 2009 18:28:00 Etc/GMT", "2009-08-19T18:28:00Z"],
    ["Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z"],
    ["Wed, 19 Feb 2012 22:40:00 -01:01", "2012-02-19T23:41:00Z"],
    ["Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00Z"],
    ["Thu, 01 Jan 2004 00:00 GMT", "2004-01-01T00:00:00Z"],
    ["Thu, 01 Jan 2004", "2004-01-01"],
    ["Mon, 26 January 2004 16:31:00 AT", "2004-01-26T20:31:00Z"],
    ["Mon, 26 January 2004 16:31:00 ET", "2004-01-26T21:31:00Z"],
    ["Mon, 26 January 2004 16:31:00 CT", "2004-01-26T22:31:00Z"],
    ["Mon, 26 January 2004 16:31:00 MT", "2004-01-26T23:31:00Z"],
    ["Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z"],
    ["Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16Z"],
    ["Fri,24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36Z"],
    ["Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"],
    ["Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00Z"],
    ["2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"],
    ["2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"],
    ["2003-12-31T18:14:55+08:00", "2003-12-31T10:14:55Z"],
    ["2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47Z"],
    ["2003-12-31", "2003-12-31"],
    ["2003-12", "2003-12-01"],
    ["2003", "2003-01-01"],
    ["2004-02-28T18:14:55-08:00", "2004-02-29T02:14:55Z"],
    ["2003-02-28T18:14:55-08:00", "2003-03-01T02:14:55Z"],
    ["2000-02-28T18:14:55-08:00", "2000-02-29T02:14:55Z"],
    ["2004-07-08 23:56:58 -00:20", "2004-07-09T00:16:58Z"],
    ["2004-07-08 23:56:58", "2004-07-08T23:56:58Z"],
    ["2004-07-08 23:56:58.0", "2004-07-08T23:56:58Z"],
  ])("reads feedparser's case %s", (text, iso) => {
    expect(parseDate(text, "+00:00")).toBe(iso);
  });

  it("reads only known zone names; an unknown one is no zone, not +08:00", () => {
    expect(parseDate("Thu, 01 Jan 2004 19:48:21 XYZ", "+00:00")).toBe("2004-01-01T19:48:21Z");
    expect(parseDate("Thu, 01 Jan 2004 19:48:21 EST", "+00:00")).toBe("2004-01-02T00:48:21Z");
  });

  it("reads IST as India Standard Time, as Indian feeds and datelines write it", () => {
    expect(parseDate("Wed, 20 Nov 2019 13:38:07 IST", "+00:00")).toBe("2019-11-20T08:08:07Z");
    expect(parseDate("01:38:07 PM IST Nov 20, 2019", "+00:00")).toBe("2019-11-20T08:08:07Z");
    expect(parseDate("November 20, 2019 at 1:38 pm IST", "+09:00")).toBe("2019-11-20T08:08:00Z");
  });

  it("reads Japanese and Chinese dates with a zone, and Korean ones as KST", () => {
    expect(parseDate("2024年4月24日 10時30分 JST", "+00:00")).toBe("2024-04-24T01:30:00Z");
    expect(parseDate("2024年04月24日 10:30 +0800", "+00:00")).toBe("2024-04-24T02:30:00Z");
    expect(parseDate("2024년 4월 24일 오후 3:20", "+00:00")).toBe("2024-04-24T06:20:00Z");
  });

  it("tells the zone a date names, for a feed's other dates", () => {
    expect(dateZone("Wed, 19 Feb 2012 22:40:00 -01:01")).toBe("-01:01");
    expect(dateZone("2004-07-08 23:56:58")).toBeUndefined();
  });

  it.each([
    ["01.07.2024 17:45", "2024-07-01T17:45:00Z"],
    ["Veröffentlicht am 20.03.2024, 10:30 Uhr", "2024-03-20T10:30:00Z"],
    ["1. Juli 2024", "2024-07-01"],
    ["20. März 2024 um 10:30 Uhr", "2024-03-20T10:30:00Z"],
    ["12 juillet 2024 à 10h30", "2024-07-12T10:30:00Z"],
    ["20 de noviembre de 2019", "2019-11-20"],
    ["November 20, 2019", "2019-11-20"],
    ["Nov. 18, 2019, 4:06 p.m.", "2019-11-18T16:06:00Z"],
    ["November 19, 2019, 07:47 PM EST", "2019-11-20T00:47:00Z"],
    ["20 November 2019 10:30 GMT", "2019-11-20T10:30:00Z"],
    ["Tue 20 Nov 2019 10.30 GMT", "2019-11-20T10:30:00Z"],
    ["01:38:07 PM GMT Nov 20, 2019", "2019-11-20T13:38:07Z"],
    ["17:45, 1. Juli 2024", "2024-07-01T17:45:00Z"],
  ])("reads the dateline %s as European and English pages write it", (text, want) => {
    expect(parseDate(text, "+00:00")).toBe(want);
  });

  it("reads a date with no zone in a country's zone, its summer time included", () => {
    expect(parseDate("01.07.2024 17:45", "Europe/Berlin")).toBe("2024-07-01T15:45:00Z");
    expect(parseDate("01.12.2024 17:45", "Europe/Berlin")).toBe("2024-12-01T16:45:00Z");
    // The night the clocks go forward (31 March 2024, 02:00 → 03:00 in Berlin).
    expect(parseDate("31.03.2024 03:30", "Europe/Berlin")).toBe("2024-03-31T01:30:00Z");
  });
});

describe("datelines as CJK portals write them", () => {
  it.each([
    ["令和6年5月3日 13時30分", "2024-05-03T04:30:00Z"],
    ["平成31年4月30日", "2019-04-30"],
    ["令和元年5月1日 10:00", "2019-05-01T01:00:00Z"],
    ["２０２４年５月３日　１３時３０分", "2024-05-03T04:30:00Z"],
    ["公開日：令和６年５月３日", "2024-05-03"],
  ])("reads the Japanese era year and full-width digits of %s", (text, want) => {
    expect(parseDate(text, "+09:00")).toBe(want);
  });

  it("reads a day and a time written side by side with no space between them", () => {
    expect(parseDate("2024-05-0313:30:00", "+08:00")).toBe("2024-05-03T05:30:00Z");
    expect(parseDate("2024.05.0313:30", "+09:00")).toBe("2024-05-03T04:30:00Z");
  });

  it.each([
    ["2024年05月03日 星期五 13:30", "+08:00", "2024-05-03T05:30:00Z"],
    ["2024-05-03 星期五 13:30", "+08:00", "2024-05-03T05:30:00Z"],
    ["2024/05/03 週五 下午1:30", "+08:00", "2024-05-03T05:30:00Z"],
    ["2024年5月3日 金曜日 13時30分", "+09:00", "2024-05-03T04:30:00Z"],
    ["2024.05.03 금요일 오후 1:30", "+09:00", "2024-05-03T04:30:00Z"],
  ])("reads the time after the day of the week in %s", (text, zone, want) => {
    expect(parseDate(text, zone)).toBe(want);
  });

  it("reads a dateline whose year is written apart from its month and day", () => {
    expect(parseDate("2024 05/03 13:30:15", "+08:00")).toBe("2024-05-03T05:30:15Z");
  });

  it("reads the Republic of China's year of a Taiwanese dateline", () => {
    expect(parseDate("民國113年5月3日 13:30", "+08:00")).toBe("2024-05-03T05:30:00Z");
  });

  it.each([
    [
      "更新时间：2024-05-04 09:12 发布时间：2024-05-03 13:30:00 来源：新华网",
      "+08:00",
      "2024-05-03T05:30:00Z",
    ],
    ["수정 2024.05.04 10:02 | 입력 2024.05.03 13:30", "+09:00", "2024-05-03T04:30:00Z"],
    ["입력 2024.05.03 13:30 | 수정 2024.05.04 10:02", "+09:00", "2024-05-03T04:30:00Z"],
    ["最終更新：2024年5月4日 10:02　公開：2024年5月3日 13:30", "+09:00", "2024-05-03T04:30:00Z"],
  ])("takes the published date of %s, not the time it was changed", (text, zone, want) => {
    expect(parseDate(text, zone)).toBe(want);
  });

  it("reads a month, day and time with no year in the latest year that is not in the future", () => {
    const latest = Date.parse("2025-01-05T00:00:00Z");
    expect(parseYearlessDate("3/28(木) 18:05", "+09:00", Date.parse("2024-03-29T00:00:00Z"))).toBe(
      "2024-03-28T09:05:00Z",
    );
    // (the last days of December, read early in January, are last year's)
    expect(parseYearlessDate("12/31(火) 18:05", "+09:00", latest)).toBe("2024-12-31T09:05:00Z");
    expect(parseYearlessDate("1月4日 9時30分", "+09:00", latest)).toBe("2025-01-04T00:30:00Z");
    expect(parseYearlessDate("05-03 13:30", "+08:00", latest)).toBe("2024-05-03T05:30:00Z");
    // No time, or a score, is no dateline.
    expect(parseYearlessDate("3/28", "+09:00", latest)).toBeUndefined();
    expect(parseYearlessDate("13/28 18:05", "+09:00", latest)).toBeUndefined();
  });

  it.each([
    ["5分钟前", "+08:00", "2024-05-03T05:25:00Z"],
    ["3小時前", "+08:00", "2024-05-03T02:30:00Z"],
    ["2時間前", "+09:00", "2024-05-03T03:30:00Z"],
    ["10분 전", "+09:00", "2024-05-03T05:20:00Z"],
    ["1 hour ago", "+00:00", "2024-05-03T04:30:00Z"],
    ["刚刚", "+08:00", "2024-05-03T05:30:00Z"],
    ["昨天 13:30", "+08:00", "2024-05-02T05:30:00Z"],
    ["今日 9:05", "+09:00", "2024-05-03T00:05:00Z"],
    // (03:00 UTC is already the 4th in Seoul, so its 어제 is the 3rd)
    ["어제 23:10", "+09:00", "2024-05-03T14:10:00Z"],
  ])("reads the relative dateline %s before now", (text, zone, want) => {
    const now = Date.parse(text.startsWith("어제") ? "2024-05-04T03:00:00Z" : "2024-05-03T05:30:00Z");
    expect(parseRelativeDate(text, zone, now)).toBe(want);
  });

  it("reads no relative dateline that is a day alone, or a time today still to come", () => {
    const now = Date.parse("2024-05-03T05:30:00Z");
    expect(parseRelativeDate("3天前", "+08:00", now)).toBeUndefined();
    expect(parseRelativeDate("今天 23:00", "+08:00", now)).toBeUndefined();
    expect(parseRelativeDate("第3分", "+08:00", now)).toBeUndefined();
  });

  it("reads the day a news URL files its article under", () => {
    expect(urlDay("https://www.example.jp/news/html/20240328/k10014403.html")).toBe(Date.UTC(2024, 2, 28));
    expect(urlDay("https://example.co.kr/society/2024/05/03/AB12/")).toBe(Date.UTC(2024, 4, 3));
    expect(urlDay("http://news.example.cn/n1/2024/0503/c1002-40228812.html")).toBe(Date.UTC(2024, 4, 3));
    expect(urlDay("https://example.com/article/12345678")).toBeUndefined();
  });
});

describe("ISO dates as 人民網's feeds write them", () => {
  // Read by a shortcut (STRICT_ISO) before the general reader; with a full-width digit in it, the same date goes
  // the general way (its digits made ASCII first): the two must agree on every such date.
  const two = (n: number) => String(n).padStart(2, "0");
  const date = fc.record({
    y: fc.integer({ min: 1990, max: 2099 }),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    time: fc.option(
      fc.record({
        h: fc.integer({ min: 0, max: 24 }),
        mi: fc.integer({ min: 0, max: 59 }),
        s: fc.option(fc.integer({ min: 0, max: 59 })),
        zone: fc.constantFrom("", "Z", "z", "+08:00", "+0900", "-05:30"),
        t: fc.constantFrom("T", " "),
      }),
    ),
  });
  const text = ({ y, mo, d, time }: typeof date extends fc.Arbitrary<infer T> ? T : never) =>
    `${y}-${two(mo)}-${two(d)}` +
    (time
      ? `${time.t}${two(time.h)}:${two(time.mi)}${time.s === null ? "" : `:${two(time.s)}`}${time.zone}`
      : "");
  const fullWidthFirst = (t: string) => String.fromCharCode(t.charCodeAt(0) + 0xfee0) + t.slice(1);

  it("reads them as the general reader does, with their zone or the default", () => {
    fc.assert(
      fc.property(date, fc.constantFrom("+08:00", "+00:00", "-03:00"), (parts, zone) => {
        const t = text(parts);
        expect(parseDate(t, zone)).toBe(parseDate(fullWidthFirst(t), zone));
        expect(dateZone(t)).toBe(dateZone(fullWidthFirst(t)));
      }),
      { numRuns: 2000 },
    );
    expect(parseDate("2026-01-15 08:30:00")).toBe("2026-01-15T00:30:00Z");
    expect(parseDate("2024-04-24T23:52+09:00")).toBe("2024-04-24T14:52:00Z");
    expect(dateZone("2024-04-24T23:52:00-0530")).toBe("-05:30");
  });
});
