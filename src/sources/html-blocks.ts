// The article's structure beyond paragraphs: data tables, figures, lists, block quotes and ruby, turned into the
// model's blocks. collectBlocks (html-article.ts) hands each element here first; what is not one of these (or is
// a table used for page layout) it walks as before.
import { isTag, isText } from "domutils";
import type { Block, RubyAnnotation, TableRow } from "../model.js";
import {
  attr,
  isInvisible,
  paragraphText,
  rawText,
  select,
  textStats,
  type AnyNode,
  type Element,
} from "./html.js";

/** What collectBlocks lends the structure readers. */
export interface StructureContext {
  /** The body blocks of an element's children, as collectBlocks reads them. */
  collect: (container: Element) => Block[];
}

/** Blocks for a structured element, inline text for ruby, or undefined for an element collectBlocks walks. */
export type Structure = { blocks: Block[] } | { inline: string } | undefined;

export function readStructure(el: Element, context: StructureContext): Structure {
  switch (el.name) {
    case "ruby":
      return { inline: rubyMarkup(el) };
    case "table":
      if (isDataTable(el)) return { blocks: tableBlocks(el, undefined) };
      return isPictureTable(el) ? { blocks: pictureTableBlocks(el) } : undefined;
    case "figure":
      return { blocks: figureBlocks(el, context) };
    case "img": {
      const caption = imageDescription(el);
      return { blocks: caption ? [{ type: "figure", text: caption }] : [] };
    }
    case "p": {
      // A paragraph holding only pictures is where the pictures go; the caption written under them as a
      // paragraph of its own is theirs.
      if (isPictureCaption(el)) return { blocks: [blockWithRuby("figure", paragraphText(markedText(el)))] };
      if (textStats(el).chars > 0 || select("img", el).length === 0) return undefined;
      return { blocks: figureBlocks(el, context) };
    }
    case "ul":
    case "ol":
      return { blocks: listBlocks(el, context) };
    case "blockquote":
      return { blocks: quoteBlocks(el, context) };
    default:
      return undefined;
  }
}

// ---- ruby ----------------------------------------------------------------------------------------------------

// Ruby travels through the paragraph cleaning as plain text between these noncharacters (never interchanged, so
// never in a page's text: any found there are dropped), then becomes annotations: base OPEN…MID reading CLOSE.
const OPEN = "\ufdd0";
const MID = "\ufdd1";
const CLOSE = "\ufdd2";
const MARKS = /[\ufdd0-\ufdd2]/g;

/** Ruby as marked-up text: each base with its reading between the marks; `rp` fallbacks left out. */
export function rubyMarkup(ruby: Element): string {
  let out = "";
  let base = "";
  const endBase = (reading: string): void => {
    const r = reading.replace(MARKS, "").replace(/\s+/g, " ").trim();
    out += base && r ? `${OPEN}${base}${MID}${r}${CLOSE}` : base;
    base = "";
  };
  for (const child of ruby.children) {
    if (isTag(child) && (child.name === "rt" || child.name === "rtc")) endBase(rawText(child.children));
    else if (isTag(child) && child.name === "rp") continue;
    else base += (isText(child) ? child.data : rawText(child)).replace(MARKS, "").replace(/\n/g, " ");
  }
  endBase("");
  return out;
}

/** Text with ruby marks → the plain text and its readings. Marks that do not pair up are dropped. */
export function decodeRuby(marked: string): { text: string; ruby: RubyAnnotation[] } {
  if (!marked.includes(OPEN)) return { text: marked.replace(MARKS, ""), ruby: [] };
  let text = "";
  const ruby: RubyAnnotation[] = [];
  const pattern = /\ufdd0([^\ufdd0-\ufdd2]*)\ufdd1([^\ufdd0-\ufdd2]*)\ufdd2/g;
  let last = 0;
  for (let m = pattern.exec(marked); m !== null; m = pattern.exec(marked)) {
    text += marked.slice(last, m.index).replace(MARKS, "");
    const base = m[1] ?? "";
    const reading = (m[2] ?? "").trim();
    const start = text.length;
    text += base;
    if (base.trim() && reading) ruby.push({ start, end: text.length, reading });
    last = m.index + m[0].length;
  }
  text += marked.slice(last).replace(MARKS, "");
  return { text, ruby };
}

