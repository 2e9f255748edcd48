import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findNextPages, joinPages, loadArticle, parseArticlePage } from "../../src/sources/page.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const URL_2024 = "http://politics.people.com.cn/n1/2024/0424/c1001-40223222.html";

describe("parseArticlePage: people.com.cn current template (real page)", () => {
  const expected = JSON.parse(fixture("politics-2024-04-24.expected.json")) as {
    title: string;
    paragraphs: string[];
  };
  const article = parseArticlePage(fixture("politics-2024-04-24.html"), URL_2024);

  it("gives exactly the ground-truth paragraphs, upstream damage included", () => {
    expect(article.body.map((b) => b.text)).toEqual(expected.paragraphs);
    expect(article.body.every((b) => b.type === "paragraph")).toBe(true);
  });

  it("takes the title from the h1 (the <title> adds the site suffix)", () => {
    expect(expected.title.startsWith(article.title)).toBe(true);
    expect(article.title).not.toMatch(/人民网/);
  });

  it("reads the dateline as Beijing time, the source, editors and breadcrumb", () => {
    expect(article.published).toBe("2024-04-24T15:52:00Z");
    expect(article.source).toBe("新华网");
    expect(article.editors).toEqual(["牛镛", "岳弘彬"]);
    expect(article.breadcrumb).toEqual([{ title: "人民网", url: "http://www.people.com.cn/" }]);
    expect(article.warnings).toEqual([]);
  });

  it("never shows the 客户端下载 block as recommended, nor the share line as body", () => {
    expect(article.recommended).toEqual([]);
    expect(article.body.some((b) => /分享让更多人看到|小字号|责编/.test(b.text))).toBe(false);
  });
});

// The older template (#rwb_zw, #p_editor, #rwb_tjyd), as on the /BIG5/ provincial pages.
const OLD_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>山東:以堅強組織領導確保取得實效--山東頻道--人民網</title></head>
<body>
<div class="clearfix w1000_320 text_title">
  <div id="rwb_navpath" class="fl"><a href="http://www.people.com.cn/BIG5/">人民網</a>&gt;&gt;<a href="../../../index.html">山東頻道</a>&gt;&gt;<a href="/BIG5/n2/zt.html">學習貫徹習近平新時代中國特色社會主義思想主題教育</a></div>
  <h3 class="pre">為第二批主題教育</h3>
  <h1>山東:以堅強組織領導確保取得實效</h1>
  <h4 class="sub">——論扎實開展第二批主題教育</h4>
  <div class="box01"><div class="fl">2023年09月18日08:40&nbsp;&nbsp;|&nbsp;&nbsp;來源：<a href="#">大眾報業·大眾日報</a></div><div class="fr">小字號</div></div>
</div>
<div class="rm_notice">離線樣本：全文未收錄。</div>
<div class="box_con" id="rwb_zw">
  <p>&nbsp;&nbsp;&nbsp;&nbsp;任何一項工作要達到預期效果,關鍵看組織,根本靠落實。</p>
  <p>\u3000\u3000</p>
  <p>\u3000\u3000堅強的組織領導,是扎實開展好主題教育的前提和保証。<br>\u3000\u3000第二段在同一個p裡。</p>
  <div class="page_n"><a href="c386784-40574471.html">1</a><a href="c386784-40574471-2.html">2</a><a href="c386784-40574471-3.html">3</a><a href="c386784-40574471-2.html">下一頁</a></div>
  <div class="edit clearfix" id="p_editor">(責編：聶俊穹、劉穎婕)</div>
  <p class="paper_num">分享讓更多人看到</p>
</div>
<div class="rm_relevant cf" id="rwb_tjyd">
  <div class="title"><h2>推薦閱讀</h2></div>
  <ul>
    <li><h3><a href="/BIG5/n2/2023/0911/c386784-1.html">山東省委常委會召開會議</a></h3><p>9月10日上午,省委常委會召開會議。…</p></li>
    <li><h3><a href="http://sd.people.com.cn/BIG5/n2/2023/0908/c386784-2.html">林武率山東省代表團訪問烏茲別克斯坦</a></h3><p>9月4日至7日,省委書記林武率山東省代表團在烏茲別克斯坦訪問。…</p></li>
  </ul>
