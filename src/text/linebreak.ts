// The untailored Unicode line breaking algorithm (UAX #14, rule by rule, for the Unicode version of the data in
// linebreak-data.ts). Kinsoku and the other tailorings live in wrap.ts, on top of what this returns.
import { LINE_BREAK_CLASS_NAMES, LINE_BREAK_RUNS, UNICODE_VERSION } from "./linebreak-data.js";
import { scratchArrays } from "./scratch.js";

export { UNICODE_VERSION };

// Class indices: the order of LINE_BREAK_CLASS_NAMES (generated). QU is split into QU_PI / QU_PF by General_Category.
export const BK = 0,
  CR = 1,
  LF = 2,
  NL = 3,
  SP = 4,
  ZW = 5,
  ZWJ = 6,
  CM = 7,
  WJ = 8,
  GL = 9,
  BA = 10,
  BB = 11,
  HY = 12,
  CB = 13,
  CL = 14,
  CP = 15,
  EX = 16,
  IN = 17,
  NS = 18,
  OP = 19,
  QU = 20,
  IS = 21,
  NU = 22,
  PO = 23,
  PR = 24,
  SY = 25,
  AL = 26,
  HL = 27,
  ID = 28,
  EB = 29,
  EM = 30,
  H2 = 31,
  H3 = 32,
  JL = 33,
  JV = 34,
  JT = 35,
  RI = 36,
  CJ = 37,
  AK = 38,
  AP = 39,
  AS = 40,
  VF = 41,
  VI = 42,
  B2 = 43,
  QU_PI = 44,
  QU_PF = 45;

const CLASS_MASK = 63;
const FLAG_EAST_ASIAN = 64;
const FLAG_PICTOGRAPHIC_UNASSIGNED = 128;
const DOTTED_CIRCLE = 0x25cc;
const HYPHEN = 0x2010;

// Classes some rule from LB11 on decides by looking beyond the pair (spaces, quotation marks, numbers, hyphens,
// aksara, regional indicators, emoji modifiers, East-Asian-width-dependent brackets). Any other pair of classes
// always gives the same answer, so it is computed once and cached.
const CONTEXTUAL = new Uint8Array(64);
for (const c of [
  SP,
  ZW,
  ZWJ,
  CM,
  QU,
  QU_PI,
  QU_PF,
  OP,
  CP,
  B2,
  HY,
  BA,
  IS,
  NU,
  PR,
  PO,
  SY,
  AK,
  AS,
  AP,
  VI,
  VF,
  RI,
  EM,
])
  CONTEXTUAL[c] = 1;
const pairCache = new Uint8Array(64 * 64).fill(255);

/** Break action before a code point. */
export const NO_BREAK = 0;
export const ALLOW_BREAK = 1;
export const MANDATORY_BREAK = 2;
export type BreakAction = typeof NO_BREAK | typeof ALLOW_BREAK | typeof MANDATORY_BREAK;

let table: Uint8Array | undefined;
function lineBreakTable(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x110000);
  let cp = 0;
  for (const run of LINE_BREAK_RUNS.split(",")) {
    const star = run.indexOf("*");
    const length = star < 0 ? 1 : parseInt(run.slice(0, star), 36);
    const value = parseInt(star < 0 ? run : run.slice(star + 1), 36);
    t.fill(value, cp, cp + length);
    cp += length;
  }
  table = t;
  return t;
}

/** The resolved line break class of a code point (one of the constants above; CJ unresolved). */
export function lineBreakClass(codePoint: number): number {
  return (lineBreakTable()[codePoint] ?? AL) & CLASS_MASK;
}

/** The resolved line break class name of a code point (QU_PI/QU_PF for initial/final quotation marks). */
export function lineBreakClassName(codePoint: number): string {
  return LINE_BREAK_CLASS_NAMES[(lineBreakTable()[codePoint] ?? 0) & CLASS_MASK] ?? "AL";
}

export interface LineBreakOptions {
  /** How CJ (small kana, ー) resolves: "NS" as UAX #14 and JLREQ strict, "ID" as CSS line-break: normal. */
  cj: "NS" | "ID";
}

const isQuote = (c: number) => c === QU || c === QU_PI || c === QU_PF;
const isMandatoryAfter = (c: number) => c === BK || c === CR || c === LF || c === NL;
const isAlphabetic = (c: number) => c === AL || c === HL;
const isAksara = (c: number, cp: number) => c === AK || c === AS || cp === DOTTED_CIRCLE;

