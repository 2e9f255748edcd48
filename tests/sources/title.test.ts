import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stripSiteSuffix } from "../../src/sources/html-article.js";
import { parseArticlePage } from "../../src/sources/page.js";

describe("stripSiteSuffix with the site's names", () => {
  it.each([
    ["港の朝市、３年ぶりに再開：朝日新聞デジタル", ["朝日新聞デジタル"], "港の朝市、３年ぶりに再開"],
    ["국회 예산안 처리-정치ㅣ한국일보", ["한국일보"], "국회 예산안 처리"],
    ["老城区完成雨污分流改造--时政--人民网", ["人民网"], "老城区完成雨污分流改造"],
    [
      "Post-Vac-Syndrom: Was wissen wir? – DW – 13.06.2023",
      ["dw.com", "dw"],
      "Post-Vac-Syndrom: Was wissen wir?",
    ],
    [
      "Tageblatt.lu | Vierschanzentournee | Skisprung-Zoff",
      ["Tageblatt.lu"],
      "Vierschanzentournee | Skisprung-Zoff",
    ],
    ["Lebensmittel gegen Erkältung - 20 Minuten", ["20 Minuten"], "Lebensmittel gegen Erkältung"],
    // A blog's title: `post @ blog name :: platform ::`, the blog's name with an underscore of its own.
    [
      "南投清境_步道賞櫻 (2) @ 小明的家_藍天 :: 痞客邦 PIXNET ::",
      ["小明的家_藍天", "xiaoming.pixnet.net", "pixnet"],
      "南投清境_步道賞櫻 (2)",
    ],
    [
      "Einsatz der Feuerwehr - Die Neue Südtiroler Tageszeitung",
      ["tageszeitung.it", "tageszeitung"],
      "Einsatz der Feuerwehr",
    ],
    // The site's name with its sections after it, and sections between spaced colons before it.
    [
      "多地出台新政促进消费 - 香港經濟日報 - 即時新聞頻道 - 即市財經 - 宏觀解讀",
      ["香港經濟日報", "inews.hket.com", "hket"],
      "多地出台新政促进消费",
    ],
    [
      "도심 공원 늘린다…서울시 녹지 확대 계획 : 서울 : 지역 : 뉴스 : 한겨레",
      ["hani.co.kr", "hani"],
      "도심 공원 늘린다…서울시 녹지 확대 계획",
    ],
  ])("%s → the headline", (title, names, want) => {
    expect(stripSiteSuffix(title, names)).toBe(want);
  });

  it("keeps a headline that ends with a quoted work's title or a short last part of its own", () => {
    expect(stripSiteSuffix("习近平总书记重要文章《加快建设农业强国》", ["人民网"])).toBe(
      "习近平总书记重要文章《加快建设农业强国》",
    );
    // A Chinese headline's own subtitle after a dash, its own colon, a series' number in brackets.
    for (const title of [
      "奋力谱写新篇章——写在建党百年之际",
      "外交部：坚决反对美方干涉",
      "連載 新しい街（3）",
    ])
      expect(stripSiteSuffix(title, ["example.cn", "example"])).toBe(title);
    expect(stripSiteSuffix("首相が会見（動画） - Yahoo!ニュース", ["yahoo.co.jp", "yahoo"])).toBe(
      "首相が会見（動画）",
    );
    expect(stripSiteSuffix("南投清境_步道賞櫻之旅_痞客邦", ["example.net", "example"])).toBe(
      "南投清境_步道賞櫻之旅",
    );
  });

  it("keeps a headline's own dash, colon or hyphen when no part of it names the site", () => {
    const title = "Trump plant Helikopterlandeplatz – während sein Ballsaal-Projekt stockt";
    expect(stripSiteSuffix(title, ["Tages-Anzeiger", "tagesanzeiger.ch"])).toBe(title);
    expect(stripSiteSuffix("US Open: Murray wins in four sets", ["bbc.co.uk"])).toBe(
      "US Open: Murray wins in four sets",
    );
  });
});

describe("the headline of a generic page", () => {
  it("is og:title without the site's name when the page shows no heading inside it", () => {
    const html = `<html lang="ja"><head>
      <meta property="og:title" content="港の朝市、３年ぶりに再開：例示新聞デジタル">
      <meta property="og:site_name" content="例示新聞デジタル"></head>
      <body><h1>ログイン</h1><div class="honbun"><p>漁港の岸壁で開かれてきた朝市が、施設の改修を終えて３年ぶりに再開した。</p></div></body></html>`;
    expect(parseArticlePage(html, "https://www.example.jp/articles/1.html").title).toBe(
      "港の朝市、３年ぶりに再開",
    );
  });
});

