// Dates as feeds and pages write them → ISO instants in UTC. A date without a zone is read in the zone the
// caller names: +08:00 for 人民網 (Beijing time), a page's country's zone (`Europe/Berlin`), and for a feed the
// zone its other dates show, else UTC. Never the machine's zone. The grammar follows feedparser's date parsers
// (RFC 822 and its variants, W3C-DTF and ISO 8601's short forms, asctime, Korean, Greek and Hungarian names).

import { isDayOnly, ownCopy } from "../model.js";

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

// Month names in other languages feeds are written in, replaced by the English abbreviation before reading.
const FOREIGN_MONTHS: [RegExp, string][] = [
  // Greek (accents optional), then Hungarian.
  [/Ιαν/giu, "Jan"],
  [/Φεβ/giu, "Feb"],
  [/Μ[άα]ρ/giu, "Mar"],
  [/Απρ/giu, "Apr"],
  [/Μ[άα][ιϊΐ]/giu, "May"],
  [/Ιο[ύυ]ν/giu, "Jun"],
  [/Ιο[ύυ]λ/giu, "Jul"],
  [/[ΑΆ][ύυ]γ/giu, "Aug"],
  [/Σεπ/giu, "Sep"],
  [/Οκτ/giu, "Oct"],
  [/Νο[έε]/giu, "Nov"],
  [/Δεκ/giu, "Dec"],
  [/január/giu, "Jan"],
  [/február/giu, "Feb"],
  [/március/giu, "Mar"],
  [/április/giu, "Apr"],
  [/május/giu, "May"],
  [/június/giu, "Jun"],
  [/július/giu, "Jul"],
  [/augusztus/giu, "Aug"],
  [/szeptember/giu, "Sep"],
  [/október/giu, "Oct"],
  [/november/giu, "Nov"],
  [/december/giu, "Dec"],
];
// Month names of pages in German, French, Spanish, Italian, Dutch and Portuguese whose first three letters are
// no English abbreviation (`Juli`, `März`, `juillet`, `août`, `diciembre`, `oktober`), as whole words.
const EUROPEAN_MONTHS: [RegExp, string][] = (
  [
    ["jänner|januar|janvier|enero|gennaio|januari|janeiro", "Jan"],
    ["februar|février|febrero|febbraio|februari|fevereiro", "Feb"],
    ["märz|maart|marzo|março", "Mar"],
    ["avril|abril|aprile", "Apr"],
    ["mai|mayo|maggio|mei|maio", "May"],
    ["juni|juin|junio|giugno|junho", "Jun"],
    ["juli|juillet|julio|luglio|julho", "Jul"],
    ["août|agosto|augustus", "Aug"],
    ["septembre|septiembre|settembre|setembro", "Sep"],
    ["oktober|octobre|octubre|ottobre|outubro", "Oct"],
    ["novembre|noviembre|novembro", "Nov"],
    ["dezember|décembre|diciembre|dicembre|dezembro", "Dec"],
  ] as const
).map(([names, en]) => [new RegExp(`(?<!\\p{L})(?:${names})(?!\\p{L})`, "giu"), en]);
// Greek day names (Κυρ, Δευ …) carry no information once the date is there.
const GREEK_DAY = /^[\u0370-\u03ff\u1f00-\u1fff]+,\s*/u;

