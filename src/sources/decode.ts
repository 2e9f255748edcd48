// Bytes → text without mojibake. Order: BOM > HTTP charset > in-document declaration > sniffing > UTF-8.
// Legacy CJK pages often declare nothing, or declare the wrong thing, so declarations are checked against the
// bytes: a legacy label on bytes that are valid UTF-8, or a label the bytes cannot be, gives way with a warning.

import { isAscii as bufferIsAscii } from "node:buffer";
import { sanitizeInline } from "../text/sanitize.js";

export interface Decoded {
  text: string;
  charset: string;
  /** how it was chosen */
  via: "bom" | "header" | "document" | "sniff" | "default";
  warnings: string[];
}

type Kind = "html" | "xml" | "text";

// No prototype: a label such as "__proto__" or "constructor" from a hostile header must find nothing.
const LABELS: Record<string, string> = Object.create(null) as Record<string, string>;
function alias(charset: string, labels: string[]): void {
  for (const l of labels) LABELS[l] = charset;
}
alias("utf-8", ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"]);
alias("gb18030", [
  "gb18030",
  "gbk",
  "x-gbk",
  "gb2312",
  "gb_2312",
  "gb_2312-80",
  "chinese",
  "csgb2312",
  "csiso58gb231280",
  "iso-ir-58",
  "cp936",
  "ms936",
  "windows-936",
  "euc-cn",
  "hz-gb-2312",
]);
alias("big5", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950", "ms950", "windows-950"]);
alias("shift_jis", [
  "shift_jis",
  "shift-jis",
  "sjis",
  "x-sjis",
  "ms_kanji",
  "csshiftjis",
  "windows-31j",
  "cp932",
  "ms932",
]);
alias("euc-jp", ["euc-jp", "x-euc-jp", "cseucpkdfmtjapanese", "eucjp"]);
alias("iso-2022-jp", ["iso-2022-jp", "csiso2022jp"]);
alias("euc-kr", [
  "euc-kr",
  "euckr",
  "cseuckr",
  "ks_c_5601-1987",
  "ks_c_5601-1989",
  "ksc5601",
  "ksc_5601",
  "korean",
  "csksc56011987",
  "iso-ir-149",
  "windows-949",
  "cp949",
  "ms949",
  "uhc",
]);
alias("utf-16le", ["utf-16", "utf-16le", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2"]);
alias("utf-16be", ["utf-16be", "unicodefffe"]);
alias("utf-32le", ["utf-32", "utf-32le", "ucs-4"]);
alias("utf-32be", ["utf-32be"]);

// windows-1252's characters for the bytes 0x80–0x9F, as browsers map them (C1 where it has none).
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const CP1252_BYTE = new Map([...CP1252_HIGH].map((ch, i) => [ch, 0x80 + i]));

/** The decoder name for a charset label, or undefined when no decoder knows it. */
export function normalizeCharset(label: string): string | undefined {
  const key = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (!key) return undefined;
  const known = LABELS[key];
  if (known) return known;
  try {
    return new TextDecoder(key).encoding;
  } catch {
    return undefined;
  }
}

/** The charset parameter of a Content-Type header value. */
export function charsetOfContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m?.[2];
}

function bomCharset(body: Uint8Array): { charset: string; length: number } | undefined {
  const [a, b, c, d] = body;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { charset: "utf-8", length: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { charset: "utf-32le", length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { charset: "utf-32be", length: 4 };
  if (a === 0xfe && b === 0xff) return { charset: "utf-16be", length: 2 };
  if (a === 0xff && b === 0xfe) return { charset: "utf-16le", length: 2 };
  return undefined;
}

/**
 * UTF-16 or UTF-32 without a BOM, told by the zero bytes around the first ASCII character (XML 1.0 appendix F):
 * `00 3C 00 3F` is UTF-16BE, `3C 00 00 00` UTF-32LE. Text in an ASCII-compatible charset has no NUL there.
 */
function wideCharset(body: Uint8Array): string | undefined {
  const [a, b, c, d] = body;
  if (a === undefined || b === undefined || c === undefined || d === undefined) return undefined;
  if (a === 0 && b === 0 && c === 0 && d !== 0) return "utf-32be";
  if (a !== 0 && b === 0 && c === 0 && d === 0) return "utf-32le";
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return "utf-16be";
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return "utf-16le";
  return undefined;
}

/** The charset a document declares in its first bytes: `<?xml encoding>`, `<meta charset>`, `http-equiv`. */
export function declaredCharset(body: Uint8Array, kind: Kind): string | undefined {
  // ASCII-compatible prescan: declarations are ASCII in every charset the reader meets.
  const head = Buffer.from(body.subarray(0, 4096)).toString("latin1");
  const xml = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  if (kind === "text") return undefined;
  const early = metaCharset(head);
  if (early || body.length <= head.length) return early;
  // A meta late in a head full of scripts and styles (browsers find it too, and decode the page again): looked
  // for up to the end of the head, within the first 64 KB.
  const wide = Buffer.from(body.subarray(0, 64 * 1024)).toString("latin1");
  const end = wide.search(/<\/head\b|<body\b/i);
  return metaCharset(end >= 0 ? wide.slice(0, end) : wide);
}

/** The charset of the first `<meta>` in `head` that declares one. */
function metaCharset(head: string): string | undefined {
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, "");
  for (const m of withoutComments.matchAll(/<meta\b([^>]*)>/gi)) {
    const attrs = m[1] ?? "";
    const direct = /\bcharset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(attrs);
    if (direct?.[1] && !/http-equiv/i.test(attrs)) return direct[1];
    if (/http-equiv\s*=\s*["']?\s*content-type/i.test(attrs)) {
      const content =
        /\bcontent\s*=\s*(["'])([^"']*)\1/i.exec(attrs) ?? /\bcontent\s*=\s*([^\s>]+)/i.exec(attrs);
      const value = content?.[2] ?? content?.[1];
      const cs = /charset\s*=\s*([^"'\s;]+)/i.exec(value ?? "");
      if (cs?.[1]) return cs[1];
    }
    if (direct?.[1]) return direct[1];
  }
  return undefined;
}

function decodeUtf32(body: Uint8Array, littleEndian: boolean): { text: string; bad: number } {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let text = "";
  let bad = 0;
  for (let i = 0; i + 3 < body.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      text += "\ufffd";
      bad++;
    } else text += String.fromCodePoint(cp);
  }
  if (body.length % 4 !== 0) bad++;
  return { text, bad };
}

/** Decodes with `charset`; `fatal` makes any invalid sequence throw. */
function decodeWith(body: Uint8Array, charset: string, fatal: boolean): string {
  let text: string;
  if (charset === "utf-32le" || charset === "utf-32be") {
    const r = decodeUtf32(body, charset === "utf-32le");
    if (fatal && r.bad > 0) throw new TypeError("invalid UTF-32");
    text = r.text;
  } else {
    text = new TextDecoder(charset, { fatal, ignoreBOM: true }).decode(body);
  }
  // windows-1252 as browsers have it: Node's decoder leaves 0x80–0x9F as C1 controls (which are then stripped).
  if (charset === "windows-1252") text = c1AsWindows1252(text);
  // Browsers show these GB code points as the em dash and middle dot the text means.
  if (charset === "gb18030" || charset === "gbk")
    text = text.replace(/\u2015/g, "\u2014").replace(/\u30fb/g, "\u00b7");
  return text;
}

function tryDecode(body: Uint8Array, charset: string): string | undefined {
  try {
    return decodeWith(body, charset, true);
  } catch {
    return undefined;
  }
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\ufffd"); i !== -1; i = text.indexOf("\ufffd", i + 1)) n++;
  return n;
}

// (Node's own check: a loop over the bytes here cost ~20 ms on a 6 MB page, and it runs more than once a page)
const isAscii = (body: Uint8Array): boolean => bufferIsAscii(body);

// Characters that dominate running text in each language (news vocabulary included). Wrong decodings of
// legacy CJK bytes mostly still produce valid characters, but rare ones: frequency tells them apart.
const COMMON_HAN =
  "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴善规讲照型际选共产党习近平总书记会议发展经济建设推进加强工作改革创新国家中国人民群众企业市场服务项目文化教育生态环境国际合作主席系统领导干部部门地区重要报道记者新闻网日报来源责编这個們來時會對說國過後麼裡還發經動從長開見頭當與學問業實點現種間報於將進無樣麼兒應話邊機體關東門車氣電對間頭數當長書處聽見總結黨記員習貿區議導幹組織運濟會產統戰華設鄉縣務員據計調實讓進歲";
const COMMON_JA =
  "のにはをたがでてとしれさいるなもかありこまっすうよだやらんくけつえきおそどろちみせわばねめほじひふへゆずびがぎぐげござぜぞだぢづでどばぶべぼぱぴぷぺぽゃゅょっーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポャュョッ日本人年大中出上新東京会事業社長国生者時行分政党首相選挙議員府県市町村円万億月週今後前同自民相手方地問題関係発表氏氏明記者経済企業株価取引米中韓北朝鮮外務省内閣官房総理大臣警察事件調査結果対応検討開始必要情報報道教育学校子供家族病院医療感染確認影響予定期間全部場合以来現在世界的";
const COMMON_KO =
  "이다의는에하고를한지가서기사로도리을자들수대으어인적해시정부일국있전것나보만여상위주제내면라게요경성연중아원장되했다공동화관그년월있는및우리말구소문통개미선계의원회없신발생비대통령업무했고에서으로부터까지하는했으며밝혔다것으로이번지난오전오후한국서울북한미국중국일본정부기자뉴스사회경제세계문화스포츠";

const COMMON_HANT =
  "臺灣與為個們來時會對說國過後還發經動從長開見頭當學問業實點現種間報於將進無樣兒應話邊機體關東門車氣電數書處聽總結黨記員習貿區議導幹組織運濟產統戰華設鄉縣務據計調讓歲響輕聯軍專傳義擊萬億則達選舉辦歷顯顧風飛館馬驗麼齊龍類質費資賽轉農連遠適醫錢鐵隊陽際陸隨雙雖雜難靈韓題顏願飯鬥魚鳥麗齒黃權樂標樹橋檢歡決況溫滿漢災煙熱燈營爭獨環畫盡監盤眾確禮稅穩窮競筆節範築簡紀約紅純紙級細終給絲綠維網緊線練繼續羅聖聞聲職肅腦臨興舊藝蘇藥號術衛裝製複規視親覺觀許訴評詞試該詳認誤誰課談請論證識護讀變豐負財貨責敗貴買費賓贊車軟載較輔輪輸這遺郵釋針鐘銀銷鋼錄錯鏡閉閱陳險隱雲靜頂項順須預領頻額養餘駐驚體";
const COMMON_KO_SYLLABLES =
  "가각간갈감강개거건걸검것게겠격견결경계고곡곤공과관광괴교구국군굴권귀규그극근글금급기긴길김까께꼬꾸끼나난날남내냐너널네년노녹논놀농누느는늘능니다단달담답당대더던데도독돌동되된될두둘뒤드든들등디따때떠또뜻라락란람래략량러런럼렇레려력련렬령례로록론료루류르른를름리린림립마만많말망매머먹면명모목몰못무문물미민및바박반받발방배백버번벌범법변별병보복본볼부북분불비빌빠사산살상새색생서석선설섬성세소속손수순술스습승시식신실심십아악안않알암압앞애야약양어억언얼업없었에여역연열염영예오온올완왕외요용우운울웃원월위유육윤으은을음응의이익인일임입있자작잔장재저적전절점정제조족존종좋주준중즘증지직진질집짓째쪽차착찬참창책처천철첫청체초총최추축출충취측치친칙커코크키타탄태터테토통투트특티파판패편평포표품프피필하학한할함합항해했행향허험현협형호혹화확환활황회획효후훈휴흐희히힘";

const COMMON = new Set<string>([
  ...COMMON_HAN,
  ...COMMON_HANT,
  ...COMMON_JA,
  ...COMMON_KO,
  ...COMMON_KO_SYLLABLES,
]);

/** Higher for text a person would write: common CJK characters count, replacement and rare ones cost. */
function plausibility(text: string): number {
  let score = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) continue;
    if (COMMON.has(ch)) score += 2;
    else if (cp === 0xfffd) score -= 20;
    else if (
      (cp >= 0xe000 && cp <= 0xf8ff) || // private use (unmapped vendor codes)
      (cp >= 0xff61 && cp <= 0xff9f) || // half-width katakana: what GB/Big5 bytes become as Shift_JIS
      (cp >= 0x80 && cp <= 0x9f) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || // CJK extension A
      (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
      cp >= 0x20000
    )
      score -= 3;
    else if (
      (cp >= 0x3000 && cp <= 0x303f) || // CJK punctuation
      (cp >= 0xff01 && cp <= 0xff5e) || // full-width forms
      (cp >= 0x2010 && cp <= 0x2027)
    )
      score += 1;
    // other characters are neutral: valid but not evidence either way.
  }
  return score;
}

// ISO-2022-JP's switch to JIS X 0208 (ESC $ B, or ESC $ @ of the older standard).
// eslint-disable-next-line no-control-regex -- the escape byte is what is looked for
const ISO_2022_JP_ESCAPE = /\x1b\$[@B]/;

const SNIFF_CANDIDATES = ["gb18030", "big5", "shift_jis", "euc-jp", "euc-kr"];

// Single-byte charsets of alphabets the CJK sniffing would otherwise read as hanzi (KOI8-R Cyrillic as GBK).
// Each is judged by whether its reading makes words: letters of one script, cased as words are.
const SINGLE_BYTE_CANDIDATES: { charset: string; letters: RegExp; cased: boolean }[] = [
  { charset: "koi8-r", letters: /^\p{Script=Cyrillic}+$/u, cased: true },
  { charset: "windows-1251", letters: /^\p{Script=Cyrillic}+$/u, cased: true },
  { charset: "windows-874", letters: /^\p{Script=Thai}+$/u, cased: false },
  { charset: "windows-1255", letters: /^[\p{Script=Hebrew}\p{M}]+$/u, cased: false },
];
// Thai spelling: a vowel or tone mark follows a consonant (or one mark), a leading vowel precedes a consonant;
// obsolete letters, Thai digits and signs are rare in running text (and common in CJK bytes read as Thai).
const THAI_MISSPELT =
  // eslint-disable-next-line no-misleading-character-class -- the marks are listed on their own, on purpose
  /(?:^|[^\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{3}|[\u0e40-\u0e44](?![\u0e01-\u0e2e])|[\u0e03\u0e05\u0e26\u0e3f\u0e45\u0e4f-\u0e5b]/u;

/** From -1 to 1: how much of the non-ASCII text is in words of the candidate's script, as words are written. */
function wordPlausibility(text: string, candidate: (typeof SINGLE_BYTE_CANDIDATES)[number]): number {
  let good = 0;
  let total = 0;
  // Symbols (box drawing, which KOI8-R has for CJK bytes) stay inside words and spoil them; ASCII ones (markup)
  // separate words.
  for (const word of text.split(/(?:[^\p{L}\p{M}\p{S}\u0e50-\u0e59]|[<>=+^`|~$])+/u)) {
    if (!/[^\p{ASCII}]/u.test(word)) continue;
    const n = [...word].length;
    total += n;
    // Words are lower case or capitalised; a long word in capitals is rare in running text.
    const cased = !candidate.cased || /^.\P{Lu}*$/u.test(word) || (n <= 4 && word === word.toUpperCase());
    const misspelt =
      candidate.charset === "windows-874"
        ? THAI_MISSPELT.test(word)
        : candidate.cased && /^[ъьыЪЬЫ]/u.test(word); // no Russian word starts so (Hebrew read as Cyrillic does)
    if (candidate.letters.test(word) && cased && !misspelt) good += n;
  }
  return total === 0 ? -1 : (2 * good) / total - 1;
}

function highBytes(body: Uint8Array): number {
  let n = 0;
  for (const b of body) if (b >= 0x80) n++;
  return n;
}

/**
 * Best legacy charset for bytes that are not UTF-8, judged on a sample of the body: a CJK one, unless an alphabet's
 * single-byte charset reads clearly better (nearly all words of one script, and more plausible than the hanzi).
 */
export function sniffCharset(body: Uint8Array): string {
  const sample = body.subarray(0, 64 * 1024);
  let best = "gb18030";
  let bestScore = -Infinity;
  for (const charset of SNIFF_CANDIDATES) {
    const text = decodeWith(sample, charset, false);
    const score = plausibility(text);
    if (score > bestScore) {
      best = charset;
      bestScore = score;
    }
  }
  // Per high byte: a common CJK character is 2 points for 2 bytes.
  const high = highBytes(sample);
  // A few bytes are no evidence for an alphabet: a two-character CJK headline is also four Cyrillic letters.
  if (high < 24) return best;
  const cjk = bestScore / high;
  let single: string | undefined;
  let singleScore = 0.8;
  for (const candidate of SINGLE_BYTE_CANDIDATES) {
    const score = wordPlausibility(decodeWith(sample, candidate.charset, false), candidate);
    if (score > singleScore) {
      single = candidate.charset;
      singleScore = score;
    }
  }
  return single && singleScore > cjk ? single : best;
}

/**
 * A CJK reading of the bytes that is clean and clearly more plausible than the declared one, when there is one.
 * Servers and templates label GBK or Shift_JIS pages ISO-8859-1 (every byte is a Latin-1 character, so that
 * reading never fails) or with another CJK charset whose byte ranges overlap (Big5 bytes are nearly all valid
 * GBK): the reading is clean and still mojibake. Latin-1 text seldom reads cleanly as a CJK charset (an accented
 * letter before a space or punctuation is no double-byte character), and almost never as common characters.
 */
function clearlyBetterReading(
  body: Uint8Array,
  declared: string,
): { charset: string; text: string } | undefined {
  if (declared.startsWith("utf-") || isAscii(body)) return undefined;
  // 16 KB from the first byte beyond ASCII (a character's first byte: all before it are ASCII), past the head's
  // scripts and styles: enough text to judge, and a few ms at most to read five ways.
  const start = Buffer.from(body.subarray(0, 64 * 1024))
    .toString("latin1")
    .search(/[\x80-\xff]/);
  const sample = body.subarray(Math.max(0, start), Math.max(0, start) + 16 * 1024);
  const high = highBytes(sample);
  // One or two stray symbols are no evidence either way.
  if (high < 4) return undefined;
  // Common characters for at least half of the high bytes (a common CJK character is 2 points for its two
  // bytes): the declared reading is text, and no other is looked for.
  const enough = 0.5 * high;
  const declaredScore = plausibility(decodeWith(sample, declared, false));
  if (declaredScore >= enough) return undefined;
  let best: string | undefined;
  let bestScore = -Infinity;
  for (const charset of SNIFF_CANDIDATES) {
    if (charset === declared) continue;
    // Only a clean reading counts (Latin-1 text fails at its first accented letter before a space). The sample
    // may end inside a character: its last bytes are let go.
    const reading = cleanPrefixReading(sample, charset, sample.length + Math.max(0, start) < body.length);
    if (reading === undefined) continue;
    const score = plausibility(reading);
    if (score > bestScore) {
      best = charset;
      bestScore = score;
    }
  }
  // Well above what the declared reading makes of the bytes. EUC-JP read as GBK keeps its kana (GB2312 has them
  // at the same codes) and loses only its kanji, hence 1.5 times and not more.
  if (!best || bestScore < enough || bestScore < 1.5 * Math.max(0, declaredScore) + 0.1 * high)
    return undefined;
  const text = tryDecode(body, best);
  return text === undefined ? undefined : { charset: best, text };
}

/** The sample read cleanly as `charset`, its last character or two let go when it was cut from a longer body. */
function cleanPrefixReading(sample: Uint8Array, charset: string, cut: boolean): string | undefined {
  for (let drop = 0; drop <= (cut ? 3 : 0); drop++) {
    const text = tryDecode(sample.subarray(0, sample.length - drop), charset);
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * The bytes as UTF-8 when they are UTF-8 text with something beyond ASCII in it: valid, or with at most one
 * broken sequence in 20 characters beyond ASCII (a character cut in two by a CMS's truncation, a stray byte).
 * Such a page is still UTF-8: read in another charset it would be mojibake from end to end. Text in a legacy
 * CJK charset read as UTF-8 breaks at nearly every character.
 */
function utf8Reading(body: Uint8Array): { text: string; bad: number } | undefined {
  if (isAscii(body)) return undefined;
  const valid = tryDecode(body, "utf-8");
  if (valid !== undefined) return { text: valid, bad: 0 };
  // (judged on a sample first: legacy bytes, which fail at once, cost no whole reading)
  const sample = body.subarray(0, 64 * 1024);
  if (sample.length < body.length && !mostlyUtf8(decodeWith(sample, "utf-8", false).replace(/\ufffd$/, "")))
    return undefined;
  const text = decodeWith(body, "utf-8", false);
  return mostlyUtf8(text) ? { text, bad: countReplacements(text) } : undefined;
}

function mostlyUtf8(text: string): boolean {
  const bad = countReplacements(text);
  let wide = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) wide++;
  return wide - bad >= 20 * bad;
}

const replacedWarning = (bad: number, charset: string) => `${bad} invalid ${charset} sequences replaced`;

/** A charset label as a warning shows it: it comes from the server or the page, so it is sanitised and short. */
function shownLabel(label: string): string {
  const clean = sanitizeInline(label);
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}

export function decodeBody(
  body: Uint8Array,
  contentType: string | undefined,
  kind: "html" | "xml" | "text",
): Decoded {
  const warnings: string[] = [];
  const bom = bomCharset(body);
  if (bom) {
    const rest = body.subarray(bom.length);
    const text = decodeWith(rest, bom.charset, false);
    const bad = countReplacements(text);
    if (bad > 0) warnings.push(`${bad} invalid ${bom.charset} sequences replaced`);
    return { text, charset: bom.charset, via: "bom", warnings };
  }

  const wide = wideCharset(body);
  if (wide) {
    const text = decodeWith(body, wide, false);
    const bad = countReplacements(text);
    if (bad > 0) warnings.push(`${bad} invalid ${wide} sequences replaced`);
    return { text, charset: wide, via: "sniff", warnings };
  }

  const headerLabel = charsetOfContentType(contentType);
  const documentLabel = declaredCharset(body, kind);
  let header = headerLabel ? normalizeCharset(headerLabel) : undefined;
  // A UTF-16 or UTF-32 header ("unicode", as IIS names UTF-16) on markup with no BOM and no zero bytes around
  // its first characters: the bytes are ASCII-compatible, and read as UTF-16 would be mojibake from end to end.
  if (kind !== "text" && (header?.startsWith("utf-16") || header?.startsWith("utf-32"))) {
    warnings.push(`declared ${header} (header) but the bytes are not; the charset is looked for in the page`);
    header = undefined;
  }
  let documentCs = documentLabel ? normalizeCharset(documentLabel) : undefined;
  if (headerLabel && !normalizeCharset(headerLabel))
    warnings.push(`unknown charset "${shownLabel(headerLabel)}" in Content-Type ignored`);
  if (documentLabel && !documentCs)
    warnings.push(`unknown charset "${shownLabel(documentLabel)}" in the document ignored`);
  // An in-document UTF-16/32 label on ASCII-readable bytes is a lie (the prescan could read it).
  if (documentCs?.startsWith("utf-16") || documentCs?.startsWith("utf-32")) documentCs = "utf-8";

  const declared: { charset: string; via: "header" | "document" }[] = [];
  if (header) declared.push({ charset: header, via: "header" });
  if (documentCs && documentCs !== header) declared.push({ charset: documentCs, via: "document" });

  const first = declared[0];
  // Read once, and only when needed: most pages declare UTF-8 and are.
  let utf8Memo: ReturnType<typeof utf8Reading> | null = null;
  const asUtf8 = () => (utf8Memo === null ? (utf8Memo = utf8Reading(body)) : utf8Memo);
  if (first) {
    const utf8 = first.charset.startsWith("utf-") ? undefined : asUtf8();
    if (utf8) {
      warnings.push(`declared ${first.charset} (${first.via}) but the content is valid UTF-8; read as UTF-8`);
      if (utf8.bad > 0) warnings.push(replacedWarning(utf8.bad, "utf-8"));
      return { text: utf8.text, charset: "utf-8", via: "sniff", warnings };
    }
    for (const d of declared) {
      const text = tryDecode(body, d.charset);
      if (text !== undefined) {
        const better = clearlyBetterReading(body, d.charset);
        if (better) {
          warnings.push(`declared ${d.charset} (${d.via}) but the text reads as ${better.charset}`);
          return { text: better.text, charset: better.charset, via: "sniff", warnings };
        }
        if (d !== first)
          warnings.push(
            `the bytes are not ${first.charset} as declared (${first.via}); read as ${d.charset}`,
          );
        return { text, charset: d.charset, via: d.via, warnings };
      }
    }
    // No declaration fits the bytes cleanly. UTF-8 with a flaw or two stays UTF-8; otherwise, when sniffing
    // finds a clean reading, it is trusted over the label.
    const flawed = first.charset === "utf-8" ? asUtf8() : undefined;
    if (flawed) {
      warnings.push(replacedWarning(flawed.bad, "utf-8"));
      return { text: flawed.text, charset: "utf-8", via: first.via, warnings };
    }
    if (!isAscii(body)) {
      const sniffed = sniffCharset(body);
      const text = tryDecode(body, sniffed);
      if (text !== undefined) {
        warnings.push(`the bytes are not ${first.charset} as declared (${first.via}); read as ${sniffed}`);
        return { text, charset: sniffed, via: "sniff", warnings };
      }
    }
    const text = decodeWith(body, first.charset, false);
    warnings.push(replacedWarning(countReplacements(text), first.charset));
    return { text, charset: first.charset, via: first.via, warnings };
  }

  if (isAscii(body)) {
    // ISO-2022-JP is seven-bit: its Japanese is in escape sequences (ESC $ B … ESC ( B) that would otherwise be
    // stripped as controls and leave ASCII garbage.
    if (ISO_2022_JP_ESCAPE.test(Buffer.from(body.subarray(0, 64 * 1024)).toString("latin1"))) {
      const text = tryDecode(body, "iso-2022-jp");
      if (text !== undefined) return { text, charset: "iso-2022-jp", via: "sniff", warnings };
    }
    return { text: decodeWith(body, "utf-8", false), charset: "utf-8", via: "default", warnings };
  }
  const utf8 = asUtf8();
  if (utf8) {
    if (utf8.bad > 0) warnings.push(replacedWarning(utf8.bad, "utf-8"));
    return { text: utf8.text, charset: "utf-8", via: "sniff", warnings };
  }
  const sniffed = sniffCharset(body);
  const text = decodeWith(body, sniffed, false);
  const bad = countReplacements(text);
  if (bad > 0) warnings.push(replacedWarning(bad, sniffed));
  return { text, charset: sniffed, via: "sniff", warnings };
}

/**
 * Bytes 0x80–0x9F of a windows-1252 text, which Node's decoder leaves as C1 controls, as the characters browsers
 * show for them (`\u0092` → `’`). The five codes without a character stay (and are stripped later).
 */
function c1AsWindows1252(text: string): string {
  return /[\u0080-\u009f]/.test(text)
    ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c)
    : text;
}

/**
 * Text that is UTF-8 read once too often as Latin-1 or windows-1252 (`â€¦` for `…`), as it was meant; other
 * text unchanged. Only when every character is one such byte and the bytes are valid UTF-8 with a multi-byte
 * sequence in them, as feedparser decides it.
 */
export function undoDoubleUtf8(text: string): string {
  // A first character past every windows-1252 one (`™` is the last) says no at once: most CJK text, which the
  // test below would read to its end.
  if (text.charCodeAt(0) > 0x2122 || !/[\u00c2-\u00f4]/.test(text)) return text;
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const byte = code < 0x100 ? code : CP1252_BYTE.get(ch);
    if (byte === undefined) return text;
    bytes.push(byte);
  }
  return tryDecode(Uint8Array.from(bytes), "utf-8") ?? text;
}