describe("an og:title set site-wide", () => {
  const body = `<div class="article"><p>记者从市住建局获悉，老城区雨污分流改造工程日前全部完工，涉及街巷一百二十余条。</p></div>`;
  const zh = "老城区完成雨污分流改造";
  it.each([
    ["the site's name <title> ends with", "范例网", `<title>${zh}_范例网</title>`, `<h1>${zh}</h1>`, zh],
    ["the site and a section", "范例网——新闻中心", `<title>${zh}_新闻中心_范例网</title>`, "", zh],
    [
      "a Japanese site's name",
      "例示新聞デジタル",
      "<title>港の朝市が再開：例示新聞デジタル</title>",
      "<h1>港の朝市が再開</h1>",
      "港の朝市が再開",
    ],
    ["the site's host", "www.example.cn", `<title>${zh}_范例网</title>`, "", zh],
  ])("(%s) gives way to the article's headline", (_, og, title, heading, want) => {
    const html = `<html><head><meta property="og:title" content="${og}">${title}</head><body>${heading}${body}</body></html>`;
    expect(parseArticlePage(html, "https://www.example.cn/news/1.html").title).toBe(want);
  });
});

describe("an og:title the page shows in no heading", () => {
  const body = `<article><p>Prosecutors said on Tuesday that the evidence had weakened too much over the years to go on.</p></article>`;
  const page = (head: string, heading: string) =>
    `<html lang="en"><head>${head}</head><body>${heading}${body}</body></html>`;

  it("gives way to the h1 that shows every word of the JSON-LD headline, in its own order", () => {
    const html = page(
      `<meta property="og:title" content="Prosecutors drop the case">
      <title>Harbour fraud: Prosecutors drop case - Example News</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Prosecutors drop harbour fraud case"}</script>`,
      "<h1>Harbour fraud: Prosecutors drop case</h1>",
    );
    expect(parseArticlePage(html, "https://news.example.com/1").title).toBe(
      "Harbour fraud: Prosecutors drop case",
    );
  });

  it("gives way to the headline <title> states whole when the JSON-LD one is cut short", () => {
    const html = page(
      `<meta property="og:title" content="You won't believe this case">
      <title>Prosecutors drop the harbour fraud case after ten years of hearings – Example News</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Prosecutors drop the harbour fraud case after ten years of"}</script>`,
      "",
    );
    expect(parseArticlePage(html, "https://news.example.com/2").title).toBe(
      "Prosecutors drop the harbour fraud case after ten years of hearings",
    );
  });

  it("stays when a <title> written apart from it (naming a section) states it too", () => {
    const html = page(
      `<meta property="og:title" content="Harbour fraud: prosecutors drop the case after ten years">
      <title>Harbour fraud: prosecutors drop the case after ten years – Courts</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Ten years on, the harbour case ends"}</script>`,
      "<h1>Ten years on, the harbour case ends</h1>",
    );
    expect(parseArticlePage(html, "https://news.example.com/3").title).toBe(
      "Harbour fraud: prosecutors drop the case after ten years",
    );
  });

  it("gives way to the h1 above the body when the URL's slug was made from it, not from <title> and JSON-LD", () => {
    const fixture = (name: string) =>
      readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), "utf8");
    const html = fixture("slug-headline.html");
    const url = "https://www.beispiel.de/nachrichten/hitzeschaeden-strassenbahn-autobahn-100.html";
    expect(parseArticlePage(html, url).title).toBe(
      "So sind Straßenbahnen und Autobahnen auf künftige Hitzewellen vorbereitet",
    );
    // The same page at a URL made from the headline <title> and JSON-LD agree on: that headline stays.
    const other = html.replace("hitzeschaeden-strassenbahn-autobahn", "verkehrschaos-hitze-alte-trams-beton");
    expect(parseArticlePage(other, url).title).toBe(
      "Verkehrschaos durch Hitze: Alte Trams und brüchiger Beton",
    );
  });

  describe("beside a heading the JSON-LD headline shows under a kicker", () => {
    const html = readFileSync(
      new URL("../fixtures/pages/jsonld-kicker-heading.html", import.meta.url),
      "utf8",
    );
    const url = "https://www.beispielzeitung.de/region/ticket-pendler-100.html";

    it("gives way to that heading's headline, the kicker apart", () => {
      const article = parseArticlePage(html, url);
      expect([article.kicker, article.title]).toEqual([
        "Neues Ticket",
        "Pendler sparen 60 Prozent bei Bus und Bahn",
      ]);
    });

    it("stays when it begins with that kicker: the page's own kicker-and-headline pair", () => {
      const og = "Neues Ticket: Pendler zahlen 60 Prozent weniger";
      expect(parseArticlePage(html.replaceAll("Günstiger pendeln mit Bus und Bahn", og), url).title).toBe(og);
    });
  });

  it("stays whole when it holds the headline and a part naming the site", () => {
    const title = "Take C.A.R.E. - examplewrap at the trade fair 2018";
    const html = page(
      `<meta property="og:title" content="${title}"><title>${title}</title>`,
      `<h1>${title}</h1>`,
    );
    expect(parseArticlePage(html, "https://blog.examplewrap.com/fair-2018").title).toBe(title);
  });
});

