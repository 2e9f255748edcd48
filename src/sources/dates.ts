// Dates as feeds and pages write them → ISO instants in UTC. A date without a zone is read in the zone the
// caller names: +08:00 for 人民網 (Beijing time), +09:00 for Japanese and Korean pages.

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

// RFC 822 zone names still seen in feeds.
const ZONE_NAMES: Record<string, string> = {
  gmt: "+00:00",
  ut: "+00:00",
  utc: "+00:00",
  z: "+00:00",
  est: "-05:00",
  edt: "-04:00",
  cst: "+08:00", // in a CJK feed "CST" is China Standard Time, not US Central
  cdt: "-05:00",
  mst: "-07:00",
  mdt: "-06:00",
  pst: "-08:00",
  pdt: "-07:00",
  jst: "+09:00",
  kst: "+09:00",
  hkt: "+08:00",
  bjt: "+08:00",
};

function zoneOffsetMinutes(zone: string): number | undefined {
  const named = ZONE_NAMES[zone.toLowerCase()];
  const z = named ?? zone;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return undefined;
  const sign = m[1] === "-" ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function instant(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offsetMinutes: number,
): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60 || y < 1970 || y > 2999)
    return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000;
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

/**
 * Parses RFC 822, ISO 8601 and CJK dates (`2023年09月18日08:40`, `2024年4月24日 10時30分`, `2024.04.24 오후 3:20`).
 * `defaultZone` (`+08:00`) applies when the text names none. Undefined when nothing date-like is found.
 */
export function parseDate(text: string | undefined, defaultZone = "+08:00"): string | undefined {
  if (!text) return undefined;
  const t = text.replace(/[\s\u3000\u00a0]+/g, " ").trim();
  if (!t) return undefined;
  const fallback = zoneOffsetMinutes(defaultZone) ?? 480;

  // ISO 8601 and its zone-less "2023-09-18 08:40:00" cousin.
  const iso =
    /(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?/i.exec(
      t,
    );
  if (iso) {
    const zone = iso[7] ? zoneOffsetMinutes(iso[7]) : fallback;
    return instant(
      Number(iso[1]),
      Number(iso[2]),
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
      zone ?? fallback,
    );
  }

  // RFC 822: "Wed, 24 Apr 2024 15:52:00 GMT" (day name and seconds optional; two-digit years happen).
  const rfc =
    /(\d{1,2}) ([a-z]{3})[a-z]* (\d{2,4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?(?: ?([+-]\d{4}|[a-z]{1,4}))?/i.exec(
      t,
    );
  if (rfc) {
    const mo = MONTHS[(rfc[2] ?? "").toLowerCase()];
    if (mo) {
      let y = Number(rfc[3]);
      if (y < 100) y += y < 70 ? 2000 : 1900;
      const zone = rfc[7] ? zoneOffsetMinutes(rfc[7]) : fallback;
      return instant(
        y,
        mo,
        Number(rfc[1]),
        Number(rfc[4] ?? 0),
        Number(rfc[5] ?? 0),
        Number(rfc[6] ?? 0),
        zone ?? fallback,
      );
    }
  }

  // CJK: 2023年09月18日08:40 · 2024年4月24日 10時30分 · 2024.04.24. 오후 3:20 · 2024/04/24 午後3:20
  const cjk =
    /(\d{4})\s?(?:年|\.|\/)\s?(\d{1,2})\s?(?:月|\.|\/)\s?(\d{1,2})\s?(?:日|\.)?(?:\s?\([^)]*\)|\s?（[^）]*）)?\s?(오전|오후|午前|午後|上午|下午|AM|PM)?\s?(?:(\d{1,2})\s?(?::|時|时|시)\s?(\d{1,2})\s?(?:分|분)?(?::(\d{2}))?)?/i.exec(
      t,
    );
  if (cjk) {
    let h = Number(cjk[5] ?? 0);
    const half = cjk[4];
    if (half && /오후|午後|下午|PM/i.test(half) && h < 12) h += 12;
    if (half && /오전|午前|上午|AM/i.test(half) && h === 12) h = 0;
    return instant(
      Number(cjk[1]),
      Number(cjk[2]),
      Number(cjk[3]),
      h,
      Number(cjk[6] ?? 0),
      Number(cjk[7] ?? 0),
      fallback,
    );
  }

  const parsed = Date.parse(t);
  if (Number.isFinite(parsed) && /\d{4}/.test(t) && /[+-]\d{2}:?\d{2}|Z|GMT|UTC/i.test(t)) {
    return new Date(parsed).toISOString().replace(/\.000Z$/, "Z");
  }
  return undefined;
}