/** A block from marked-up text: its ruby, if any, as annotations. */
export function blockWithRuby(type: Block["type"], marked: string): Block {
  const { text, ruby } = decodeRuby(marked);
  return ruby.length > 0 ? { type, text, ruby } : { type, text };
}

/** Raw text of an element (as html.ts rawText gives it) with its ruby marked up. */
export function markedText(node: AnyNode): string {
  if (!isTag(node)) return rawText(node);
  if (node.name === "ruby") return rubyMarkup(node);
  if (select("ruby", node).length === 0) return rawText(node);
  let out = "";
  for (const child of node.children) {
    if (isTag(child) && child.name === "br") out += "\n";
    else if (
      isTag(child) &&
      !isInvisible(child) &&
      /^(?:p|div|li|h[1-6]|blockquote|tr|td|th)$/.test(child.name)
    )
      out += `\n${markedText(child)}\n`;
    else out += markedText(child);
  }
  return out;
}

// ---- tables --------------------------------------------------------------------------------------------------

// Bounds for a hostile table: colspan="100000" or ten thousand rows must not make a grid that size.
const TABLE_COLUMNS_MAX = 40;
const TABLE_ROWS_MAX = 2000;
const SPAN_MAX = 40;

/** The table's own rows (not those of tables nested in its cells). */
function ownRows(table: Element): Element[] {
  const rows: Element[] = [];
  const visit = (el: Element): void => {
    for (const child of el.children) {
      if (!isTag(child) || isInvisible(child)) continue;
      if (child.name === "tr") rows.push(child);
      else if (child.name === "thead" || child.name === "tbody" || child.name === "tfoot") visit(child);
    }
  };
  visit(table);
  return rows;
}

function ownCells(row: Element): Element[] {
  return row.children.filter(
    (c): c is Element => isTag(c) && (c.name === "td" || c.name === "th") && !isInvisible(c),
  );
}

function cellText(cell: Element): string {
  const text = paragraphText(rawText(cell));
  if (text) return text;
  const img = select("img", cell)[0];
  return img ? (imageDescription(img) ?? "") : "";
}

/**
 * Whether a table holds data (rows and columns a reader compares) rather than laying out a page. Pages built of
 * tables nest them, put long prose or whole link lists in cells, or have one row or column; data tables say so
 * with th, caption or thead, or are a grid of short cells.
 */
export function isDataTable(table: Element): boolean {
  const role = attr(table, "role");
  if (role === "presentation" || role === "none") return false;
  if (select("table", table).length > 0) return false;
  const rows = ownRows(table);
  const cells = rows.flatMap(ownCells);
  const widest = Math.max(0, ...rows.map((r) => ownCells(r).length));
  if (cells.length < 2) return false;
  const texts = cells.map((c) => textStats(c));
  const filled = texts.filter((t) => t.chars > 0);
  if (filled.length < 2) return false;
  const total = filled.reduce((sum, t) => sum + t.chars, 0);
  const links = filled.reduce((sum, t) => sum + t.linkChars, 0);
  // Prose in cells, or a page's link bars: a layout table.
  if (filled.some((t) => t.chars > 300) || total / filled.length > 80) return false;
  if (links > total * 0.6) return false;
  const declared =
    cells.some((c) => c.name === "th") ||
    table.children.some((c) => isTag(c) && (c.name === "caption" || c.name === "thead"));
  if (declared) return true;
  return rows.length >= 2 && widest >= 2 && total / filled.length <= 40;
}