describe("a headline shown under a kicker", () => {
  const fixture = (name: string) =>
    readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), "utf8");

  it("is the headline alone, the kicker apart, and the date beside it, not a related item's", () => {
    const expected = JSON.parse(fixture("kicker-headline.expected.json")) as {
      url: string;
      published: string;
    };
    const article = parseArticlePage(fixture("kicker-headline.html"), expected.url);
    expect(article.title).toBe("«Die Bäder sind voll wie nie»");
    expect(article.kicker).toBe("Sommer in der Ostschweiz");
    expect(article.published).toBe(expected.published);
  });

  it("is split when og:title runs kicker and headline together with a colon", () => {
    const html = `<html lang="de"><head>
      <meta property="og:title" content="Nach erneuter Kritik: Bürgermeister zieht Plan zurück"></head>
      <body><article><h2><span>Nach erneuter Kritik </span><div>Bürgermeister zieht Plan zurück</div></h2>
      <p>Der Bürgermeister hat den umstrittenen Plan für das Parkhaus am Bahnhof nach einer langen Sitzung zurückgezogen.</p>
      </article></body></html>`;
    const article = parseArticlePage(html, "https://www.example.de/politik/plan");
    expect([article.kicker, article.title]).toEqual([
      "Nach erneuter Kritik",
      "Bürgermeister zieht Plan zurück",
    ]);
  });

  it("stays whole when the stated title reads its two styled lines as one sentence", () => {
    const html = `<html lang="en"><head>
      <meta property="og:title" content="The harbour pool reopens for the summer"></head>
      <body><article><h1><span class="line">The harbour pool</span> <span class="line">reopens for the summer</span></h1>
      <p>The open-air pool at the harbour reopened on Saturday after a winter of repairs to its filters.</p>
      </article></body></html>`;
    const article = parseArticlePage(html, "https://www.example-herald.com/news/pool");
    expect(article.title).toBe("The harbour pool reopens for the summer");
    expect(article.kicker).toBeUndefined();
  });
});

describe("an og:title cut short", () => {
  const body = `<article><p>Tausende liefen am Sonntag durch die Stadt, und am Ziel warteten Familien, Freunde und Musik.</p></article>`;

  it("by an unescaped quote gives way to the title the page shows whole", () => {
    const html = `<html lang="de"><head>
      <title>Stadtlauf 2024: Schneller Sieger und "royaler Besuch"</title>
      <meta property="og:title" content="Stadtlauf 2024: Schneller Sieger und "royaler Besuch"">
      </head><body>${body}</body></html>`;
    expect(parseArticlePage(html, "https://www.example.de/sport/lauf").title).toBe(
      'Stadtlauf 2024: Schneller Sieger und "royaler Besuch"',
    );
  });

  it("by an ellipsis gives way to the heading it begins", () => {
    const html = `<html lang="en"><head>
      <meta property="og:title" content="Thousands run through the city as the marathon returns after…">
      </head><body><h1>Thousands run through the city as the marathon returns after three years</h1>${body}</body></html>`;
    expect(parseArticlePage(html, "https://www.example.com/sport/run").title).toBe(
      "Thousands run through the city as the marathon returns after three years",
    );
  });
});