// Zone names with one meaning. "CST" is China Standard Time: in the feeds this reader is for it is never US
// Central. "IST" is India Standard Time (+05:30): Irish and Israel time are written IST too, but their own news
// sites give numeric offsets, while Indian sites and wires write "IST" in feeds and datelines (The Hindu, PTI).
// A name not here is no zone at all (the caller's default applies), never a guess.
const ZONE_NAMES: Record<string, number> = {
  gmt: 0,
  ut: 0,
  utc: 0,
  z: 0,
  "etc/gmt": 0,
  "etc/utc": 0,
  wet: 0,
  bst: 60,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  at: -240,
  ast: -240,
  adt: -180,
  et: -300,
  est: -300,
  edt: -240,
  ct: -360,
  cdt: -300,
  mt: -420,
  mst: -420,
  mdt: -360,
  pt: -480,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ist: 330,
  cst: 480,
  hkt: 480,
  bjt: 480,
  sgt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/**
 * Zones as written, read before (a feed writes the same one on every item): one lookup instead of a trim, a
 * lower-casing and a regular expression per date. Cleared when full: a hostile feed may write a new one each time.
 */
const zonesRead = new Map<string, number | undefined>();
const ZONES_KEPT = 256;

/** Minutes east of UTC for a zone as written (`+0900`, `-01:01`, `GMT-01:01`, `EDT`), or undefined. */
function zoneMinutes(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  if (zonesRead.has(zone)) return zonesRead.get(zone);
  if (zonesRead.size >= ZONES_KEPT) zonesRead.clear();
  const minutes = readZone(zone);
  // (its own copy: a zone cut from a feed's text would keep that whole text alive)
  zonesRead.set(ownCopy(zone), minutes);
  return minutes;
}

function readZone(zone: string): number | undefined {
  const z = zone.trim().toLowerCase();
  const named = ZONE_NAMES[z];
  if (named !== undefined) return named;
  const m = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 18 * 60) return undefined;
  return (m[1] === "-" ? -1 : 1) * minutes;
}

interface DateParts {
  y: number;
  mo: number;
  d: number;
  h?: number | undefined;
  mi?: number | undefined;
  s?: number | undefined;
  /** Minutes east of UTC when the text names its zone. */
  zone?: number | undefined;
  /** The zone the text's script implies when it names none (Korean dates are KST, as feedparser reads them). */
  impliedZone?: number | undefined;
}

/** A capture group that may be missing, as a number. */
function maybeNumber(group: string | undefined): number | undefined {
  return group === undefined ? undefined : Number(group);
}

/** The time of day and zone of a date whose groups 4–7 are hours, minutes, seconds and zone (ISO, RFC 822, d.m.y). */
function clockOf(m: RegExpExecArray): Pick<DateParts, "h" | "mi" | "s" | "zone"> {
  return { h: maybeNumber(m[4]), mi: maybeNumber(m[5]), s: maybeNumber(m[6]), zone: zoneMinutes(m[7]) };
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  return n + (n < 70 ? 2000 : 1900);
}

