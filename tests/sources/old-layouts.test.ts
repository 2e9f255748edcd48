// Pages as old Chinese, Taiwanese and Japanese portals still serve them: the article in a table cell, its
// paragraphs separated by <br>s inside <font> wrappers, no <p>; the headline and a dateline-and-byline line in
// the same cell as the text; fragments with no <html> or <body>, their text right at the top.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseArticlePage } from "../../src/sources/page.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), "utf8");
const paragraphs = (name: string, url = "http://news.example.cn/2005/0312/a1.html") =>
  parseArticlePage(fixture(name), url).body.map((b) => b.text);

describe("old table layouts", () => {
  it("reads the <br>-separated text of a portal's table cell, not its navigation, sidebar or related links", () => {
    expect(paragraphs("old-table-portal.html")).toEqual([
      "连日来，山东省济南市各地抢抓农时，组织农民开展春耕春播，田间地头一派繁忙景象。",
      "记者在章丘区看到，大型农机在麦田里来回穿梭，喷洒农药，确保小麦稳产增收。当地农业部门负责人介绍，今年全区小麦种植面积保持稳定，长势良好。",
      "“我们提前做好了农资储备，化肥、种子都已经到位。”一位种粮大户说，政府的补贴政策让大家种粮更有信心。",
    ]);
  });

  it("leaves the headline and the dateline-and-byline line of the text's own cell out of the body", () => {
    expect(paragraphs("old-font-paragraphs.html", "http://www.example.com.tw/news/2008/0514.htm")).toEqual([
      "台北市政府昨天宣布，將以容積獎勵推動老舊公寓更新，希望在五年內完成一百處社區的改建。",
      "市長表示，許多四、五層樓的公寓已有四十年以上的屋齡，沒有電梯，耐震能力也不足，更新是刻不容緩的工作。",
      "都市發展局指出，申請更新的社區只要取得住戶同意，就能獲得容積獎勵與稅賦減免，市府也會協助整合。",
    ]);
    expect(paragraphs("old-ja-table.html", "http://www.example.co.jp/news/030328.html")).toEqual([
      "気象庁は２８日、東京の桜（ソメイヨシノ）が満開になったと発表した。平年より５日早く、昨年より３日遅い。",
      "靖国神社にある標本木で、約８割以上のつぼみが開いているのを職員が確認した。",
      "都内の公園には朝から多くの花見客が訪れ、満開の桜を楽しんでいた。",
    ]);
  });

  it("keeps a first paragraph that only begins like the headline", () => {
    const html = `<html><head><title>市政府推動老舊公寓更新_某報</title></head><body><table><tr><td>
      市政府推動老舊公寓更新，希望在五年內完成一百處社區的改建，市長昨天在記者會上說明。<br><br>
      市長表示，許多四、五層樓的公寓已有四十年以上的屋齡，沒有電梯，耐震能力也不足。</td></tr></table></body></html>`;
    expect(parseArticlePage(html, "http://x.example.tw/a.htm").body.map((b) => b.text)).toEqual([
      "市政府推動老舊公寓更新，希望在五年內完成一百處社區的改建，市長昨天在記者會上說明。",
      "市長表示，許多四、五層樓的公寓已有四十年以上的屋齡，沒有電梯，耐震能力也不足。",
    ]);
  });
});

describe("the dateline of an old layout", () => {
  it("dates the article by the dateline in the text's own cell when no heading shows the headline", () => {
    const at = (name: string, url: string) => parseArticlePage(fixture(name), url).published;
    // 2008/05/14 09:30 in Taipei, 2003年3月28日 18時05分 in Tokyo.
    expect(at("old-font-paragraphs.html", "http://www.example.com.tw/news/2008/0514.htm")).toBe(
      "2008-05-14T01:30:00Z",
    );
    expect(at("old-ja-table.html", "http://www.example.co.jp/news/030328.html")).toBe("2003-03-28T09:05:00Z");
  });
});

describe("fragments", () => {
  it("reads a fragment whose text is at its top, between <br>s, with no <html>, <body> or <p>", () => {
    const article = parseArticlePage(
      fixture("fragment-br-text.html"),
      "https://news.example.kr/view/20240503",
    );
    expect(article.title).toBe("서울시, 노후 아파트 재건축 규제 완화");
    expect(article.body.map((b) => b.text)).toEqual([
      "서울시는 3일 노후 아파트의 재건축을 앞당기기 위해 안전진단 기준을 완화한다고 밝혔다.",
      "시는 준공 30년이 지난 아파트는 안전진단 없이도 재건축 절차를 시작할 수 있도록 제도를 바꿀 계획이다.",
      '시 관계자는 "주민들의 주거 환경을 개선하고 주택 공급을 늘리기 위한 조치"라고 설명했다.',
    ]);
    expect(article.warnings).toEqual([]);
  });

  it("reads an old page whose text sits right in <body>", () => {
    const html = `<html><head><title>東京で桜が満開に</title></head><body><a href="/">トップ</a> | <a href="/news/">ニュース</a><br><br>
      気象庁は２８日、東京の桜が満開になったと発表した。平年より５日早く、昨年より３日遅い。<br><br>
      都内の公園には朝から多くの花見客が訪れ、満開の桜を楽しんでいた。<br></body></html>`;
    expect(parseArticlePage(html, "http://www.example.co.jp/a.html").body.map((b) => b.text)).toEqual([
      "気象庁は２８日、東京の桜が満開になったと発表した。平年より５日早く、昨年より３日遅い。",
      "都内の公園には朝から多くの花見客が訪れ、満開の桜を楽しんでいた。",
    ]);
  });
});