describe("the headline of a page with no og:title, whose h1 is not the headline", () => {
  const page = (title: string) =>
    `<html><head><title>${title}</title></head><body><div class="member"><h1>ログイン</h1></div>
    <div class="article"><p>漁港の岸壁で開かれてきた朝市が、施設の改修を終えて３年ぶりに再開した。初日から多くの人が訪れた。</p></div></body></html>`;

  it.each([
    [
      "老城区完成雨污分流改造_新闻频道_央视网(cctv.com)",
      "https://news.cctv.com/2024/05/03/ARTI1.shtml",
      "老城区完成雨污分流改造",
    ],
    [
      "老城区完成雨污分流改造-新华网",
      "http://www.news.cn/local/2024-05/03/c_1.htm",
      "老城区完成雨污分流改造",
    ],
    [
      "港の朝市、３年ぶりに再開 | NHK",
      "https://www3.nhk.or.jp/news/html/20240503/k1.html",
      "港の朝市、３年ぶりに再開",
    ],
    [
      "港の朝市、３年ぶりに再開（1/2ページ） - 産経ニュース",
      "https://www.sankei.com/article/1/",
      "港の朝市、３年ぶりに再開",
    ],
    [
      "도서관 야간 개방 확대 : 네이버 뉴스",
      "https://n.news.naver.com/article/001/1",
      "도서관 야간 개방 확대",
    ],
    [
      "老城区的雨水去了哪里？答案在地下 _探索者 _范例网",
      "http://tech.example.cn/2017-03/10/content_1.htm",
      "老城区的雨水去了哪里？答案在地下",
    ],
    [
      "新型列车已能自动识别障碍 城际铁路迈上新台阶_科技_范例网",
      "http://tech.example.com/a/20161013/1.htm",
      "新型列车已能自动识别障碍 城际铁路迈上新台阶",
    ],
    [
      "老城区完成雨污分流改造——范例青年网",
      "https://news.example.cn/gn/202405/t1.htm",
      "老城区完成雨污分流改造",
    ],
    [
      "老城区完成雨污分流改造 - 国际 - 范例报",
      "https://www.example.com.cn/detail/1.html",
      "老城区完成雨污分流改造",
    ],
    [
      "老城区完成雨污分流改造-新闻频道-范例网",
      "https://news.example.com/2024-05-03/1.html",
      "老城区完成雨污分流改造",
    ],
    [
      "港の朝市、３年ぶりに再開：例示新聞デジタル",
      "https://www.example-np.co.jp/article/1",
      "港の朝市、３年ぶりに再開",
    ],
    [
      "港の朝市、３年ぶりに再開（共同通信） - Yahoo!ニュース",
      "https://news.yahoo.co.jp/articles/1",
      "港の朝市、３年ぶりに再開",
    ],
    [
      "도서관 야간 개방 확대 :: 예시경제",
      "https://www.example.co.kr/view.jsp?idxno=1",
      "도서관 야간 개방 확대",
    ],
    ["かしこいネコ　＜例示童話集　きょうの童話＞", "http://douwa.example.com/aesop/01.htm", "かしこいネコ"],
    [
      "港の朝市、３年ぶりに再開【例示新聞】",
      "https://www.example.jp/articles/1.html",
      "港の朝市、３年ぶりに再開",
    ],
    [
      "港の朝市、３年ぶりに再開（例示新聞オンライン） - Yahoo!ニュース",
      "https://news.yahoo.co.jp/articles/2",
      "港の朝市、３年ぶりに再開",
    ],
    [
      "港の朝市、３年ぶりに再開：例示新聞 EXAMPLE Web",
      "https://www.example-np.co.jp/article/2",
      "港の朝市、３年ぶりに再開",
    ],
    [
      "港の朝市、３年ぶりに再開 | 社会 | 地域のニュース | 例示新聞デジタル",
      "https://www.example-np.co.jp/articles/-/3",
      "港の朝市、３年ぶりに再開",
    ],
    ["도서관 야간 개방 확대ㅣ예시일보", "https://www.example.com/news/article/1", "도서관 야간 개방 확대"],
    [
      "엘제이-류화영 진흙탕 싸움 - 엔터미디어",
      "http://entermedia.example.kr/news/1",
      "엘제이-류화영 진흙탕 싸움",
    ],
  ])("%s → the headline, not the h1", (title, url, want) => {
    expect(parseArticlePage(page(title), url).title).toBe(want);
  });

  it.each([
    [
      "a time",
      `<h1>老城区完成雨污分流改造<span class="time">2024-05-03 08:40</span></h1>`,
      "老城区完成雨污分流改造",
    ],
    ["a section", `<h1><span class="category">地域</span>港の朝市が再開</h1>`, "港の朝市が再開"],
  ])("is the h1 without %s it shows inside, apart from the headline", (_, h1, want) => {
    const html = `<html><head><title>${want} - 范例网</title></head><body>${h1}
      <div class="article"><p>记者从市住建局获悉，老城区雨污分流改造工程日前全部完工，涉及街巷一百二十余条。</p></div></body></html>`;
    expect(parseArticlePage(html, "https://www.example.cn/news/1.html").title).toBe(want);
  });

  it("is the heading nearest before the body when the only h1 and the stated title are the site's name", () => {
    const html = `<html><head><title>范例网</title><meta property="og:site_name" content="范例网"></head>
      <body><h1 class="logo">范例网</h1><div class="main"><h2>老城区完成雨污分流改造</h2>
      <div class="article"><p>记者从市住建局获悉，老城区雨污分流改造工程日前全部完工，涉及街巷一百二十余条。</p></div></div></body></html>`;
    expect(parseArticlePage(html, "https://www.example.cn/news/2.html").title).toBe("老城区完成雨污分流改造");
  });

  it("is a short h1 the stated title names, not a longer subtitle below it", () => {
    const html = `<html lang="ja"><head><title>大谷２本塁打 | 例示スポーツ</title></head><body>
      <h1>大谷２本塁打</h1><h2>ドジャース連勝、今季１０号と１１号を放つ</h2>
      <div class="honbun"><p>ドジャースの大谷翔平選手が本拠地での試合で２本の本塁打を放ち、チームは連勝した。</p></div></body></html>`;
    expect(parseArticlePage(html, "https://sports.example.jp/articles/1").title).toBe("大谷２本塁打");
  });

  it("is the h1 when the stated title is only the site's name", () => {
    const html = `<html><head><title>예시신문</title><meta property="og:site_name" content="예시신문"></head>
      <body><h1>도서관 야간 개방 확대</h1><div class="article"><p>시립도서관 다섯 곳이 다음 달부터 평일 밤 10시까지 문을 연다.</p></div></body></html>`;
    expect(parseArticlePage(html, "https://www.example-sinmun.co.kr/news/1").title).toBe(
      "도서관 야간 개방 확대",
    );
  });
});