// A zone after a time: an offset (colon optional, after GMT/UTC or not), or a name of letters (and Etc/GMT).
const ZONE = String.raw`((?:GMT|UTC|UT)?\s?[+-]\d{1,2}:?\d{2}|Etc/[A-Z]+|[A-Z]{1,5})`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?`;

const ISO = new RegExp(
  String.raw`(\d{4})-(\d{1,3})-(\d{1,2})(?:[T ]\s?${TIME}\s?(Z|[+-]\d{2}:?\d{2}(?![\d:]))?)?`,
  "i",
);
// Whole-text ISO 8601 short forms feedparser reads: 2003, 2003-12, -0312, 031231, 03-12-31, -03-12, 03335.
const ISO_SHORT: [RegExp, (m: RegExpExecArray) => DateParts][] = [
  [/^(\d{4})$/, (m) => ({ y: Number(m[1]), mo: 1, d: 1 })],
  [/^(\d{4})-(\d{2})$/, (m) => ({ y: Number(m[1]), mo: Number(m[2]), d: 1 })],
  [/^-(\d{2})(\d{2})$/, (m) => ({ y: fullYear(m[1] ?? ""), mo: Number(m[2]), d: 1 })],
  [/^-(\d{2})-(\d{2})$/, (m) => ({ y: fullYear(m[1] ?? ""), mo: Number(m[2]), d: 1 })],
  [/^(\d{2})-?(\d{2})-?(\d{2})$/, (m) => ({ y: fullYear(m[1] ?? ""), mo: Number(m[2]), d: Number(m[3]) })],
  [/^(\d{2})(\d{3})$/, (m) => ordinal(fullYear(m[1] ?? ""), Number(m[2]))],
];
// "20 Nov 2019 10:30 GMT", and as European pages write it: "1. Juli 2024 um 10:30 Uhr", "12 juillet 2024 à
// 10h30", "20 de noviembre de 2019", "Tue 20 Nov 2019 10.30 GMT".
const RFC = new RegExp(
  String.raw`(\d{1,2})\.?[\s-](?:de\s)?([a-z]{3})[a-z]*\.?,?[\s-](?:de\s)?(\d{4}|\d{2})(?:,?\s(?:um\s|at\s|à\s|-\s)?(\d{1,2})[:.h](\d{2})(?::(\d{2}))?(?:\sUhr)?)?(?:\s?${ZONE})?(?![a-z])`,
  "i",
);
// "01.07.2024 17:45", "20.03.2024, 10:30 Uhr": the day first, as Europe writes it with dots.
const DMY = new RegExp(
  String.raw`(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)(?:,?\s(?:um\s|-\s)?${TIME}(?:\sUhr)?(?:\s?${ZONE})?)?`,
  "i",
);
// A time written before its day: "01:38:07 PM IST Nov 20, 2019", "17:45, 1. Juli 2024".
const TIME_FIRST = new RegExp(
  String.raw`^(\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([ap])\.?m\b\.?)?(?: (${ZONE.slice(1, -1)})(?![a-z]))?,? (?=\S)`,
  "i",
);
// "November 20, 2019", "Nov. 18, 2019, 4:06 p.m.", "November 20, 2019 at 10:30 am EST".
const MONTH_DAY_YEAR = new RegExp(
  String.raw`\b([a-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?, (\d{4})(?:,? (?:at )?(\d{1,2})(?::(\d{2}))?(?::(\d{2}))? ?([ap])\.?m\b\.?| ${TIME})?(?: ?${ZONE}(?![a-z]))?`,
  "i",
);
// "Thu Aug 30 2012 17:26:16 +0200", asctime "Sun Jan  4 16:29:06 2004", "Sun Jul 15 01:16:00 +0000 2012".
const MONTH_FIRST = new RegExp(
  String.raw`\b([a-z]{3})[a-z]* (\d{1,2})(?:,? (\d{4}))? ${TIME}(?: ${ZONE})?(?: (\d{4}))?`,
  "i",
);
// CJK and numeric: 2023年09月18日08:40 · 2004년 05월 28일 01:31:15 · 2024.04.24. 오후 3:20 · 2006/09/15 08:19:53 EDT
// · 2004-05-25 오후 11:23:17 · 2024 05/03 13:30:15 (the year apart, in an element of its own)
const CJK = new RegExp(
  String.raw`(\d{4})\s?(?:年|년|\.|\/|-|\s(?=\d{1,2}[/-]\d{1,2}))\s?(\d{1,2})\s?(?:月|월|\.|\/|-)\s?(\d{1,2})\s?(?:日|일|\.)?(?:\s?\([^)]*\)|\s?（[^）]*）)?\s?(오전|오후|午前|午後|上午|下午|AM|PM)?\s?(?:(\d{1,2})\s?(?::|時|时|시)\s?(\d{1,2})\s?(?:分|분)?(?::(\d{2}))?(?:\s?(오전|오후|AM|PM))?(?:\s?${ZONE})?)?`,
  "i",
);

function ordinal(y: number, day: number): DateParts {
  const date = new Date(Date.UTC(y, 0, day));
  return { y, mo: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/**
 * RFC 822 as feeds write it, `Wed, 20 Aug 2025 06:00:00 +0800`: no word of four letters, no Greek, no `-` date.
 * Its groups are RFC's for such a text (day, month, year, hours, minutes, seconds, zone).
 */
const STRICT_RFC =
  /^(?:[a-z]{3}, )?(\d{1,2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4}|gmt|utc?|z)$/i;

/** The parts of a date in STRICT_RFC's form (with a month's name), as rfcParts reads it; else undefined. */
function strictRfcParts(t: string): DateParts | undefined {
  const m = STRICT_RFC.exec(t);
  const month = m ? MONTHS[(m[2] ?? "").toLowerCase()] : undefined;
  if (!m || !month) return undefined;
  return { y: Number(m[3]), mo: month, d: Number(m[1]), ...clockOf(m) };
}

/**
 * ISO 8601 as 人民網's feeds (and the bundled sample site's) write it, `2026-01-15 08:30:00`, `2024-04-24T23:52+08:00`:
 * nothing below reads or changes a text in this form until ISO does, with these groups (year, month, day, hours,
 * minutes, seconds, zone). The twenty-odd expressions before it, each compiled at its first use, cost ~5 ms of CPU
 * in every refresh that met such a date, and the same walk for each item.
 */
const STRICT_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(z|[+-]\d{2}:?\d{2})?)?$/i;

/** The parts of a date in STRICT_ISO's form, as the ISO branch of readParts reads it; else undefined. */
function strictIsoParts(t: string): DateParts | undefined {
  const m = STRICT_ISO.exec(t);
  if (!m) return undefined;
  return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), ...clockOf(m) };
}

function rfcParts(t: string): DateParts | undefined {
  const rfc = RFC.exec(t);
  const rfcMonth = rfc ? MONTHS[(rfc[2] ?? "").toLowerCase()] : undefined;
  if (!rfc || !rfcMonth) return undefined;
  return {
    y: fullYear(rfc[3] ?? ""),
    mo: rfcMonth,
    d: Number(rfc[1]),
    ...clockOf(rfc),
  };
}

// Japan's era years (令和6年 is 2024, 元年 its first) and the Republic of China's (民國113年, Taiwan's dates).
const ERA_YEAR = /(令和|平成|昭和|民國|民国)\s?(\d{1,3}|元)\s?年/u;
const ERA_START: Record<string, number> = { 令和: 2018, 平成: 1988, 昭和: 1925, 民國: 1911, 民国: 1911 };

/** The text with full-width digits and colons as ASCII, and an era's year as the Western one. */
function westernDigits(t: string): string {
  const ascii = /[\uff10-\uff1a]/.test(t)
    ? t.replace(/[\uff10-\uff1a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    : t;
  return ascii.replace(
    ERA_YEAR,
    (_, era: string, n: string) => `${(ERA_START[era] ?? 0) + (n === "元" ? 1 : Number(n))}年`,
  );
}

// A dateline that labels its dates (`发布时间：… 更新时间：…`, `입력 … | 수정 …`, `公開日：…`): the published one
// is read, wherever it stands, never the time it was last changed.
const PUBLISHED_LABEL =
  /(?:发布|發布|发表|發表|首发|首發|出版|刊登|입력|등록|기사입력|最初|公開|配信|掲載|投稿|Published|Posted|First published)(?:时间|時間|日時|日|일시|시간|於|于|on|at)?\s?[:：]?\s?(?=[\d０-９令平昭民])/iu;
// A label of the time it was changed (`更新时间：`, `수정 2024.05.04`, `Updated:`): not the article's own date.
const MODIFIED_LABEL =
  /^(?:最后)?(?:更新|修改|修订|編集|编辑|最終更新|수정|업데이트|최종수정|Updated|Modified|Last modified|Last updated)/iu;

/** Whether a dateline's text is the time the article was changed, not when it was published. */
export function isModifiedDateline(text: string): boolean {
  const t = text.trim();
  return MODIFIED_LABEL.test(t) && !PUBLISHED_LABEL.test(t);
}

const WEEKDAY_BEFORE_TIME =
  /(\d[日일.]?)\s?(?:(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]|[月火水木金土日]曜日?|[월화수목금토일]요일)\s?(?=(?:上午|下午|午前|午後|오전|오후)?\s?\d{1,2}\s?[:時时시])/u;

function readParts(text: string, timeFirst = true): DateParts | undefined {
  // Most feeds' dates: nothing below reads or changes one in the RFC 822 form, and its twenty-odd expressions
  // were most of the cost of a list's dates. Its single spaces are what the spaces below make of them.
  const strict = strictRfcParts(text) ?? strictIsoParts(text);
  if (strict) return strict;
  let t = text.replace(/[\s\u3000\u00a0]+/g, " ").trim();
  if (!t) return undefined;
  const spaced = t !== text && (strictRfcParts(t) ?? strictIsoParts(t));
  if (spaced) return spaced;
  const published = PUBLISHED_LABEL.exec(t);
  if (published && published.index > 0) t = t.slice(published.index);
  // (a day and a time in elements side by side, `<span>2024-05-03</span><span>13:30</span>`, read as one text)
  t = westernDigits(t).replace(/(\d{4}([-/.])\d{1,2}\2\d{2})(?=\d{1,2}:\d{2})/, "$1 ");
  // (the day of the week between the day and the time, `2024年05月03日 星期五 13:30`, `2024.05.03 금요일 13:30`)
  if (WEEKDAY_BEFORE_TIME.test(t)) t = t.replace(WEEKDAY_BEFORE_TIME, "$1 ");
  // The time before the day (`01:38:07 PM IST Nov 20, 2019`): the day read, then given that time.
  const lead = timeFirst ? TIME_FIRST.exec(t) : null;
  if (lead) {
    const day = readParts(t.slice(lead[0].length), false);
    if (day && day.h === undefined) {
      let h = Number(lead[1]);
      if (lead[4]) h = (h % 12) + (/p/i.test(lead[4]) ? 12 : 0);
      const zone = zoneMinutes(lead[5]);
      return { ...day, h, mi: Number(lead[2]), s: Number(lead[3] ?? 0), zone: zone ?? day.zone };
    }
  }
  for (const [re, short] of ISO_SHORT) {
    const m = re.exec(t);
    if (m) return short(m);
  }
  t = t.replace(GREEK_DAY, "");
  for (const [re, en] of FOREIGN_MONTHS) t = t.replace(re, en);
  // (only a text with a word of four letters or more can name one: RFC 822 dates pass untouched)
  if (/[a-zà-ü]{4}/i.test(t)) for (const [re, en] of EUROPEAN_MONTHS) t = t.replace(re, en);

  // W3C-DTF / ISO 8601 ("2004-07-08 23:56:58 -00:20" too), unless it is the Korean "2004-05-25 오후 11:23:17".
  const iso = /오전|오후/.test(t) ? null : ISO.exec(t);
  if (iso) {
    return {
      y: Number(iso[1]),
      mo: Number(iso[2]),
      d: Number(iso[3]),
      ...clockOf(iso),
    };
  }
  // "2004-July-13T9:15-05:00" once the Hungarian month is English.
  const named = /(\d{4})-([a-z]{3})-(\d{1,2})T(\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?/i.exec(t);
  if (named && MONTHS[(named[2] ?? "").toLowerCase()]) {
    return {
      y: Number(named[1]),
      mo: MONTHS[(named[2] ?? "").toLowerCase()] ?? 0,
      d: Number(named[3]),
      h: Number(named[4]),
      mi: Number(named[5]),
      s: Number(named[6] ?? 0),
      zone: zoneMinutes(named[7]),
    };
  }

  const rfc = rfcParts(t);
  if (rfc) return rfc;

  const dmy = DMY.exec(t);
  if (dmy) {
    return {
      y: Number(dmy[3]),
      mo: Number(dmy[2]),
      d: Number(dmy[1]),
      ...clockOf(dmy),
    };
  }

  const mdy = MONTH_DAY_YEAR.exec(t);
  const mdyMonth = mdy ? MONTHS[(mdy[1] ?? "").toLowerCase()] : undefined;
  if (mdy && mdyMonth) {
    // A 12-hour time (`4:06 p.m.`) or a 24-hour one.
    const h = mdy[4] ?? mdy[8];
    let hour = maybeNumber(h);
    if (hour !== undefined && mdy[7]) hour = (hour % 12) + (/p/i.test(mdy[7]) ? 12 : 0);
    return {
      y: Number(mdy[3]),
      mo: mdyMonth,
      d: Number(mdy[2]),
      h: hour,
      mi: mdy[5] !== undefined ? Number(mdy[5]) : mdy[9] !== undefined ? Number(mdy[9]) : undefined,
      s: mdy[6] !== undefined ? Number(mdy[6]) : mdy[10] !== undefined ? Number(mdy[10]) : undefined,
      zone: zoneMinutes(mdy[11]),
    };
  }

  const mf = MONTH_FIRST.exec(t);
  const mfMonth = mf ? MONTHS[(mf[1] ?? "").toLowerCase()] : undefined;
  if (mf && mfMonth && (mf[3] ?? mf[8])) {
    return {
      y: Number(mf[3] ?? mf[8]),
      mo: mfMonth,
      d: Number(mf[2]),
      h: Number(mf[4]),
      mi: Number(mf[5]),
      s: Number(mf[6] ?? 0),
      zone: zoneMinutes(mf[7]),
    };
  }

  const cjk = CJK.exec(t);
  if (cjk) {
    return {
      y: Number(cjk[1]),
      mo: Number(cjk[2]),
      d: Number(cjk[3]),
      h: halfDay(maybeNumber(cjk[5]), cjk[4] ?? cjk[8]),
      mi: maybeNumber(cjk[6]),
      s: maybeNumber(cjk[7]),
      zone: zoneMinutes(cjk[9]),
      impliedZone: impliedZone(t),
    };
  }
  return undefined;
}

/** An hour on a 12-hour clock (`오후 1`, `午後3`, `PM 1`) on the 24-hour one. */
function halfDay(h: number | undefined, half: string | undefined): number | undefined {
  if (h === undefined || !half) return h;
  if (/오후|午後|下午|PM/i.test(half) && h < 12) return h + 12;
  if (/오전|午前|上午|AM/i.test(half) && h === 12) return 0;
  return h;
}

// A date written in Korean (`2004년 05월 28일`, `오후 3:20`) is KST, as feedparser reads it. Korean words around a
// date written otherwise say nothing of its zone: 人民網's Korean edition writes Beijing time with a `출처:`.
function impliedZone(t: string): number | undefined {
  return /년|오전|오후/.test(t) ? 540 : undefined;
}

// A month, day and time with no year (`3/28(木) 18:05`, `5月3日 13時30分`, `05-03 13:30`), as news pages date
// the day's articles. A time is needed: a month and day alone may be anything (a fraction, a score).
const NO_YEAR =
  /(?<![\d/.:-])(\d{1,2})\s?(?:月|\/|-)\s?(\d{1,2})\s?日?(?:\s?[(（][^)）]{1,4}[)）])?\s?(午前|午後|上午|下午|오전|오후|AM|PM)?\s?(\d{1,2})\s?(?::|時|时|시)\s?(\d{2})(?![\d/])/iu;

/**
 * A dateline with no year (`3/28(木) 18:05`) in the latest year that does not put it after `latest` (ms since
 * the epoch: the day the page's URL gives, else now): never a date in the future.
 */
export function parseYearlessDate(
  text: string | undefined,
  defaultZone: string,
  latest: number,
): string | undefined {
  if (!text) return undefined;
  const t = westernDigits(text.replace(/[\s\u3000\u00a0]+/g, " "));
  const m = NO_YEAR.exec(t);
  if (!m) return undefined;
  const year = new Date(latest).getUTCFullYear();
  for (const y of [year, year - 1]) {
    const p: DateParts = {
      y,
      mo: Number(m[1]),
      d: Number(m[2]),
      h: halfDay(Number(m[4]), m[3]),
      mi: Number(m[5]),
      impliedZone: impliedZone(t),
    };
    const date = instant(p, p.impliedZone ?? offsetFor(p, defaultZone) ?? 480);
    if (!date) return undefined;
    if (Date.parse(date) <= latest) return date;
  }
  return undefined;
}

function instant(p: DateParts, offsetMinutes: number): string | undefined {
  const h = p.h ?? 0;
  const mi = p.mi ?? 0;
  const s = p.s ?? 0;
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31 || h > 24 || mi > 59 || s > 60 || p.y < 1970 || p.y > 2999)
    return undefined;
  const ms = Date.UTC(p.y, p.mo - 1, p.d, h, mi, s) - offsetMinutes * 60_000;
  if (!Number.isFinite(ms)) return undefined;
  return isoSeconds(ms);
}

/**
 * `new Date(ms).toISOString()` without its `.000` for a whole second, worked out by arithmetic (days to a civil
 * date, H. Hinnant's algorithm): the Date's formatting was most of the cost of a feed's dates. The same text for
 * every instant (checked on every hour and a million random seconds from 1969 to 3001).
 */
function isoSeconds(ms: number): string {
  if (ms % 1000 !== 0) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  const secs = (ms - days * 86_400_000) / 1000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(secs / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  return `${y}-${twoDigits(m)}-${twoDigits(d)}T${twoDigits(h)}:${twoDigits(mi)}:${twoDigits(secs % 60)}Z`;
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function formatZone(minutes: number): string {
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${minutes < 0 ? "-" : "+"}${hh}:${mm}`;
}

