// What portals put under the text that is not the article: a copyright notice, a reprint disclaimer, the
// reporter's e-mail address alone on the last line.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isBoilerplate } from "../../src/sources/html-article.js";
import { parseArticlePage } from "../../src/sources/page.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), "utf8");

describe("notices under the text", () => {
  it("leaves a Chinese portal's reprint disclaimer out of the body", () => {
    const article = parseArticlePage(
      fixture("zh-portal-notices.html"),
      "https://news.example.com.cn/c/2024-05-14/doc-1.shtml",
    );
    expect(article.body.map((b) => b.text)).toEqual([
      "新华社北京5月14日电 国务院总理主持召开国务院常务会议，部署推动经济持续回升向好的政策措施。",
      "会议指出，今年以来，我国经济延续恢复向好态势，但外部环境复杂严峻，国内需求仍显不足。",
      "会议强调，要加大宏观政策调控力度，着力扩大内需，提振市场信心，推动经济实现质的有效提升和量的合理增长。",
      "会议还研究了其他事项。",
    ]);
  });

  it("leaves the reporter's e-mail address alone on the last line out of a Korean article", () => {
    const article = parseArticlePage(
      fixture("ko-portal-notices.html"),
      "https://n.news.example.kr/article/001/0014650000",
    );
    expect(article.body.filter((b) => b.type !== "figure").map((b) => b.text)).toEqual([
      "(서울=연합뉴스) 김철수 기자 = 서울시는 3일 노후 아파트의 재건축을 앞당기기 위해 안전진단 기준을 완화한다고 밝혔다.",
      "시는 준공 30년이 지난 아파트는 안전진단 없이도 재건축 절차를 시작할 수 있도록 제도를 바꿀 계획이다.",
      '시 관계자는 "주민들의 주거 환경을 개선하고 주택 공급을 늘리기 위한 조치"라고 설명했다.',
    ]);
  });

  it("knows copyright notices in Korean, Japanese, Chinese and English, and keeps text that only mentions copyright", () => {
    for (const notice of [
      "<저작권자 ⓒ 한국일보, 무단 전재 및 재배포 금지>",
      "Copyright ⓒ 연합뉴스. All rights reserved. 무단 전재 및 재배포 금지.",
      "無断転載禁止",
      "版权所有，未经授权不得转载。",
      "未經許可，不得轉載。",
      "Copyright 2019 Hawaii News Now. All rights reserved.",
      "kim@yna.co.kr",
    ])
      expect(isBoilerplate(notice), notice).toBe(true);
    for (const text of [
      "김철수 기자 kim@yna.co.kr",
      "출판사는 저작권 침해를 이유로 소송을 냈다.",
      "法院认定，被告未经授权转载原告的文章，构成侵权，判决赔偿经济损失五万元，并在其网站首页刊登声明，消除影响。原告表示将继续维权。".repeat(
        1,
      ),
      "The court said the copyright on the song had expired in 2019, and the recording could be played freely.",
    ])
      expect(isBoilerplate(text), text).toBe(false);
  });
});
