// Generates the bundled offline sample site (sample-site/) from the readable sources beside this script:
// site.json (channels, sections, page labels) and articles/<channel>/*.md (one article per file).
// The output mimics people.com.cn's current article template and feeds, so the replay source sends it
// through the same decode → parse path as pages fetched from the network.
//
//   node scripts/sample-site/build.mjs
//
// Article file format: `key: value` lines, a `---` line, then paragraphs separated by blank lines.
// A paragraph starting with `## ` is a subheading; `![caption](src)` is a picture (page noise for the parser);
// `!![caption](src)` is a <figure> with its <figcaption>; lines of `| a | b |` are a table (rows above a `|---|`
// line are its header); lines of `- item` or `1. item` are a list; `{東京|とうきょう}` anywhere is ruby.
import { readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { TextDecoder } from "node:util";
import iconv from "iconv-lite";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const outDir = path.join(root, "sample-site");
const site = JSON.parse(readFileSync(path.join(here, "site.json"), "utf8"));
const origin = site.origin;

// ---------- reading the sources ----------

// Blocks whose line breaks mean something: tables and lists.
const STRUCTURED = /^(?:\||- |\d+\. )/;
// Ruby in the sources: {base|reading}.
const RUBY = /\{([^|{}]+)\|([^{}]+)\}/g;

function readArticle(file, channelId) {
  const text = readFileSync(file, "utf8").replace(/\r\n/g, "\n");
  const split = text.indexOf("\n---\n");
  if (split < 0) throw new Error(`${file}: no '---' line after the header`);
  const meta = {};
  for (const line of text.slice(0, split).split("\n")) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    if (colon < 0) throw new Error(`${file}: bad header line ${line}`);
    meta[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const paragraphs = text
    .slice(split + 5)
    .split(/\n\s*\n/)
    .map((p) => (STRUCTURED.test(p.trim()) ? p.trim() : p.replace(/\n/g, "").trim()))
    .filter(Boolean);
  const key = path.basename(file, ".md");
  for (const required of ["id", "title", "date", "source", "summary"]) {
    if (!meta[required]) throw new Error(`${file}: missing ${required}`);
  }
  return { key, channelId, meta, paragraphs };
}

const channels = site.channels;
const articles = [];
for (const channel of channels) {
  const dir = path.join(here, "articles", channel.dir);
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".md")) articles.push(readArticle(path.join(dir, name), channel.id));
  }
}
const byKey = new Map(articles.map((a) => [a.key, a]));
if (byKey.size !== articles.length) throw new Error("two article files share a name");
const channelById = new Map(channels.map((c) => [c.id, c]));

// ---------- URLs and dates ----------

function parseBeijing(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(date);
  if (!m) throw new Error(`bad date ${date}`);
  const [, y, mo, d, h, mi] = m.map(Number);
  // Dates in the sources are Beijing time (+08:00), as people.com.cn prints them.
  return new Date(Date.UTC(y, mo - 1, d, h - 8, mi));
}

const pad = (n) => String(n).padStart(2, "0");