// The zone of countries that keep one (summer time included), by ISO 3166 code as a page's language tag
// (`de-AT`, `en_GB`) or country domain (`.fr`, `.co.uk`) names them. Countries spanning zones (us, ca, au, ru,
// br, mx, id) are not here: a page there gives no zone by its country.
const COUNTRY_ZONES: Record<string, string> = {
  at: "Europe/Vienna",
  be: "Europe/Brussels",
  bg: "Europe/Sofia",
  ch: "Europe/Zurich",
  cn: "Asia/Shanghai",
  cz: "Europe/Prague",
  de: "Europe/Berlin",
  dk: "Europe/Copenhagen",
  ee: "Europe/Tallinn",
  es: "Europe/Madrid",
  fi: "Europe/Helsinki",
  fr: "Europe/Paris",
  gb: "Europe/London",
  gr: "Europe/Athens",
  hk: "Asia/Hong_Kong",
  hr: "Europe/Zagreb",
  hu: "Europe/Budapest",
  ie: "Europe/Dublin",
  il: "Asia/Jerusalem",
  in: "Asia/Kolkata",
  it: "Europe/Rome",
  jp: "Asia/Tokyo",
  kr: "Asia/Seoul",
  lt: "Europe/Vilnius",
  lu: "Europe/Luxembourg",
  lv: "Europe/Riga",
  nl: "Europe/Amsterdam",
  no: "Europe/Oslo",
  nz: "Pacific/Auckland",
  pl: "Europe/Warsaw",
  pt: "Europe/Lisbon",
  ro: "Europe/Bucharest",
  se: "Europe/Stockholm",
  sg: "Asia/Singapore",
  si: "Europe/Ljubljana",
  sk: "Europe/Bratislava",
  tr: "Europe/Istanbul",
  tw: "Asia/Taipei",
  ua: "Europe/Kyiv",
  uk: "Europe/London",
  za: "Africa/Johannesburg",
};
// Languages written (nearly) only in one country's zone: its code there. Not English, Spanish, French,
// Portuguese, Arabic or Russian, which are read in many zones.
const LANGUAGE_COUNTRIES: Record<string, string> = {
  bg: "bg",
  cs: "cz",
  da: "dk",
  de: "de",
  el: "gr",
  et: "ee",
  fi: "fi",
  he: "il",
  hr: "hr",
  hu: "hu",
  it: "it",
  ja: "jp",
  ko: "kr",
  lt: "lt",
  lv: "lv",
  nb: "no",
  nl: "nl",
  nn: "no",
  no: "no",
  pl: "pl",
  ro: "ro",
  sk: "sk",
  sl: "si",
  sv: "se",
  tr: "tr",
  uk: "ua",
  zh: "cn",
};