// lineBreakActions' working arrays, by code point: class after LB1; flags; class after LB9/LB10 (a combining
// mark takes its base's class); index of the base of the unit a code point belongs to.
const scratchFor = scratchArrays((size) => ({
  raw: new Uint8Array(size),
  flags: new Uint8Array(size),
  cls: new Uint8Array(size),
  base: new Int32Array(size),
}));

/**
 * Break actions for each code point of `codePoints`: result[i] is the action for the boundary BEFORE code point
 * i (result[0] is always NO_BREAK: LB2). The end of text (LB3) is implied and not represented.
 */
export function lineBreakActions(
  codePoints: ArrayLike<number>,
  options: LineBreakOptions = { cj: "NS" },
  /** Where to write them (its first codePoints.length entries), instead of a new array. */
  into?: Uint8Array,
): Uint8Array {
  const n = codePoints.length;
  const t = lineBreakTable();
  const { raw, flags, cls, base } = scratchFor(n);
  const cjClass = options.cj === "ID" ? ID : NS;
  for (let i = 0; i < n; i++) {
    const cp = codePoints[i] ?? 0;
    const v = t[cp] ?? AL;
    let c = v & CLASS_MASK;
    if (c === CJ) c = cjClass;
    raw[i] = c;
    flags[i] = v & (FLAG_EAST_ASIAN | FLAG_PICTOGRAPHIC_UNASSIGNED);
    base[i] = i;
    cls[i] = c;
    if (c === CM || c === ZWJ) {
      const p = i - 1;
      const pc = p >= 0 ? raw[p]! : -1;
      // LB9: X (CM | ZWJ)* → X, unless X is BK CR LF NL SP ZW (or sot); LB10: otherwise as AL.
      if (p >= 0 && !(isMandatoryAfter(pc) || pc === SP || pc === ZW)) {
        base[i] = base[p]!;
        cls[i] = cls[p]!;
      } else {
        cls[i] = AL;
      }
    }
  }

  const result = into && into.length >= n ? into.subarray(0, n).fill(0) : new Uint8Array(n);
  // Helpers over units (a base with its attached marks). prevUnit(j) is the last index of the unit before j's.
  const prevUnitEnd = (j: number) => base[j]! - 1;
  const nextUnitStart = (j: number) => {
    let k = j + 1;
    while (k < n && base[k] !== k) k++;
    return k;
  };
  const eastAsian = (j: number) => (flags[base[j]!]! & FLAG_EAST_ASIAN) !== 0;
  const cpAt = (j: number) => codePoints[base[j]!] ?? 0;

  // LB11 to LB31 for the boundary before i (i is not an attached mark).
  const rules = (i: number): number => {
    const a = cls[i - 1]!;
    const b = cls[i]!;
    // Skipping spaces backwards: s is the last non-space position before i (-1 at sot).
    let s = i - 1;
    while (s >= 0 && cls[s] === SP) s--;
    const before = s >= 0 ? cls[s]! : -1;

    // LB11
    if (b === WJ || a === WJ) return NO_BREAK;
    // LB12, LB12a
    if (a === GL) return NO_BREAK;
    if (b === GL && a !== SP && a !== BA && a !== HY) return NO_BREAK;
    // LB13
    if (b === CL || b === CP || b === EX || b === SY) return NO_BREAK;
    // LB14: OP SP* ×
    if (before === OP) return NO_BREAK;
    // LB15a: (sot | BK | CR | LF | NL | OP | QU | GL | SP | ZW) [QU & Pi] SP* ×
    if (before === QU_PI) {
      const k = prevUnitEnd(s);
      const kc = k >= 0 ? cls[k]! : -1;
      if (k < 0 || isMandatoryAfter(kc) || kc === OP || isQuote(kc) || kc === GL || kc === SP || kc === ZW)
        return NO_BREAK;
    }
    // LB15b: × [QU & Pf] ( SP | GL | WJ | CL | QU | CP | EX | IS | SY | BK | CR | LF | NL | ZW | eot )
    if (b === QU_PF) {
      const k = nextUnitStart(i);
      const kc = k < n ? cls[k]! : -1;
      if (
        k >= n ||
        kc === SP ||
        kc === GL ||
        kc === WJ ||
        kc === CL ||
        isQuote(kc) ||
        kc === CP ||
        kc === EX ||
        kc === IS ||
        kc === SY ||
        isMandatoryAfter(kc) ||
        kc === ZW
      )
        return NO_BREAK;
    }
    // LB15c: SP ÷ IS NU
    if (a === SP && b === IS) {
      const k = nextUnitStart(i);
      if (k < n && cls[k] === NU) {
        return ALLOW_BREAK;
      }
    }
    // LB15d: × IS
    if (b === IS) return NO_BREAK;
    // LB16: (CL | CP) SP* × NS
    if (b === NS && (before === CL || before === CP)) return NO_BREAK;
    // LB17: B2 SP* × B2
    if (b === B2 && before === B2) return NO_BREAK;
    // LB18: SP ÷
    if (a === SP) {
      return ALLOW_BREAK;
    }
    // LB19: × [QU - Pi]; [QU - Pf] ×
    if (b === QU || b === QU_PF) return NO_BREAK;
    if (a === QU || a === QU_PI) return NO_BREAK;
    // LB19a: quotation marks next to non-East-Asian text
    if (isQuote(b)) {
      if (!eastAsian(i - 1)) return NO_BREAK;
      const k = nextUnitStart(i);
      if (k >= n || !eastAsian(k)) return NO_BREAK;
    }
    if (isQuote(a)) {
      if (!eastAsian(i)) return NO_BREAK;
      const k = prevUnitEnd(i - 1);
      if (k < 0 || !eastAsian(k)) return NO_BREAK;
    }
    // LB20: ÷ CB; CB ÷
    if (b === CB || a === CB) {
      return ALLOW_BREAK;
    }
    // LB20a: (sot | BK | CR | LF | NL | SP | ZW | CB | GL) (HY | U+2010) × AL  (Unicode 17: no longer HL)
    if ((a === HY || cpAt(i - 1) === HYPHEN) && b === AL) {
      const k = prevUnitEnd(i - 1);
      const kc = k >= 0 ? cls[k]! : -1;
      if (k < 0 || isMandatoryAfter(kc) || kc === SP || kc === ZW || kc === CB || kc === GL) return NO_BREAK;
    }
    // LB21: × BA; × HY; × NS; BB ×
    if (b === BA || b === HY || b === NS || a === BB) return NO_BREAK;
    // LB21a: HL (HY | [BA - $EastAsian]) × [^HL]
    if ((a === HY || (a === BA && !eastAsian(i - 1))) && b !== HL) {
      const k = prevUnitEnd(i - 1);
      if (k >= 0 && cls[k] === HL) return NO_BREAK;
    }
    // LB21b: SY × HL
    if (a === SY && b === HL) return NO_BREAK;
    // LB22: × IN
    if (b === IN) return NO_BREAK;
    // LB23
    if (isAlphabetic(a) && b === NU) return NO_BREAK;
    if (a === NU && isAlphabetic(b)) return NO_BREAK;
    // LB23a
    if (a === PR && (b === ID || b === EB || b === EM)) return NO_BREAK;
    if ((a === ID || a === EB || a === EM) && b === PO) return NO_BREAK;
    // LB24
    if ((a === PR || a === PO) && isAlphabetic(b)) return NO_BREAK;
    if (isAlphabetic(a) && (b === PR || b === PO)) return NO_BREAK;
    // LB25: numbers
    if (lb25NoBreak(cls, base, i, n)) return NO_BREAK;
    // LB26
    if (a === JL && (b === JL || b === JV || b === H2 || b === H3)) return NO_BREAK;
    if ((a === JV || a === H2) && (b === JV || b === JT)) return NO_BREAK;
    if ((a === JT || a === H3) && b === JT) return NO_BREAK;
    // LB27
    const aHangul = a === JL || a === JV || a === JT || a === H2 || a === H3;
    const bHangul = b === JL || b === JV || b === JT || b === H2 || b === H3;
    if (aHangul && b === PO) return NO_BREAK;
    if (a === PR && bHangul) return NO_BREAK;
    // LB28
    if (isAlphabetic(a) && isAlphabetic(b)) return NO_BREAK;
    // LB28a: Brahmic orthographic syllables
    {
      const aAk = isAksara(a, cpAt(i - 1));
      const bAk = isAksara(b, cpAt(i));
      if (a === AP && bAk) return NO_BREAK;
      if (aAk && (b === VF || b === VI)) return NO_BREAK;
      if (a === VI && (b === AK || cpAt(i) === DOTTED_CIRCLE)) {
        const k = prevUnitEnd(i - 1);
        if (k >= 0 && isAksara(cls[k]!, cpAt(k))) return NO_BREAK;
      }
      if (aAk && bAk) {
        const k = nextUnitStart(i);
        if (k < n && cls[k] === VF) return NO_BREAK;
      }
    }
    // LB29
    if (a === IS && isAlphabetic(b)) return NO_BREAK;
    // LB30
    if ((isAlphabetic(a) || a === NU) && b === OP && !eastAsian(i)) return NO_BREAK;
    if (a === CP && !eastAsian(i - 1) && (isAlphabetic(b) || b === NU)) return NO_BREAK;
    // LB30a: regional indicator pairs
    if (a === RI && b === RI) {
      let count = 0;
      let k = i - 1;
      while (k >= 0 && cls[k] === RI) {
        if (base[k] === k) count++;
        k--;
      }
      if (count % 2 === 1) return NO_BREAK;
    }
    // LB30b
    if (b === EM && (a === EB || (flags[base[i - 1]!]! & FLAG_PICTOGRAPHIC_UNASSIGNED) !== 0))
      return NO_BREAK;
    // LB31
    return ALLOW_BREAK;
  };

  for (let i = 1; i < n; i++) {
    const r0 = raw[i - 1]!;
    const r1 = raw[i]!;
    // LB4, LB5
    if (r0 === BK || r0 === LF || r0 === NL) {
      result[i] = MANDATORY_BREAK;
      continue;
    }
    if (r0 === CR) {
      result[i] = r1 === LF ? NO_BREAK : MANDATORY_BREAK;
      continue;
    }
    // LB6, LB7
    if (isMandatoryAfter(r1) || r1 === SP || r1 === ZW) continue;
    // LB8: ZW SP* ÷
    {
      let j = i - 1;
      while (j > 0 && raw[j] === SP) j--;
      if (raw[j] === ZW) {
        result[i] = ALLOW_BREAK;
        continue;
      }
    }
    // LB8a: ZWJ ×
    if (r0 === ZWJ) continue;
    // LB9: attached marks
    if (base[i] !== i) continue;

    const a = cls[i - 1]!;
    const b = cls[i]!;
    // Pairs that no rule from LB11 on looks around: the answer depends on the two classes alone.
    if (!CONTEXTUAL[a] && !CONTEXTUAL[b]) {
      const key = a * 64 + b;
      let cached = pairCache[key]!;
      if (cached === 255) cached = pairCache[key] = rules(i);
      result[i] = cached;
    } else {
      result[i] = rules(i);
    }
  }
  return result;
}

