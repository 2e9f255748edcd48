// 人民網 (people.com.cn) article pages: the current template (2020+: div.rm_txt, .rm_txt_con) and the older ones
// (#rwb_zw, .box_con, #p_content), GB and BIG5 editions alike.
import type { Article } from "../../model.js";
import { parseDate } from "../dates.js";
import {
  breadcrumbLinks,
  collectBlocks,
  findRecommended,
  parseEditors,
  stripSiteSuffix,
} from "../html-article.js";
import { cleanInline, inlineText, meta, select, selectFirst, type Document } from "../html.js";

const BODY = [
  "div.rm_txt_con",
  "#rwb_zw",
  ".box_con",
  "#p_content",
  ".rm_txt_con",
  ".text_con",
  ".show_text",
];
const TITLE = [
  "div.rm_txt h1",
  "#newsTitle",
  "#p_title",
  ".text_title h1",
  ".title h1",
  ".clearfix h1",
  "h1",
];
const DATELINE = [".channel .col-1-1", "#p_publishtime", ".box01 .fl", ".text_title .fl", ".col-1-1", ".sou"];
const BREADCRUMB = ["#rwb_navpath", ".route", ".daohang", ".x_nav", ".subNav", ".clink"];
const EDITOR = ["div.edit", "#p_editor", ".editor", ".edit"];
// Inside the body container: not body text.
const NOT_BODY =
  ".edit, #p_editor, .paper_num, .zdfy, .page_n, #rwb_tjyd, #rwb_xgxw, .rm_relevant, .bza, .box_pic, .rm_notice";

/** True when the page carries the markers of a people.com.cn template. */
export function isPeoplePage(doc: Document, url: string): boolean {
  if (selectFirst("div.rm_txt_con, #rwb_zw, #p_content, #rwb_navpath, #rwb_tjyd", doc)) return true;
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    // an unparsable URL says nothing about the site
  }
  return /(^|\.)people\.(com\.)?cn$/.test(host) && selectFirst(".box_con", doc) !== undefined;
}

function first(doc: Document, selectors: string[]) {
  for (const s of selectors) {
    const el = selectFirst(s, doc);
    if (el && inlineText(el)) return el;
  }
  return undefined;
}

export function peopleProfile(doc: Document, url: string): Article {
  const warnings: string[] = [];
  const titleEl = first(doc, TITLE);
  const title = inlineText(titleEl) || stripSiteSuffix(inlineText(selectFirst("title", doc)));
  if (!title) warnings.push("no title found");

  const kicker =
    inlineText(selectFirst("div.rm_txt h3.pre, .text_title h3.pre, h3.pre, #p_pre", doc)) || undefined;
  const subtitle =
    inlineText(selectFirst("div.rm_txt h4.sub, .text_title h4.sub, h4.sub, h2.sub, #p_sub", doc)) ||
    undefined;

  // Dateline: "2023年09月18日08:40 | 來源:大眾報業·大眾日報".
  const dateline = inlineText(first(doc, DATELINE));
  const published = parseDate(dateline) ?? parseDate(meta(doc, "publishdate"));
  const sourceMatch = /(?:[來来]源|出典|출처)\s*[:：]\s*(.+)$/.exec(dateline);
  const source =
    cleanInline(sourceMatch?.[1] ?? "") ||
    inlineText(selectFirst("#p_origin a, #p_origin", doc)).replace(/^[來来]源\s*[:：]\s*/, "") ||
    (meta(doc, "source") ?? "").replace(/^[來来]源\s*[:：]\s*/, "") ||
    undefined;

  const breadcrumbEl = BREADCRUMB.map((s) => selectFirst(s, doc)).find((el) => el !== undefined);
  const breadcrumb = breadcrumbLinks(
    breadcrumbEl?.name === "a" ? (breadcrumbEl.parent as never) : breadcrumbEl,
    url,
    warnings,
  );

  const container = BODY.map((s) => selectFirst(s, doc)).find((el) => el !== undefined);
  const body = container ? collectBlocks(container, { exclude: NOT_BODY }) : [];
  if (body.length === 0) warnings.push("no article text found on the page");

  let editors: string[] = [];
  for (const s of EDITOR) {
    for (const el of select(s, doc)) {
      editors = parseEditors(inlineText(el));
      if (editors.length) break;
    }
    if (editors.length) break;
  }
  if (editors.length === 0 && container) {
    editors = parseEditors(inlineText(container));
  }

  const notice = inlineText(selectFirst("div.rm_notice", doc)) || undefined;
  const article: Article = {
    url,
    title,
    breadcrumb,
    editors,
    body,
    recommended: findRecommended(doc, url, warnings),
    warnings,
  };
  if (kicker) article.kicker = kicker;
  if (subtitle) article.subtitle = subtitle;
  if (published) article.published = published;
  if (source) article.source = source;
  if (notice) article.notice = notice;
  return article;
}