/** The zone of a country (`de`, `GB`), or of the one country a language (`sv`) is read in; else undefined. */
export function countryZone(country: string | undefined, language?: string): string | undefined {
  const byCountry = country ? COUNTRY_ZONES[country.toLowerCase()] : undefined;
  if (byCountry) return byCountry;
  const home = language ? LANGUAGE_COUNTRIES[language.toLowerCase()] : undefined;
  return home ? COUNTRY_ZONES[home] : undefined;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC in an IANA zone (`Europe/Berlin`) at an instant, summer time included. */
function ianaOffset(zone: string, ms: number): number | undefined {
  let format = zoneFormats.get(zone);
  try {
    if (!format) {
      format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
      zoneFormats.set(zone, format);
    }
    return zoneMinutes(format.formatToParts(ms).find((p) => p.type === "timeZoneName")?.value);
  } catch {
    return undefined;
  }
}

/** Minutes east of UTC for a wall-clock date read in `zone`, an offset (`+08:00`) or an IANA name. */
function offsetFor(p: DateParts, zone: string): number | undefined {
  const fixed = zoneMinutes(zone);
  if (fixed !== undefined || !zone.includes("/")) return fixed;
  const wall = Date.UTC(p.y, p.mo - 1, p.d, p.h ?? 0, p.mi ?? 0, p.s ?? 0);
  // The offset at the wall time read as UTC, then at the instant that gives: right across a change of clocks.
  const first = ianaOffset(zone, wall);
  return first === undefined ? undefined : (ianaOffset(zone, wall - first * 60_000) ?? first);
}

/**
 * Parses RFC 822, ISO 8601 and CJK dates (`2023年09月18日08:40`, `2024年4月24日 10時30分`, `2024.04.24 오후 3:20`).
 * `defaultZone` (`+08:00`, or an IANA name such as `Europe/Berlin`, its summer time included) applies when the
 * text names none. A date without a time of day is the day alone (`2024-05-03`, see isDayOnly). Undefined when
 * nothing date-like is found.
 */
export function parseDate(text: string | undefined, defaultZone = "+08:00"): string | undefined {
  if (!text) return undefined;
  const parts = readParts(text);
  if (!parts) return undefined;
  // A day with no time of day is that day anywhere: as an instant (its midnight in the page's zone) it would show
  // as the evening before to a reader west of that zone.
  if (parts.h === undefined) return instant(parts, 0)?.slice(0, 10);
  return instant(parts, parts.zone ?? parts.impliedZone ?? offsetFor(parts, defaultZone) ?? 480);
}

/** When a parsed date begins, in ms since the epoch: a day alone (`2024-05-03`) at its midnight in `zone`. */
export function dateStart(date: string, zone: string): number {
  if (!isDayOnly(date)) return Date.parse(date);
  const p: DateParts = {
    y: Number(date.slice(0, 4)),
    mo: Number(date.slice(5, 7)),
    d: Number(date.slice(8, 10)),
  };
  return Date.parse(instant(p, offsetFor(p, zone) ?? 0) ?? date);
}

/** The zone a date names (`+09:00`), or undefined when it names none: a feed's own zone, for its other dates. */
export function dateZone(text: string | undefined): string | undefined {
  const zone = text ? readParts(text)?.zone : undefined;
  return zone === undefined ? undefined : formatZone(zone);
}

// A day in a URL's path (`/2024/05/03/`, `/20240503/`, `2024-05/03`, `20240503-OYT1T50001`), as news sites file
// their articles.
const URL_DAY = /(?<!\d)(20\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?!\d)/;

/** The start (UTC) of the day a URL's path names, in ms since the epoch, or undefined. */
export function urlDay(url: string): number | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = URL_DAY.exec(path);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
}