</div>
<div class="rm_relevant rm_download"><h5>客戶端下載</h5><ul><li><a href="http://app.people.cn/">手機人民網</a></li></ul></div>
</body></html>`;
const OLD_URL = "http://sd.people.com.cn/BIG5/n2/2023/0918/c386784-40574471.html";

describe("parseArticlePage: people.com.cn older template", () => {
  const article = parseArticlePage(OLD_PAGE, OLD_URL);

  it("strips indents, skips empty paragraphs, splits at <br>, leaves out page numbers and the edit line", () => {
    expect(article.body.map((b) => b.text)).toEqual([
      "任何一項工作要達到預期效果,關鍵看組織,根本靠落實。",
      "堅強的組織領導,是扎實開展好主題教育的前提和保証。",
      "第二段在同一個p裡。",
    ]);
  });

  it("reads kicker, subtitle, dateline, source, editors and notice", () => {
    expect(article).toMatchObject({
      title: "山東:以堅強組織領導確保取得實效",
      kicker: "為第二批主題教育",
      subtitle: "——論扎實開展第二批主題教育",
      published: "2023-09-18T00:40:00Z",
      source: "大眾報業·大眾日報",
      editors: ["聶俊穹", "劉穎婕"],
      notice: "離線樣本：全文未收錄。",
      warnings: [],
    });
  });

  it("resolves the >> breadcrumb links against the page", () => {
    expect(article.breadcrumb).toEqual([
      { title: "人民網", url: "http://www.people.com.cn/BIG5/" },
      { title: "山東頻道", url: "http://sd.people.com.cn/BIG5/index.html" },
      {
        title: "學習貫徹習近平新時代中國特色社會主義思想主題教育",
        url: "http://sd.people.com.cn/BIG5/n2/zt.html",
      },
    ]);
  });

  it("lists 推薦閱讀 items with absolute URLs and summaries", () => {
    expect(article.recommended).toEqual([
      {
        title: "山東省委常委會召開會議",
        url: "http://sd.people.com.cn/BIG5/n2/2023/0911/c386784-1.html",
        summary: "9月10日上午,省委常委會召開會議。…",
      },
      {
        title: "林武率山東省代表團訪問烏茲別克斯坦",
        url: "http://sd.people.com.cn/BIG5/n2/2023/0908/c386784-2.html",
        summary: "9月4日至7日,省委書記林武率山東省代表團在烏茲別克斯坦訪問。…",
      },
    ]);
  });

  it("finds the further pages of a multi-page article in order, and joins them", () => {
    expect(findNextPages(OLD_PAGE, OLD_URL)).toEqual([
      "http://sd.people.com.cn/BIG5/n2/2023/0918/c386784-40574471-2.html",
      "http://sd.people.com.cn/BIG5/n2/2023/0918/c386784-40574471-3.html",
    ]);
    expect(findNextPages(fixture("politics-2024-04-24.html"), URL_2024)).toEqual([]);
    const second = parseArticlePage(
      OLD_PAGE.replace("任何一項", "第二頁"),
      OLD_URL.replace(".html", "-2.html"),
    );
    const joined = joinPages(article, [second]);
    expect(joined.body).toHaveLength(6);
    expect(joined.body[3]?.text).toMatch(/^第二頁/);
  });

  it("finds a recommended block by its heading text alone", () => {
    const html = `<html><body><div id="rwb_zw"><p>正文。</p></div>
      <div class="box"><span class="t">相關新聞</span><ul><li><a href="/a.html">甲</a></li><li><a href="/b.html">乙</a></li></ul></div></body></html>`;
    const article = parseArticlePage(html, "http://sd.people.com.cn/n2/x.html");
    expect(article.recommended).toEqual([
      { title: "甲", url: "http://sd.people.com.cn/a.html" },
      { title: "乙", url: "http://sd.people.com.cn/b.html" },
    ]);
  });
});

describe("loadArticle", () => {
  it("decodes and parses a GBK page and keeps the decoding warnings", () => {
    const article = loadArticle({
      requestedUrl: URL_2024,
      url: URL_2024,
      status: 200,
      body: Buffer.from(fixture("politics-2024-04-24.html")),
    });
    expect(article.title).toMatch(/^促进航天技术/);
    expect(article.warnings.join(" ")).toMatch(/UTF-8/);
  });

  it("never lets control characters or escapes from the page through", () => {
    const html = `<html><body><div class="rm_txt_con"><h1>x</h1><p>正文\u001b[31m紅\u0007\u202e字</p></div></body></html>`;
    const article = parseArticlePage(html.replace("<h1>x</h1>", ""), URL_2024);
    expect(article.body[0]?.text).toBe("正文紅字");
  });

  it("does not crash on any markup", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const a = parseArticlePage(`<div class="rm_txt_con"><p>${s}</p></div>${s}`, URL_2024);
        expect(Array.isArray(a.body)).toBe(true);
        parseArticlePage(s, "https://example.jp/");
      }),
      { numRuns: 200 },
    );
  });
});