// LB25, the regular-expression form of UAX #14 (since Unicode 15.1):
//   NU (SY | IS)* CLOSE? × (PO | PR);  (PR | PO) × (OP | HY)? IS? NU;  (OP | HY) × IS? NU;  IS × NU?;  NU (SY|IS)* × NU ...
function lb25NoBreak(cls: Uint8Array, base: Int32Array, i: number, n: number): boolean {
  const a = cls[i - 1]!;
  const b = cls[i]!;
  const unitAfter = (j: number) => {
    let k = j + 1;
    while (k < n && base[k] !== k) k++;
    return k;
  };
  const classAt = (k: number) => (k < n ? cls[k]! : -1);
  // Forward looks: (OP | HY)? IS? NU after PR/PO; IS? NU after OP/HY.
  if (a === PR || a === PO) {
    let k = i;
    if (classAt(k) === OP || classAt(k) === HY) k = unitAfter(k);
    if (classAt(k) === IS) k = unitAfter(k);
    if (classAt(k) === NU) return true;
  }
  if (a === OP || a === HY) {
    let k = i;
    if (classAt(k) === IS) k = unitAfter(k);
    if (classAt(k) === NU) return true;
  }
  if (a === IS && b === NU) return true;
  // Backward looks: NU (SY | IS)* (CL | CP)? × (PO | PR) and NU (SY | IS)* × NU.
  let k = i - 1;
  const step = () => {
    k = base[k]! - 1;
  };
  if (b === PO || b === PR) {
    if (classAt(k) === CL || classAt(k) === CP) step();
    while (k >= 0 && (cls[k] === SY || cls[k] === IS)) step();
    if (k >= 0 && cls[k] === NU) return true;
  }
  if (b === NU) {
    k = i - 1;
    while (k >= 0 && (cls[k] === SY || cls[k] === IS)) step();
    if (k >= 0 && cls[k] === NU) return true;
  }
  return false;
}