// A dateline relative to now, as portals date the latest articles: `5分钟前`, `3小時前`, `2時間前`, `10분 전`,
// `1 hour ago`, `刚刚`, and `昨天 13:30`, `今日 9:05`, `어제 13:30` (a day alone, `3天前`, gives no time: not read).
const AGO =
  /(?<!\d)(\d{1,3})\s?(分钟|分鐘|分|minutes?|mins?|분|小时|小時|時間|hours?|hrs?|시간)\s?(?:以前|前|ago|전)/iu;
const RELATIVE_WORD =
  /前|ago|전|刚刚|剛剛|たった今|방금|just now|今天|今日|오늘|today|昨天|昨日|어제|yesterday/i;
const JUST_NOW = /^(?:刚刚|剛剛|たった今|방금|just now)/iu;
const DAY_WORD = /(今天|今日|오늘|today|昨天|昨日|어제|yesterday)\s?(\d{1,2})\s?[:時时시]\s?(\d{2})/iu;

/** A relative dateline (`3小时前`, `昨天 13:30`) as an instant before `now` (ms), its clock read in `zone`. */
export function parseRelativeDate(text: string | undefined, zone: string, now: number): string | undefined {
  // (asked of every short text near a headline that is no date: one test turns most of them away)
  if (!text || !RELATIVE_WORD.test(text)) return undefined;
  const t = westernDigits(text.trim());
  if (JUST_NOW.test(t)) return new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");
  const ago = AGO.exec(t);
  if (ago) {
    const minutes = /^(?:分|min|분)/iu.test(ago[2] ?? "") ? 1 : 60;
    const at = now - Number(ago[1]) * minutes * 60_000;
    return new Date(at - (at % 60_000)).toISOString().replace(/\.000Z$/, "Z");
  }
  const day = DAY_WORD.exec(t);
  if (!day) return undefined;
  const back = /今|오늘|today/iu.test(day[1] ?? "") ? 0 : 1;
  // The day it is now where the page's clocks are (or was the day before), then that day's time there.
  const utc = new Date(now);
  const offset = offsetFor({ y: utc.getUTCFullYear(), mo: utc.getUTCMonth() + 1, d: utc.getUTCDate() }, zone);
  const local = new Date(now + (offset ?? 0) * 60_000 - back * 24 * 3600_000);
  const p: DateParts = {
    y: local.getUTCFullYear(),
    mo: local.getUTCMonth() + 1,
    d: local.getUTCDate(),
    h: Number(day[2]),
    mi: Number(day[3]),
  };
  const date = instant(p, offsetFor(p, zone) ?? 0);
  return date && Date.parse(date) <= now ? date : undefined;
}