/** The table as a grid: spans filled with empty cells, empty rows and columns left out. */
export function tableRows(table: Element): TableRow[] {
  const grid: { header: boolean; cells: string[] }[] = [];
  const pending: Array<{ rows: number } | undefined> = []; // rowspans still covering a column
  for (const row of ownRows(table).slice(0, TABLE_ROWS_MAX)) {
    const cells: string[] = [];
    let headerCells = 0;
    let column = 0;
    const skipCovered = (): void => {
      while (column < TABLE_COLUMNS_MAX && (pending[column]?.rows ?? 0) > 0) {
        pending[column]!.rows--;
        cells[column++] = "";
      }
    };
    const own = ownCells(row);
    for (const cell of own) {
      skipCovered();
      if (column >= TABLE_COLUMNS_MAX) break;
      const colspan = Math.min(SPAN_MAX, Math.max(1, Number.parseInt(attr(cell, "colspan") ?? "1", 10) || 1));
      const rowspan = Math.min(SPAN_MAX, Math.max(1, Number.parseInt(attr(cell, "rowspan") ?? "1", 10) || 1));
      if (cell.name === "th") headerCells++;
      for (let k = 0; k < colspan && column < TABLE_COLUMNS_MAX; k++) {
        cells[column] = k === 0 ? cellText(cell) : "";
        pending[column] = rowspan > 1 ? { rows: rowspan - 1 } : undefined;
        column++;
      }
    }
    skipCovered();
    const inHead = row.parent !== null && isTag(row.parent) && row.parent.name === "thead";
    grid.push({ header: inHead || (own.length > 0 && headerCells === own.length), cells });
  }
  const columns = Math.max(0, ...grid.map((r) => r.cells.length));
  const used = Array.from({ length: columns }, (_, c) => grid.some((r) => (r.cells[c] ?? "") !== ""));
  return grid
    .filter((r) => r.cells.some((c) => c !== ""))
    .map((r) => ({
      header: r.header,
      cells: Array.from({ length: columns }, (_, c) => r.cells[c] ?? "").filter((_, c) => used[c]),
    }));
}

function tableBlocks(table: Element, caption: string | undefined): Block[] {
  const rows = tableRows(table);
  if (rows.length === 0) return [];
  const own = table.children.find((c): c is Element => isTag(c) && c.name === "caption");
  const title = caption ?? (own ? paragraphText(rawText(own)) : "");
  return [
    {
      type: "table",
      text: [title, ...rows.map((r) => r.cells.filter((c) => c !== "").join(" "))].filter(Boolean).join("\n"),
      rows,
      ...(title ? { caption: title } : {}),
    },
  ];
}

// ---- figures -------------------------------------------------------------------------------------------------

// Alt text that describes nothing: a file name, a number, or a word for "picture".
const EMPTY_ALT =
  /^(?:[\w.-]+\.(?:jpe?g|png|gif|webp|svg|bmp)|\d+|圖片?|图片?|照片|画像|写真|이미지|사진|image|img|photo|picture|pic|banner|logo|icon|spacer|pixel)$/i;

/** What an image shows, from its alt text; undefined for decorative images (no alt, tiny, tracking pixels). */
export function imageDescription(img: Element): string | undefined {
  if (attr(img, "aria-hidden") === "true" || attr(img, "role") === "presentation") return undefined;
  for (const side of ["width", "height"]) {
    const size = Number.parseInt(attr(img, side) ?? "", 10);
    if (Number.isFinite(size) && size < 40) return undefined;
  }
  const alt = paragraphText(attr(img, "alt") ?? "");
  if (!alt || EMPTY_ALT.test(alt)) return undefined;
  return alt;
}

// Most text of a layout table read as a picture and its caption (a caption is a line or two; more is text).
const PICTURE_CAPTION_MAX = 80;

/**
 * A layout table that is a picture with its caption, as old pages put one in the text (the image in one row,
 * `图为… 记者 王五 摄` in the next): one image, a little text and no links.
 */
function isPictureTable(table: Element): boolean {
  if (select("img", table).length !== 1 || select("table", table).length > 0) return false;
  const { chars, linkChars } = textStats(table);
  return chars <= PICTURE_CAPTION_MAX && linkChars === 0;
}

function pictureTableBlocks(table: Element): Block[] {
  const caption = paragraphText(markedText(table).replace(/\n/g, " "));
  const text = caption || imageDescription(select("img", table)[0]!);
  return text ? [blockWithRuby("figure", text)] : [];
}

