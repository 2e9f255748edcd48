// A date a feed or page gives only to the day (`<dc:date>2024-05-03</dc:date>`, `<meta name="date"
// content="2024-05-03">`) is that day for every reader, wherever they are: the article list, the article's
// header and `reader list` show 2024-05-03 with no time, never the evening before (the day's midnight in the
// page's zone is 12:00 the day before in New York). A date with its time still shows in the reader's zone.
import { stripVTControlCharacters } from "node:util";
import { renderToString } from "ink";
import { createElement } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { Article, ArticleRef } from "../../src/model.js";
import { articleLines, listLines } from "../../src/print.js";
import { loadFeed } from "../../src/sources/feed.js";
import { parseArticlePage } from "../../src/sources/page.js";
import { ArticleRows } from "../../src/tui/screens/lists.js";
import { makeTheme } from "../../src/tui/theme.js";

const FEED_URL = "http://news.example.cn/rss.xml";
const feed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>示例新闻</title>
<link>http://news.example.cn/</link>
<item><title>本市调整二十条公交线路</title><link>http://news.example.cn/a1.html</link><dc:date>2024-05-03</dc:date></item>
<item><title>新城区图书馆开放</title><link>http://news.example.cn/a2.html</link><pubDate>Fri, 03 May 2024 13:30:00 +0800</pubDate></item>
</channel></rss>`;

const paragraph =
  "记者从市交通运输局获悉，本市将于下月起调整二十条公交线路，方便新城区居民出行，早晚高峰发车间隔缩短至十分钟以内。";
const page = (head: string) =>
  `<html lang="zh-CN"><head><title>本市调整二十条公交线路_示例网</title>${head}</head>
  <body><h1>本市调整二十条公交线路</h1><div class="content"><p>${paragraph}</p><p>${paragraph}</p></div></body></html>`;

function listItems(): ArticleRef[] {
  return loadFeed({ requestedUrl: FEED_URL, url: FEED_URL, status: 200, body: Buffer.from(feed) }).items;
}

/** The article's header lines as the interface and `reader print` lay them out. */
function header(article: Article): string {
  return articleLines(article, 80, {}).slice(0, 4).join("\n");
}

/** The article list's rows as the interface draws them, at a width that shows the date column. */
function rows(items: ArticleRef[]): string[] {
  const screen = { kind: "articles", channelId: "c", top: 0, selected: 0 } as const;
  const frame = renderToString(
    createElement(ArticleRows, {
      screen,
      height: items.length,
      width: 80,
      theme: makeTheme("mono"),
      ambiguous: "narrow",
      items,
      isRead: () => false,
    }),
    { columns: 80 },
  );
  return stripVTControlCharacters(frame).split("\n");
}

const zoneBefore = process.env["TZ"];
afterEach(() => {
  if (zoneBefore === undefined) delete process.env["TZ"];
  else process.env["TZ"] = zoneBefore;
});

// The timed item (13:30 in Beijing, 05:30 UTC) as the reader's clock shows it.
const TIMED: Record<string, string> = {
  "America/New_York": "2024-05-03 01:30",
  "Asia/Tokyo": "2024-05-03 14:30",
};

describe("a date known only to the day", () => {
  for (const zone of Object.keys(TIMED))
    describe(`read in ${zone}`, () => {
      it("is that day, with no time, in `reader list`; a date with a time is in the reader's zone", () => {
        process.env["TZ"] = zone;
        const lines = listLines(listItems(), 80);
        expect(lines[0]).toMatch(/^2024-05-03 {8}本市调整二十条公交线路$/);
        expect(lines[1]).toBe(`${TIMED[zone]}  新城区图书馆开放`);
      });

      it("is that day, with no time, in the article list's rows", () => {
        process.env["TZ"] = zone;
        const [dayRow, timedRow] = rows(listItems());
        expect(dayRow).toContain(" 2024-05-03 ");
        expect(dayRow).not.toMatch(/2024-05-0[23] \d\d:\d\d/);
        expect(timedRow).toContain(` ${TIMED[zone]}`);
      });

      it("is that day in the article's header, from a page's metadata or a dateline", () => {
        process.env["TZ"] = zone;
        const fromMeta = parseArticlePage(
          page('<meta name="date" content="2024-05-03">'),
          "http://news.example.cn/a1.html",
        );
        expect(header(fromMeta)).toMatch(/^2024-05-03$/m);
        const timed = parseArticlePage(
          page('<meta property="article:published_time" content="2024-05-03T13:30:00+08:00">'),
          "http://news.example.cn/a2.html",
        );
        expect(header(timed)).toContain(TIMED[zone]);
      });
    });

  it("gives way to a dateline of that day with its time, even one before the day's midnight in UTC", () => {
    // 07:30 in Beijing is 23:30 UTC the day before: still the metadata's day where the page's clocks are.
    const article = parseArticlePage(
      page('<meta name="publishdate" content="2024-05-03">').replace(
        "</h1>",
        '</h1><div class="info"><span>2024-05-03 07:30</span> 来源：示例日报</div>',
      ),
      "http://news.example.cn/a1.html",
    );
    expect(article.published).toBe("2024-05-02T23:30:00Z");
  });
});