/** A wall-clock view of an instant at a fixed offset (minutes east of UTC). */
function wallClock(instant, offsetMinutes) {
  const t = new Date(instant.getTime() + offsetMinutes * 60_000);
  return {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
    wd: t.getUTCDay(),
  };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function feedDate(instant, style) {
  if (style === "people") {
    // people.com.cn's own feeds: no zone, meaning +08:00.
    const c = wallClock(instant, 480);
    return `${c.y}-${pad(c.mo)}-${pad(c.d)} ${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}`;
  }
  const zones = { "+0800": 480, "+0900": 540, GMT: 0 };
  const offset = zones[style];
  if (offset === undefined) throw new Error(`unknown date style ${style}`);
  const c = wallClock(instant, offset);
  return `${DAYS[c.wd]}, ${pad(c.d)} ${MONTHS[c.mo - 1]} ${c.y} ${pad(c.h)}:${pad(c.mi)}:${pad(c.s)} ${style}`;
}

function dateline(instant) {
  const c = wallClock(instant, 480);
  return `${c.y}年${pad(c.mo)}月${pad(c.d)}日${pad(c.h)}:${pad(c.mi)}`;
}

function sectionsOf(article) {
  const channel = channelById.get(article.channelId);
  const keys = (article.meta.crumbs ?? channel.crumbs.join(" ")).split(/\s+/);
  return keys.map((k) => {
    const s = channel.sections[k];
    if (!s) throw new Error(`${article.key}: unknown section ${k}`);
    return { key: k, ...s };
  });
}

function sectionPath(channel, section) {
  return `/${channel.prefix}/${section.node}/index.html`;
}

for (const a of articles) {
  const channel = channelById.get(a.channelId);
  a.instant = parseBeijing(a.meta.date);
  a.sections = sectionsOf(a);
  const leaf = a.sections[a.sections.length - 1];
  const c = wallClock(a.instant, 480);
  const prefix = a.meta.prefix ?? channel.prefix;
  a.path = `/${prefix}/${channel.dir === "ja" || channel.dir === "ko" ? "n3" : "n1"}/${c.y}/${pad(c.mo)}${pad(c.d)}/c${leaf.node}-${a.meta.id}.html`;
  a.url = origin + a.path;
  a.stub = a.meta.kind === "stub";
  a.twinOf = a.meta.twinOf;
}

// ---------- escaping and encoding ----------

/** The source's own paragraph indent: two ideographic spaces. */
const INDENT = "\u3000\u3000";

const escapeHtml = (s) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function cdata(s) {
  if (s.includes("]]>")) throw new Error(`CDATA cannot hold ${s}`);
  return `<![CDATA[${s}]]>`;
}

/**
 * Encodes a page in a legacy charset the way a CMS does: characters the charset lacks (emoji, rare
 * hanzi) become numeric character references, so the page stays faithful after decoding.
 */
function encodePage(html, charset) {
  if (charset === "utf-8") return Buffer.from(html, "utf8");
  const decoder = new TextDecoder(charset);
  let out = "";
  for (const ch of html) {
    const bytes = iconv.encode(ch, charset);
    out += decoder.decode(bytes) === ch ? ch : `&#x${ch.codePointAt(0).toString(16).toUpperCase()};`;
  }
  const bytes = iconv.encode(out, charset);
  if (decoder.decode(bytes) !== out) throw new Error(`${charset} round trip failed`);
  return bytes;
}

// ---------- pages ----------

function labelsFor(article) {
  return site.labels[article.meta.script ?? channelById.get(article.channelId).script];
}

function breadcrumbHtml(article) {
  const channel = channelById.get(article.channelId);
  // A /BIG5/ twin of a Simplified page names the same sections in Traditional characters.
  const titles = article.meta.crumbTitles?.split(/\s+/) ?? [channel.home, ...article.sections.map((s) => s.title)];
  const urls = [`${origin}/`, ...article.sections.map((s) => origin + sectionPath(channel, s))];
  const steps = urls.map((url, i) => ({ title: titles[i], url }));
  return steps
    .map((s) => `<a href="${escapeHtml(s.url)}" target="_blank" class="clink">${escapeHtml(s.title)}</a>`)
    .join("&gt;&gt;");
}

function relatedOf(article) {
  const keys = (article.meta.related ?? "").split(/\s+/).filter(Boolean);
  return keys.map((k) => {
    const target = byKey.get(k);
    if (!target) throw new Error(`${article.key}: related ${k} does not exist`);
    return target;
  });
}

/** Paragraph text as HTML: escaped, with {base|reading} as ruby (the brackets for browsers without ruby). */
function inlineHtml(text) {
  return escapeHtml(text).replace(RUBY, "<ruby>$1<rp>（</rp><rt>$2</rt><rp>）</rp></ruby>");
}

/** `| a | b |` lines → a table; the rows above a `|---|` line are its header. */
function tableHtml(article, block) {
  const lines = block.split("\n").map((line) => line.trim());
  const rule = lines.findIndex((line) => /^\|[\s:|-]+\|$/.test(line));
  const cells = (line) =>
    line
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
  const row = (line, tag) => `<tr>${cells(line).map((c) => `<${tag}>${inlineHtml(c)}</${tag}>`).join("")}</tr>`;
  const head = rule > 0 ? lines.slice(0, rule) : [];
  const body = rule >= 0 ? lines.slice(rule + 1) : lines;
  if (body.length === 0) throw new Error(`${article.key}: a table without rows`);
  return `<table class="data-table">${head.length ? `<thead>${head.map((l) => row(l, "th")).join("")}</thead>` : ""}<tbody>${body.map((l) => row(l, "td")).join("")}</tbody></table>`;
}

function bodyHtml(article, labels) {
  const parts = [];
  for (const p of article.paragraphs) {
    if (p.startsWith("## ")) {
      parts.push(`<p>${INDENT}<strong>${escapeHtml(p.slice(3))}</strong></p>`);
    } else if (p.startsWith("![")) {
      const m = /^!\[(.*)\]\((.*)\)$/.exec(p);
      if (!m) throw new Error(`${article.key}: bad picture ${p}`);
      parts.push(
        `<p style="text-align: center;"><img src="${escapeHtml(m[2])}" alt="" border="0" /></p>`,
        `<p class="pictext" style="text-align: center;">${escapeHtml(m[1])}</p>`,
      );
    } else if (p.startsWith("!![")) {
      const m = /^!!\[(.*)\]\((.*)\)$/.exec(p);
      if (!m) throw new Error(`${article.key}: bad figure ${p}`);
      parts.push(
        `<figure class="article-figure"><img src="${escapeHtml(m[2])}" alt="${escapeHtml(m[1].replace(RUBY, "$1"))}" width="600" height="400" /><figcaption>${inlineHtml(m[1])}</figcaption></figure>`,
      );
    } else if (p.startsWith("|")) {
      parts.push(tableHtml(article, p));
    } else if (/^(?:- |\d+\. )/.test(p)) {
      const tag = p.startsWith("- ") ? "ul" : "ol";
      const items = p.split("\n").map((line) => line.replace(/^(?:- |\d+\. )/, ""));
      parts.push(`<${tag}>${items.map((item) => `<li>${inlineHtml(item)}</li>`).join("")}</${tag}>`);
    } else {
      parts.push(`<p>${INDENT}${inlineHtml(p)}</p>`);
    }
  }
  if (article.stub) parts.push(`<div class="rm_notice">${escapeHtml(labels.notice)}</div>`);
  return parts.join("\n");
}

function articleHtml(article) {
  const channel = channelById.get(article.channelId);
  const labels = labelsFor(article);
  const m = article.meta;
  const metaCharset = m.metaCharset ?? "UTF-8";
  const related = relatedOf(article)
    .map(
      (r) =>
        `<li><a href="${escapeHtml(channel.absoluteRelated ? r.url : r.path)}" target="_blank">${escapeHtml(r.meta.title)}</a><p>${escapeHtml(r.meta.summary)}</p></li>`,
    )
    .join("\n");
  const editors = (m.editors ?? "").split(/\s+/).filter(Boolean).join(labels.editorJoin);
  const siteName = labels.site;
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="content-type" content="text/html;charset=${metaCharset}"/>
<meta http-equiv="Content-Language" content="utf-8" />
<meta content="all" name="robots" />
<title>${escapeHtml(m.title)}--${escapeHtml(m.channelTitle ?? channel.title)}--${escapeHtml(siteName)}</title>
<meta name="keywords" content="${escapeHtml(m.keywords ?? "")}" />
<meta name="description" content="${INDENT}${escapeHtml(article.paragraphs.find((p) => !/^(##|!\[|!!\[)/.test(p) && !STRUCTURED.test(p))?.replace(RUBY, "$1").slice(0, 60) ?? "")}" />
<meta name="contentid" content="${escapeHtml(m.id)}">
<meta name="publishdate" content="${escapeHtml(m.date.slice(0, 10))}">
<link href="/img/2020wbc/css/page202102.css" type="text/css" rel="stylesheet" media="all" />
<style type="text/css">
.rm_txt .col-1{ margin:0 auto;}
.rm_txt .col-1 h3,.rm_txt .col-1 h1,.rm_txt .col-1 h4,.col-1-1{ text-align:center;}
</style>
<script type="text/javascript">
var _hmt = _hmt || [];
if (window.innerWidth < 760) { document.write('<p class="m_tip">' + "${escapeHtml(labels.mobileTip)}" + '</p>'); }
</script>
</head><body>
<div class="main">
<!--头部-->
<div class="header cf"><div class="layout"><a href="${origin}/" target="_blank"><img src="/img/2020wbc/imgs/logo.png" alt="${escapeHtml(siteName)}" /></a></div></div>
<div class="rm_nav cf" id="rm_topnav"><div class="layout rm_nav_con cf"><ul class="cf">
${site.channels.map((c) => `<li><a href="${origin}${sectionPath(c, c.sections[c.crumbs[0]])}" target="_blank">${escapeHtml(c.title)}</a></li>`).join("")}
</ul></div></div>
<div class="layout route cf" id="rwb_navpath">${breadcrumbHtml(article)}</div>
<div class="layout rm_txt cf"><div class="col col-1">
<h3 class="pre">${escapeHtml(m.kicker ?? "")}</h3><h1>${escapeHtml(m.title)}</h1><h4 class="sub">${escapeHtml(m.subtitle ?? "")}</h4>
<div class="channel cf"><div class="col-1-1">${dateline(article.instant)} | ${labels.sourceLabel}<a href="${origin}/" target="_blank">${escapeHtml(m.source)}</a></div>
<div class="col-1-2 fr"><span class="rm_type"><i>${escapeHtml(labels.smallFont)}</i></span><span class="rm_share"><a href="javascript:void(0)" class="wx">微信</a><a href="javascript:void(0)" class="wb">微博</a></span></div></div>
<div class="rm_txt_con cf">
${bodyHtml(article, labels)}
<div class="edit cf">(${labels.editorLabel}${escapeHtml(editors)})</div>
<p class="paper_num"><em class="section-common-share-wrap">${escapeHtml(labels.share)}</em></p></div>
<div class="box_ewm"><div class="share_box" id="share_box"><span>${escapeHtml(labels.share)}</span><a href="javascript:void(0)" class="share_wx"></a><a href="javascript:void(0)" class="share_wb"></a></div></div>
<div class="rm_relevant cf" id="rwb_tjyd"><h2>${escapeHtml(labels.related)}</h2><ul>
${related}
</ul></div>
</div></div>
<div class="topb">${escapeHtml(labels.top)}</div>
<div class="foot"><p>${escapeHtml(labels.footer)}</p><p><a href="${origin}/" target="_blank">${escapeHtml(siteName)}</a> | <a href="${origin}/" target="_blank">${escapeHtml(labels.about)}</a></p></div>
</div>
<script type="text/javascript">
(function () { var top = document.querySelector(".topb"); if (top) top.onclick = function () { window.scrollTo(0, 0); }; })();
</script>
</body></html>
`;
}

function listPageHtml(channel, section, items) {
  const labels = site.labels[channel.script];
  const list = items
    .map(
      (a) =>
        `<li><a href="${escapeHtml(a.path)}" target="_blank">${escapeHtml(a.meta.title)}</a><em>${dateline(a.instant)}</em></li>`,
    )
    .join("\n");
  return `<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html;charset=UTF-8"/>
<title>${escapeHtml(section.title)}--${escapeHtml(labels.site)}</title></head><body>
<div class="layout route cf" id="rwb_navpath"><a href="${origin}/" class="clink">${escapeHtml(channel.home)}</a>&gt;&gt;<a href="${origin}${sectionPath(channel, section)}" class="clink">${escapeHtml(section.title)}</a></div>
<div class="layout columns cf"><div class="fl"><div class="ej_list_box clear"><ul class="list_16 mt10">
${list}
</ul></div></div></div>
<div class="foot"><p>${escapeHtml(labels.footer)}</p></div>
</body></html>
`;
}

/** The front page: the channels, and the newest articles of all of them (what its breadcrumb step 人民網 opens). */
function homeHtml() {
  const list = channels
    .map(
      (c) =>
        `<li><a href="${origin}${sectionPath(c, c.sections[c.crumbs[0]])}">${escapeHtml(c.title)}</a> <a href="${origin}/rss/${c.feed}.xml">RSS</a></li>`,
    )
    .join("\n");
  const newest = articles
    .filter((a) => !a.stub && !a.twinOf)
    .sort(newestFirst)
    .slice(0, 12)
    .map(
      (a) =>
        `<li><a href="${escapeHtml(a.url)}" target="_blank">${escapeHtml(a.meta.title)}</a><em>${dateline(a.instant)}</em></li>`,
    )
    .join("\n");
  return `<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html;charset=UTF-8"/>
<title>人民網離線樣本 | reader sample site</title></head><body>
<h1>人民網離線樣本</h1>
<p>${escapeHtml(site.homeNote)}</p>
<ul>
${list}
</ul>
<div class="ej_list_box clear"><ul class="list_16 mt10">
${newest}
</ul></div>
</body></html>
`;
}

// ---------- feeds ----------

function feedXml(channel, items) {
  const style = channel.feedStyle;
  const itemXml = items.map((a) => {
    const m = a.meta;
    const link = channel.relativeLinks ? (m.feedLink ?? a.path) : origin + (m.feedLink ?? a.path);
    const sourceName = m.feedSource ?? m.source;
    let title;
    let summary;
    if (channel.cdata) {
      title = cdata(m.title);
      summary = cdata(m.summary);
    } else {
      title = escapeHtml(m.title);
      summary = escapeHtml(m.summary);
      // Some CMSs write CJK as numeric references; a reader must unescape each exactly once.
      if (channel.numericRefs) title = title.replace(/中/g, "&#x4E2D;");
    }
    return `<item>
<title>${title}</title>
<link>${escapeHtml(link)}</link>
<pubDate>${feedDate(a.instant, style)}</pubDate>
<source url="${origin}/rss/${channel.feed}.xml">${escapeHtml(sourceName)}</source>
${m.author ? `<author>${escapeHtml(m.author)}</author>\n` : ""}<description>${summary}</description>
</item>`;
  });
  const sectionUrl = origin + sectionPath(channel, channel.sections[channel.crumbs[0]]);
  const encodingDecl = channel.xmlEncoding ?? "UTF-8";
  return `<?xml version="1.0" encoding="${encodingDecl}"?>
<rss version="2.0">
<channel>
<title>${channel.cdata ? cdata(channel.title) : escapeHtml(channel.title)}</title>
<link>${sectionUrl}</link>
<description>${escapeHtml(channel.description)}</description>
<language>${channel.language}</language>
<copyright>${escapeHtml(site.labels[channel.script].footer)}</copyright>
<lastBuildDate>${feedDate(new Date(Math.max(...items.map((a) => a.instant.getTime()))), style)}</lastBuildDate>
${itemXml.join("\n")}
</channel>
</rss>
`;
}

// ---------- writing ----------

rmSync(outDir, { recursive: true, force: true });
const resources = {};

function put(urlPath, file, contentType, bytes, status = 200) {
  if (resources[urlPath]) throw new Error(`${urlPath} written twice`);
  const full = path.join(outDir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, bytes);
  resources[urlPath] = { file, status, contentType };
}

const newestFirst = (a, b) => b.instant - a.instant;

for (const a of articles) {
  const charset = (a.meta.encoding ?? "utf-8").toLowerCase();
  const contentType = a.meta.contentType ?? channelById.get(a.channelId).contentType;
  put(a.path, a.path.slice(1), contentType, encodePage(articleHtml(a), charset));
}

for (const channel of channels) {
  const own = articles.filter((a) => a.channelId === channel.id);
  const listed = articles
    .filter((a) => (a.channelId === channel.id && a.meta.feed !== "no") || a.meta.alsoIn === channel.id)
    .filter((a) => !a.stub)
    .sort(newestFirst);
  const feedBytes = Buffer.from(feedXml(channel, listed), "utf8");
  put(`/rss/${channel.feed}.xml`, `rss/${channel.feed}.xml`, channel.feedContentType, feedBytes);
  for (const section of Object.values(channel.sections)) {
    const items = own
      .filter((a) => a.sections.some((s) => s.node === section.node) && !a.stub && !a.twinOf)
      .sort(newestFirst);
    const p = sectionPath(channel, section);
    put(p, p.slice(1), "text/html; charset=utf-8", Buffer.from(listPageHtml(channel, section, items), "utf8"));
  }
}

put("/", "index.html", "text/html; charset=utf-8", Buffer.from(homeHtml(), "utf8"));
put("/404.html", "404.html", "text/html; charset=utf-8", Buffer.from(site.notFoundPage, "utf8"), 404);
for (const extra of site.extraResources) {
  if (extra.status === 404) {
    resources[extra.path] = { file: "404.html", status: 404, contentType: "text/html; charset=utf-8" };
  } else {
    const target = extra.locationKey ? byKey.get(extra.locationKey)?.path : extra.location;
    if (!target) throw new Error(`redirect ${extra.path} has no target`);
    resources[extra.path] = { status: extra.status, location: target };
  }
}

const manifest = {
  origin,
  channels: channels.map((c) => ({ id: c.id, title: c.title, url: `${origin}/rss/${c.feed}.xml` })),
  resources: Object.fromEntries(Object.entries(resources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
};
writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

const full = articles.filter((a) => !a.stub);
const longest = Math.max(...full.map((a) => a.paragraphs.join("").length));
console.log(
  `sample-site: ${channels.length} channels, ${full.length} full articles (${full.filter((a) => !a.twinOf).length} distinct), ` +
    `${articles.length - full.length} summary-only pages, ${Object.keys(resources).length} resources; longest body ${longest} characters`,
);