describe("a stated title with a section's name, on a page with no heading", () => {
  const body = `<div class="article"><p>Der Stadtrat hat am Dienstagabend nach langer Debatte den Haushalt für das kommende Jahr beschlossen.</p></div>`;
  const page = (head: string, crumbs: string) =>
    `<html lang="de"><head>${head}<meta property="og:site_name" content="Beispielzeitung"></head><body>${crumbs}${body}</body></html>`;
  const url = "https://www.beispielzeitung.de/politik/haushalt-100.html";

  it.each([
    [
      "a menu's entry",
      "<title>Politik - Stadtrat beschließt neuen Haushalt | Beispielzeitung</title>",
      `<nav><a href="/">Start</a> <a href="/politik/">Politik</a> <a href="/sport/">Sport</a></nav>`,
    ],
    [
      "a breadcrumb's step",
      "<title>Politik | Stadtrat beschließt neuen Haushalt | Beispielzeitung</title>",
      `<ol class="breadcrumb"><li><a href="/">Start</a></li><li><a href="/politik/">Politik</a></li></ol>`,
    ],
    [
      "a JSON-LD breadcrumb's step, the headline its last",
      `<title>Politik - Stadtrat beschließt neuen Haushalt | Beispielzeitung</title>
      <script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Start"},{"@type":"ListItem","position":2,"name":"Politik"},{"@type":"ListItem","position":3,"name":"Stadtrat beschließt neuen Haushalt"}]}</script>`,
      "",
    ],
  ])("is the headline without it (%s)", (_, head, crumbs) => {
    expect(parseArticlePage(page(head, crumbs), url).title).toBe("Stadtrat beschließt neuen Haushalt");
  });

  it("is the headline, not the section, when the section is first and joined by a bare hyphen", () => {
    const html = `<html lang="zh-CN"><head><title>新闻中心-老城区完成雨污分流改造</title></head><body>
      <div class="crumbs"><a href="/">首页</a> &gt; <a href="/news/">新闻中心</a></div>
      <div class="article"><p>记者从市住建局获悉，老城区雨污分流改造工程日前全部完工，涉及街巷一百二十余条。</p></div></body></html>`;
    expect(parseArticlePage(html, "https://news.example.cn/2024/05/03/content_3.htm").title).toBe(
      "老城区完成雨污分流改造",
    );
  });

  it("keeps a part no breadcrumb or menu names", () => {
    const html = page(
      "<title>Haushalt - Stadtrat beschließt mehr Geld für Schulen | Beispielzeitung</title>",
      "",
    );
    expect(parseArticlePage(html, url).title).toBe("Haushalt - Stadtrat beschließt mehr Geld für Schulen");
  });
});

