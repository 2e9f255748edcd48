// Display-script conversion (簡⇄繁) with OpenCC. Display only: the caller keeps the original Article and shows
// a converted copy, so nothing is ever converted back and forth. The dictionaries are large (~1 MB for 簡→繁),
// so they are imported on first use and each converter is built once.
import type { Article, Block, Link } from "../model.js";
import type { ConversionConfig } from "./opencc.js";

export type DisplayScript = "original" | "hans" | "hant";
/** Which Traditional standard to write: Taiwan, Hong Kong, or OpenCC's own. */
export type HantVariant = "tw" | "hk" | "t";

type Convert = (text: string) => string;

// Common characters whose Simplified and Traditional forms differ, paired by position. Enough to tell a news
// page's script from its first paragraphs; the full tables are only loaded to convert.
const SIMPLIFIED_ONLY =
  "们个这为会来与说时国发经对车门开体实东长问见产务动过还没现进关应该当习义种书员间报记样两";
const TRADITIONAL_ONLY =
  "們個這為會來與說時國發經對車門開體實東長問見產務動過還沒現進關應該當習義種書員間報記樣兩";
const simplifiedSet = new Set(SIMPLIFIED_ONLY);
const traditionalSet = new Set(TRADITIONAL_ONLY);

const SAMPLE_LENGTH = 2000;
// Hiragana and katakana without ・ and ー, which Chinese text uses too.
const KANA = /[\u3041-\u3096\u30a1-\u30fa]/g;
const HANGUL = /[\uac00-\ud7a3]/g;

// Japanese prose is a third or more kana and Korean mostly Hangul; a stray kana in a Chinese page (a name, a
// mis-encoded character) must not count.
function isJapaneseOrKorean(sample: string): boolean {
  const count = (sample.match(KANA)?.length ?? 0) + (sample.match(HANGUL)?.length ?? 0);
  return count >= Math.max(3, sample.length / 50);
}

/**
 * Which Chinese script a text is in, from its first SAMPLE_LENGTH characters. "unknown" for text with too few
 * telling characters, and for Japanese and Korean (kana or Hangul present), which must never be converted.
 */
export function detectScript(text: string): "hans" | "hant" | "unknown" {
  const sample = text.slice(0, SAMPLE_LENGTH);
  if (isJapaneseOrKorean(sample)) return "unknown";
  let simplified = 0;
  let traditional = 0;
  for (const c of sample) {
    if (simplifiedSet.has(c)) simplified++;
    else if (traditionalSet.has(c)) traditional++;
  }
  // One telling character is not enough, and a page mixing both (quotes, names) is left alone.
  const most = Math.max(simplified, traditional);
  if (most < 2 || most < 2 * Math.min(simplified, traditional)) return "unknown";
  return simplified > traditional ? "hans" : "hant";
}

/** The text detectScript looks at for an article: the title and the start of the body. */
function articleSample(article: Article): string {
  let sample = article.title;
  for (const block of article.body) {
    if (sample.length >= SAMPLE_LENGTH) break;
    sample += block.text;
  }
  return sample;
}

/**
 * Whether showing the article in `target` takes a conversion. False when it is already in that script (a
 * /BIG5/ page shown as 繁體) and when the script cannot be told (Japanese, Korean, Latin text), which is left
 * as it is rather than risk turning kanji into hanzi.
 */
export function needsConversion(article: Article, target: "hans" | "hant"): boolean {
  const sample = articleSample(article);
  let detected = detectScript(sample);
  // 人民網 serves each page twice, /GB/ (简体) and /BIG5/ (繁體): the path settles a text too short to tell,
  // unless it is Japanese or Korean.
  if (detected === "unknown" && !isJapaneseOrKorean(sample.slice(0, SAMPLE_LENGTH)))
    detected = /\/BIG5\//i.test(article.url) ? "hant" : /\/GB\//i.test(article.url) ? "hans" : "unknown";
  if (detected === "unknown") return false;
  return detected !== target;
}

interface OpenCCModule {
  Converter(options: { from: string; to: string }): Convert;
}

const converters = new Map<string, Promise<Convert>>();

/**
 * A converter into `target`: 简体 (from the given Traditional variant) or 繁體 in the given variant (from
 * 简体). Loads the dictionaries on first use; later calls with the same arguments get the same function.
 */
export function loadConverter(target: "hans" | "hant", variant: HantVariant): Promise<Convert> {
  const key = `${target}:${variant}`;
  let converter = converters.get(key);
  if (!converter) {
    converter = (async () => {
      // Each direction has its own bundle: 繁→簡 is ~110 kB, 簡→繁 ~1.1 MB with its phrase table. 繁→簡 also
      // normalises every list item kept for search: its dictionaries go through our walk (see opencc.ts).
      if (target === "hans") {
        const [{ configs }, { presetConverter }] = await Promise.all([
          import("opencc-js/preset/t2cn"),
          import("./opencc.js"),
        ]);
        // opencc-js's Converter names its configuration so ({ from: "tw", to: "cn" } is tw2s).
        const config = configs[`${variant}2s`];
        if (!config) throw new Error(`opencc-js has no conversion ${variant}2s`);
        return presetConverter(config as ConversionConfig);
      }
      const module: { default: OpenCCModule } = await import("opencc-js/cn2t");
      return module.default.Converter({ from: "cn", to: variant });
    })();
    // A failed load (a broken install) is not cached, so a later attempt can succeed.
    converter.catch(() => converters.delete(key));
    converters.set(key, converter);
  }
  return converter;
}

function convertLink(link: Link, convert: Convert): Link {
  const out: Link = { ...link, title: convert(link.title) };
  if (link.summary !== undefined) out.summary = convert(link.summary);
  return out;
}

/** A block converted: its text (ruby bases one by one, so the readings stay over them), cells and caption. */
function convertBlock(block: Block, convert: Convert): Block {
  const out: Block = { ...block, text: convert(block.text) };
  if (block.ruby && block.ruby.length > 0) {
    let text = "";
    let last = 0;
    out.ruby = block.ruby.map((r) => {
      text += convert(block.text.slice(last, r.start));
      const start = text.length;
      text += convert(block.text.slice(r.start, r.end));
      last = r.end;
      return { ...r, start, end: text.length };
    });
    out.text = text + convert(block.text.slice(last));
  }
  if (block.rows) out.rows = block.rows.map((row) => ({ ...row, cells: row.cells.map(convert) }));
  if (block.caption !== undefined) out.caption = convert(block.caption);
  return out;
}

/**
 * A copy of the article with every displayed string converted: title, kicker, subtitle, breadcrumb titles,
 * source, editors, body, recommended titles and summaries, notice. URLs, dates and warnings are kept as they
 * are; the original article is not touched.
 */
export function convertArticle(article: Article, convert: Convert): Article {
  const out: Article = {
    ...article,
    title: convert(article.title),
    breadcrumb: article.breadcrumb.map((link) => convertLink(link, convert)),
    editors: article.editors.map(convert),
    body: article.body.map((block) => convertBlock(block, convert)),
    recommended: article.recommended.map((link) => convertLink(link, convert)),
    warnings: [...article.warnings],
  };
  if (article.kicker !== undefined) out.kicker = convert(article.kicker);
  if (article.subtitle !== undefined) out.subtitle = convert(article.subtitle);
  if (article.source !== undefined) out.source = convert(article.source);
  if (article.notice !== undefined) out.notice = convert(article.notice);
  return out;
}