// A picture's caption as Taiwanese, Chinese, Korean and Japanese pages write it in a paragraph under the
// picture: marked with a triangle (`▲捷運新線今日試營運。`), or ending with the picture's credit (`（圖／記者林小明攝）`,
// `（图片来源：…）`, `[사진=연합뉴스]`, `＝写真提供`).
const CAPTION_MARK = /^[▲△▼▽]/u;
const PICTURE_CREDIT =
  /[（(［[](?:圖|图|圖片|图片|攝影|摄影|照片|사진|写真|photo)\s?(?:[／/：:=＝]|來源|来源|提供)[^）)］\]]{0,40}[）)］\]]$|[（(]記者[^）)]{1,20}攝[）)]$/iu;
const PICTURE_CAPTION_CHARS = 160;

/** A paragraph right under a paragraph of pictures, that reads as their caption. */
function isPictureCaption(p: Element): boolean {
  const { chars } = textStats(p);
  if (chars === 0 || chars > PICTURE_CAPTION_CHARS) return false;
  let prev = p.prev;
  while (prev && isText(prev) && prev.data.trim() === "") prev = prev.prev;
  if (!prev || !isTag(prev)) return false;
  const pictures =
    prev.name === "figure" ||
    prev.name === "img" ||
    (prev.name === "p" && textStats(prev).chars === 0 && select("img", prev).length > 0);
  if (!pictures) return false;
  const text = rawText(p).trim();
  return CAPTION_MARK.test(text) || PICTURE_CREDIT.test(text);
}

function figureBlocks(figure: Element, context: StructureContext): Block[] {
  const captionEl = select("figcaption", figure)[0];
  const caption = captionEl ? paragraphText(markedText(captionEl).replace(/\n/g, " ")) : "";
  const table = select("table", figure).find(isDataTable);
  if (table) return tableBlocks(table, caption || undefined);
  // A figure of text (a pull quote, a code listing) is read as text, its caption as a figure line.
  if (select("blockquote, pre", figure).length > 0) {
    const inner = context.collect(figure).filter((b) => !captionEl || !caption.includes(b.text));
    return caption ? [...inner, blockWithRuby("figure", caption)] : inner;
  }
  if (caption) return [blockWithRuby("figure", caption)];
  return select("img", figure)
    .map((img) => imageDescription(img))
    .filter((alt): alt is string => alt !== undefined)
    .map((text) => ({ type: "figure", text }));
}

// ---- lists ---------------------------------------------------------------------------------------------------

// A marker the page wrote into the item's text: （一） (1) 一、 1. ① ・ and the like.
const WRITTEN_MARKER =
  /^(?:[（(]\s*(?:[一二三四五六七八九十百〇零]{1,4}|\d{1,3}|[A-Za-z])\s*[）)]|(?:[一二三四五六七八九十百]{1,4}|\d{1,3})\s*(?:[、．]|\.(?!\d))|[①-⑳㈠-㈩⑴-⒇⒈-⒛]|[・•●○■□◆◇▪▫‣⁃※])\s*(?=\S)/;

const CJK_NUMBERS = "〇一二三四五六七八九";
function cjkNumber(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens > 1 ? CJK_NUMBERS[tens] : "") + (tens > 0 ? "十" : "") + (ones > 0 ? CJK_NUMBERS[ones] : "");
}
function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: Array<[number, string]> = [
    [1000, "m"],
    [900, "cm"],
    [500, "d"],
    [400, "cd"],
    [100, "c"],
    [90, "xc"],
    [50, "l"],
    [40, "xl"],
    [10, "x"],
    [9, "ix"],
    [5, "v"],
    [4, "iv"],
    [1, "i"],
  ];
  let out = "";
  for (const [value, digits] of table) {
    for (; n >= value; n -= value) out += digits;
  }
  return out;
}
function alpha(n: number): string {
  let out = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(97 + ((k - 1) % 26)) + out;
  return out || String(n);
}