describe("a ticker headed with one of its entries", () => {
  const html = readFileSync(new URL("../fixtures/pages/ticker-headline.html", import.meta.url), "utf8");
  const expected = JSON.parse(
    readFileSync(new URL("../fixtures/pages/ticker-headline.expected.json", import.meta.url), "utf8"),
  ) as { url: string; title: string; published: string };

  it("is titled with the ticker's own headline, not the entry its h1 and og:title repeat", () => {
    const article = parseArticlePage(html, expected.url);
    expect(article.title).toBe(expected.title);
    expect(article.published).toBe(expected.published);
  });

  it("is told by the entry's time however it is written", () => {
    for (const time of ["11:13 –", "11:13", "11時13分"]) {
      const page = html.replace("11.13 Uhr:", time);
      expect(parseArticlePage(page, expected.url).title).toBe(expected.title);
    }
  });

  it("keeps the h1 when no timed entry of the body repeats it", () => {
    const page = html.replace("11.13 Uhr: Deich bei Auenfeld", "11.13 Uhr: Neuer Deich bei Auenfeld");
    expect(parseArticlePage(page, expected.url).title).toBe(
      "Hochwasser-Ticker: Deich bei Auenfeld hält dem Druck stand",
    );
  });
});

describe("a heading as a page sets it", () => {
  const body = `<div class="content"><p>${"这是正文的一段话，它很长，足以成为正文的内容。".repeat(5)}</p></div>`;
  const page = (head: string, heading: string) =>
    `<html><head><meta charset="utf-8">${head}</head><body>${heading}${body}</body></html>`;

  it("reads a Japanese or Chinese headline set on two lines as one line, with no space at the break", () => {
    const html = page("<title>政府が新制度を検討 | 例示新聞</title>", "<h1>政府が<br>新制度を検討</h1>");
    expect(parseArticlePage(html, "https://www.example.jp/articles/1").title).toBe("政府が新制度を検討");
    const zh = page("<title>春耕时节 田间忙</title>", "<h1>春耕时节\n    田间地头农机忙</h1>");
    expect(parseArticlePage(zh, "https://www.example.cn/a/1").title).toBe("春耕时节田间地头农机忙");
    // (a break between words of a language spaced by words stays a space)
    const ko = page("<title>정부, 새 제도 검토</title>", "<h1>정부,<br>새 제도 검토</h1>");
    expect(parseArticlePage(ko, "https://www.example.kr/a/1").title).toBe("정부, 새 제도 검토");
  });

  it("sets a label it shows in an element of its own apart in the brackets the page's title gives it", () => {
    const html = page(
      "<title>【独自】政府が新制度を検討 - 例示ニュース</title>",
      '<h1><span class="label">独自</span>政府が新制度を検討</h1>',
    );
    expect(parseArticlePage(html, "https://news.example.jp/a/1").title).toBe("【独自】政府が新制度を検討");
    // (a first part the title does not bracket is the heading's own words)
    const own = page(
      "<title>政府が新制度を検討 - 例示ニュース</title>",
      "<h1><em>政府が</em>新制度を検討</h1>",
    );
    expect(parseArticlePage(own, "https://news.example.jp/a/2").title).toBe("政府が新制度を検討");
  });

  it("is no headline when it is the site's logo, though the page never names its site", () => {
    for (const logo of [
      '<h1 class="logo">范例网</h1>',
      '<div class="logo"><h1>范例网</h1></div>',
      '<h1 class="site-title"><a href="/">范例网</a></h1>',
    ])
      expect(
        parseArticlePage(
          page("<title>春耕时节田间忙</title>", `${logo}<div class="title">春耕时节田间忙</div>`),
          "https://www.example.cn/a/3",
        ).title,
      ).toBe("春耕时节田间忙");
  });
});