describe("navigation paragraphs in the body's cell", () => {
  const body = (inner: string) =>
    parseArticlePage(
      `<html><head><title>東京で桜が満開に　＜某新聞　きょうのニュース＞</title></head><body><table><tr><td>${inner}
      <p>　気象庁は２８日、東京の桜が満開になったと発表した。平年より５日早く、昨年より３日遅い。</p>
      <p>　都内の公園には朝から多くの花見客が訪れ、満開の桜を楽しんでいた。</p></td></tr></table></body></html>`,
      "http://www.example.co.jp/news/a.html",
    ).body.map((b) => b.text);
  const story = [
    "気象庁は２８日、東京の桜が満開になったと発表した。平年より５日早く、昨年より３日遅い。",
    "都内の公園には朝から多くの花見客が訪れ、満開の桜を楽しんでいた。",
  ];

  it("leaves out a breadcrumb paragraph and a paragraph of links and separators only", () => {
    expect(
      body(`<p><a href="/">トップ</a> &gt; <a href="/news/">ニュース</a> &gt; <a href="/news/soc/">社会</a> &gt; 東京で桜が満開に</p>
      <p><a href="/a">ひらがな</a>　←→　<a href="/b">English</a></p>`),
    ).toEqual(story);
  });

  it("leaves out the headline given again as the title's part before its separator", () => {
    expect(body(`<p align="center"><b>東京で桜が満開に</b></p>`)).toEqual(story);
  });

  it("keeps a paragraph with links in its sentence", () => {
    const linked = "<a href='/k'>気象庁</a>によると、<a href='/s'>桜</a>の開花は全国で早まっている。";
    expect(body(`<p>${linked}</p>`)).toEqual(["気象庁によると、桜の開花は全国で早まっている。", ...story]);
  });

  it("reads the story of a real old Japanese page (Readability's hukumusume), not its breadcrumb, headline or sidebars", () => {
    const article = parseArticlePage(
      fixture("../readability/hukumusume.html"),
      "http://fakehost/test/page.html",
    );
    const text = article.body.map((b) => b.text);
    expect(text.some((t) => t.startsWith("肉をくわえたイヌが、橋を渡っていました。"))).toBe(true);
    expect(text).toContain("おしまい");
    expect(
      text.filter((t) => /福娘童話集 >|きょうの記念日|欲張りなイヌ$|世界と日本の童話と昔話/.test(t)),
    ).toEqual([]);
  });
});

describe("pictures and link lists in an old body", () => {
  it("reads a layout table of a picture and its caption as a figure, and drops the label of a link list left out", () => {
    const article = parseArticlePage(
      fixture("old-picture-table.html"),
      "http://news.example.cn/2024/0514/a2.html",
    );
    expect(article.body).toEqual([
      { type: "paragraph", text: "记者从市园林局获悉，今年我市将新建三座城市公园，预计年底前全部对外开放。" },
      { type: "figure", text: "图为正在建设中的公园。记者 王五 摄" },
      { type: "paragraph", text: "据介绍，三座公园总面积约50公顷，将建设步道、健身广场和儿童游乐设施。" },
      { type: "paragraph", text: "市园林局负责人表示，公园建成后将进一步方便市民休闲健身。" },
    ]);
  });

  it("keeps the text of a layout table that holds more than a caption", () => {
    const long =
      "据介绍，三座公园总面积约50公顷，将建设步道、健身广场和儿童游乐设施，并配套停车场和公共厕所。市园林局负责人表示，公园建成后将进一步方便市民休闲健身，提升城市品质，让市民在家门口享受绿色生活，也为城市增添一道亮丽的风景线。";
    const first =
      "记者从市园林局获悉，今年我市将新建三座城市公园，预计年底前全部对外开放。三座公园分别位于城东、城西和城南，建成后将覆盖周边二十多个社区，服务居民超过十万人。";
    const last =
      "市园林局负责人表示，公园建成后将进一步方便市民休闲健身，也将带动周边社区的发展。下一步，园林部门还将加快推进口袋公园建设，力争让市民出门五百米就能见到绿地。";
    const html = `<html><head><title>t</title></head><body><div>
      <p>${first}</p>
      <table><tr><td><img src="/p/2.jpg" width="200"></td><td>${long}</td></tr></table>
      <p>${last}</p>
      </div></body></html>`;
    const body = parseArticlePage(html, "http://news.example.cn/a3.html").body;
    expect(body.map((b) => b.type)).toEqual(["paragraph", "paragraph", "paragraph"]);
    expect(body.map((b) => b.text)).toEqual([first, long, last]);
  });
});