/** The numbering an ordered list asks for (`type`, or `list-style-type` in its style attribute). */
function numbering(list: Element): (n: number) => string {
  const style = /list-style(?:-type)?\s*:\s*([\w-]+)/i.exec(attr(list, "style") ?? "")?.[1]?.toLowerCase();
  const type = attr(list, "type");
  if (style === "none") return () => "";
  if (
    style === "cjk-ideographic" ||
    style === "cjk-decimal" ||
    style === "simp-chinese-informal" ||
    style === "trad-chinese-informal"
  )
    return (n) => `${cjkNumber(n)}、`;
  if (style === "lower-alpha" || style === "lower-latin" || type === "a") return (n) => `${alpha(n)}.`;
  if (style === "upper-alpha" || style === "upper-latin" || type === "A")
    return (n) => `${alpha(n).toUpperCase()}.`;
  if (style === "lower-roman" || type === "i") return (n) => `${roman(n)}.`;
  if (style === "upper-roman" || type === "I") return (n) => `${roman(n).toUpperCase()}.`;
  return (n) => `${n}.`;
}

const BULLET = "・";

/**
 * A list's items, each a list-item block with its marker (the one written in the text, else the list's own
 * numbering or a bullet), nested lists one level deeper, an item's later paragraphs with an empty marker.
 */
function listBlocks(list: Element, context: StructureContext): Block[] {
  const ordered = list.name === "ol";
  const unmarked = /list-style(?:-type)?\s*:\s*none/i.test(attr(list, "style") ?? "");
  const format = numbering(list);
  const items = list.children.filter((c): c is Element => isTag(c) && c.name === "li" && !isInvisible(c));
  const reversed = ordered && attr(list, "reversed") !== undefined;
  let n = Number.parseInt(attr(list, "start") ?? "", 10);
  if (!Number.isFinite(n)) n = reversed ? items.length : 1;
  const out: Block[] = [];
  for (const child of list.children) {
    if (!isTag(child) || isInvisible(child)) continue;
    if (child.name !== "li") {
      // Stray content between items: a nested list without its li is one level deeper; anything else is read
      // as it is.
      if (child.name === "ul" || child.name === "ol") out.push(...nested(listBlocks(child, context)));
      else out.push(...context.collect(child));
      continue;
    }
    const value = Number.parseInt(attr(child, "value") ?? "", 10);
    if (Number.isFinite(value)) n = value;
    const own = ordered && !unmarked ? format(n) : unmarked ? "" : BULLET;
    n += reversed ? -1 : 1;
    let first = true;
    for (const block of context.collect(child)) {
      if (
        block.type === "list-item" ||
        block.type === "table" ||
        block.type === "figure" ||
        block.type === "preformatted"
      ) {
        out.push(block.type === "list-item" ? { ...block, depth: (block.depth ?? 0) + 1 } : block);
        continue;
      }
      if (!first) {
        out.push({ ...block, type: "list-item", marker: "", depth: 0 });
        continue;
      }
      first = false;
      out.push(markItem(block, own));
    }
  }
  return out;
}

/** A nested list's items, one level deeper than they were read. */
function nested(blocks: Block[]): Block[] {
  return blocks.map((b) => (b.type === "list-item" ? { ...b, depth: (b.depth ?? 0) + 1 } : b));
}

/** The item's first paragraph with its marker: the one written at its start if any (kept out of the text). */
function markItem(block: Block, listMarker: string): Block {
  const written = WRITTEN_MARKER.exec(block.text);
  const shift = written ? written[0].length : 0;
  const marker = written ? written[0].trim() : listMarker;
  const ruby = block.ruby
    ?.filter((r) => r.start >= shift)
    .map((r) => ({ ...r, start: r.start - shift, end: r.end - shift }));
  return {
    type: "list-item",
    text: block.text.slice(shift),
    marker,
    depth: 0,
    ...(ruby && ruby.length > 0 ? { ruby } : {}),
  };
}

// ---- quotes --------------------------------------------------------------------------------------------------

/** A block quote's paragraphs as quote blocks; a quote inside it one level deeper. */
function quoteBlocks(quote: Element, context: StructureContext): Block[] {
  return context.collect(quote).map((b) => {
    if (b.type === "quote") return { ...b, depth: (b.depth ?? 0) + 1 };
    if (b.type === "paragraph") return { ...b, type: "quote", depth: 0 };
    return b;
  });
}
