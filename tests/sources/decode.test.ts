import { readFileSync } from "node:fs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeBody, declaredCharset, normalizeCharset } from "../../src/sources/decode.js";
import { parseArticlePage } from "../../src/sources/page.js";

const TEXTS = {
  simplified:
    "任何一项工作要达到预期效果，关键看组织，根本靠落实。开展好第二批主题教育，事关基层党组织凝聚力战斗力。",
  traditional:
    "任何一項工作要達到預期效果，關鍵看組織，根本靠落實。開展好第二批主題教育，事關基層黨組織凝聚力戰鬥力。",
  japanese: "政府は２４日、新たな経済対策をまとめた。首相は記者会見で「国民の生活を守る」と述べた。",
  korean: "정부는 24일 새로운 경제 대책을 발표했다. 대통령은 기자회견에서 국민의 생활을 지키겠다고 말했다.",
};

const page = (body: string, head = ""): string =>
  `<!DOCTYPE html><html><head>${head}<title>t</title></head><body><p>${body}</p></body></html>`;

const fixtureUtf8 = readFileSync(new URL("../fixtures/politics-2024-04-24.html", import.meta.url));
const fixtureUrl = "http://politics.people.com.cn/n1/2024/0424/c1001-40223222.html";

describe("decodeBody without any declared charset", () => {
  const cases: [string, string, string][] = [
    ["GB2312", "gb2312", TEXTS.simplified],
    ["GBK", "gbk", TEXTS.simplified],
    ["Big5", "big5", TEXTS.traditional],
    ["Shift_JIS", "shift_jis", TEXTS.japanese],
    ["EUC-JP", "euc-jp", TEXTS.japanese],
    ["EUC-KR", "euc-kr", TEXTS.korean],
  ];
  it.each(cases)("reads %s text correctly by sniffing", (_name, encoding, text) => {
    const html = page(text);
    const decoded = decodeBody(iconv.encode(html, encoding), undefined, "html");
    expect(decoded.text).toBe(html);
    expect(decoded.via).toBe("sniff");
    expect(decoded.warnings).toEqual([]);
  });

  it("tells short headlines apart too", () => {
    for (const [text, encoding] of [
      ["臺灣", "big5"],
      ["오늘 날씨", "euc-kr"],
      ["きょうの天気", "euc-jp"],
      ["山东", "gbk"],
    ] as const) {
      expect(decodeBody(iconv.encode(text, encoding), undefined, "text").text).toBe(text);
    }
  });

  it("reads seven-bit ISO-2022-JP by its escape sequences", () => {
    const html = page(TEXTS.japanese);
    // (iconv-lite has no ISO-2022-JP encoder: its JIS X 0208 bytes are EUC-JP's less 0x80, between escapes)
    const bytes: number[] = [];
    let wide = false;
    for (const b of iconv.encode(html, "euc-jp")) {
      if (b >= 0x80 !== wide) bytes.push(0x1b, ...(b >= 0x80 ? [0x24, 0x42] : [0x28, 0x42]));
      wide = b >= 0x80;
      bytes.push(wide ? b - 0x80 : b);
    }
    expect(decodeBody(Uint8Array.from(bytes), "text/html", "html")).toMatchObject({
      text: html,
      charset: "iso-2022-jp",
    });
  });

  it("reads valid UTF-8 as UTF-8 and pure ASCII as the default", () => {
    expect(decodeBody(Buffer.from(TEXTS.korean, "utf8"), undefined, "text")).toMatchObject({
      text: TEXTS.korean,
      charset: "utf-8",
      via: "sniff",
    });
    expect(decodeBody(Buffer.from("plain"), undefined, "text")).toMatchObject({
      text: "plain",
      via: "default",
    });
  });
});

describe("decodeBody with declarations", () => {
  it("prefers a byte order mark over everything", () => {
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXTS.japanese, "utf16le")]);
    expect(decodeBody(bom, "text/html; charset=shift_jis", "html")).toMatchObject({
      text: TEXTS.japanese,
      via: "bom",
      charset: "utf-16le",
    });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXTS.korean, "utf16le").swap16()]);
    expect(decodeBody(be, undefined, "text").text).toBe(TEXTS.korean);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("中文")]);
    expect(decodeBody(utf8, undefined, "text")).toMatchObject({ text: "中文", via: "bom" });
  });

  it("takes the HTTP charset over a contradicting meta tag", () => {
    const html = page(TEXTS.simplified, '<meta charset="big5">');
    const decoded = decodeBody(iconv.encode(html, "gbk"), "text/html; charset=GBK", "html");
    expect(decoded).toMatchObject({ text: html, via: "header", charset: "gb18030" });
  });

  it("reads <meta charset>, <meta http-equiv> and the XML declaration", () => {
    const meta = page(TEXTS.traditional, '<meta charset="big5">');
    expect(decodeBody(iconv.encode(meta, "big5"), "text/html", "html")).toMatchObject({
      text: meta,
      via: "document",
      charset: "big5",
    });
    const equiv = page(
      TEXTS.korean,
      '<meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">',
    );
    expect(decodeBody(iconv.encode(equiv, "euc-kr"), undefined, "html")).toMatchObject({
      text: equiv,
      via: "document",
      charset: "euc-kr",
    });
    const xml = `<?xml version="1.0" encoding="Shift_JIS"?><rss><channel><title>${TEXTS.japanese}</title></channel></rss>`;
    expect(decodeBody(iconv.encode(xml, "shift_jis"), "application/rss+xml", "xml")).toMatchObject({
      text: xml,
      via: "document",
      charset: "shift_jis",
    });
  });

  it("decodes gb2312/gbk labels as GB18030, so characters outside GB2312 survive", () => {
    const text = "朱镕基 喆 𠀾 😀";
    const decoded = decodeBody(iconv.encode(text, "gb18030"), "text/plain; charset=gb2312", "text");
    expect(decoded.text).toBe(text);
    expect(normalizeCharset("x-gbk")).toBe("gb18030");
    expect(normalizeCharset("Big5-HKSCS")).toBe("big5");
    expect(normalizeCharset("windows-31j")).toBe("shift_jis");
    expect(normalizeCharset("no-such-charset")).toBeUndefined();
  });

  it("shows GB's horizontal bar and katakana middle dot as the em dash and middle dot", () => {
    const decoded = decodeBody(iconv.encode("\u2015\u30fb", "gb18030"), "text/plain; charset=gbk", "text");
    expect(decoded.text).toBe("\u2014\u00b7");
  });

  it("reads bytes that are valid UTF-8 as UTF-8 even when a legacy charset is declared, with a warning", () => {
    // The real people.com.cn fixture: stored as UTF-8, its meta still says GB2312.
    const decoded = decodeBody(fixtureUtf8, undefined, "html");
    expect(decoded.charset).toBe("utf-8");
    expect(decoded.text).toContain("促进航天技术更好惠及人民");
    expect(decoded.warnings.join(" ")).toMatch(/gb18030.*UTF-8/);
  });

  it("falls back from a charset the bytes cannot be", () => {
    const html = page(TEXTS.korean, '<meta charset="euc-kr">');
    const decoded = decodeBody(iconv.encode(html, "euc-kr"), "text/html; charset=utf-8", "html");
    expect(decoded.text).toBe(html);
    expect(decoded.warnings[0]).toMatch(/not utf-8/);
  });

  it("finds the declaration however the meta is written", () => {
    const bytes = (s: string) => Buffer.from(s, "latin1");
    expect(
      declaredCharset(bytes(`<meta content='text/html;charset=gb2312' http-equiv=Content-Type>`), "html"),
    ).toBe("gb2312");
    expect(declaredCharset(bytes(`<!-- <meta charset="big5"> --><meta charset=euc-jp>`), "html")).toBe(
      "euc-jp",
    );
    expect(declaredCharset(bytes(`<?xml version='1.0' encoding='GBK'?>`), "xml")).toBe("GBK");
    expect(declaredCharset(bytes(`<meta charset="big5">`), "text")).toBeUndefined();
  });
});

describe("decodeBody when a declaration is wrong but the bytes still read under it", () => {
  // Every byte is a Latin-1 character and Big5 bytes are nearly all valid GBK, so these readings never fail:
  // only what they read as tells them from the text.
  const cases: [string, string, string][] = [
    ["GBK", "gbk", TEXTS.simplified],
    ["Big5", "big5", TEXTS.traditional],
    ["Shift_JIS", "shift_jis", TEXTS.japanese],
    ["EUC-JP", "euc-jp", TEXTS.japanese],
    ["EUC-KR", "euc-kr", TEXTS.korean],
  ];
  it.each(cases)(
    "reads %s bytes labelled ISO-8859-1 or windows-1252 as the text they are",
    (_n, encoding, text) => {
      for (const [contentType, head] of [
        ["text/html; charset=ISO-8859-1", ""],
        ["text/html", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'],
        ["text/html; charset=us-ascii", ""],
      ] as const) {
        const html = page(text, head);
        const decoded = decodeBody(iconv.encode(html, encoding), contentType, "html");
        expect(decoded.text).toBe(html);
        expect(decoded.warnings.join(" ")).toMatch(/declared windows-1252 .* reads as/);
      }
    },
  );

  it("reads CJK bytes labelled with another CJK charset as the text they are", () => {
    for (const [encoding, label, text] of [
      ["gbk", "big5", TEXTS.simplified],
      ["big5", "gb2312", TEXTS.traditional],
      ["gbk", "euc-kr", TEXTS.simplified],
      ["euc-kr", "gbk", TEXTS.korean],
      ["shift_jis", "gbk", TEXTS.japanese],
      ["euc-jp", "gb2312", TEXTS.japanese],
      ["euc-kr", "euc-jp", TEXTS.korean],
    ] as const) {
      const html = page(text);
      expect(decodeBody(iconv.encode(html, encoding), `text/html; charset=${label}`, "html").text).toBe(html);
      const meta = page(text, `<meta charset="${label}">`);
      expect(decodeBody(iconv.encode(meta, encoding), undefined, "html").text).toBe(meta);
    }
  });

  it("keeps text in the single-byte charset it declares", () => {
    for (const [charset, text] of [
      [
        "windows-1252",
        "Le président a déclaré à la télévision qu'il était prêt. « Nous sommes là », Ça coûte.",
      ],
      ["iso-8859-1", "Die Regierung hat für Donnerstag eine Sitzung einberufen. Über die Maßnahmen: Gründe."],
      ["windows-1252", "El gobierno anunció que la reunión será el miércoles. ¿Qué pasará? “nada”… — fin."],
      ["windows-1251", "Правительство объявило о новых мерах поддержки экономики."],
      ["iso-8859-7", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία."],
      ["windows-874", "รัฐบาลประกาศมาตรการใหม่เพื่อสนับสนุนเศรษฐกิจในวันนี้"],
    ] as const) {
      const html = page(text, `<meta charset="${charset}">`);
      const decoded = decodeBody(iconv.encode(html, charset), `text/html; charset=${charset}`, "html");
      expect(decoded.text).toBe(html);
      expect(decoded.warnings).toEqual([]);
    }
  });

  it('reads markup labelled UTF-16 (IIS\'s "unicode") by what it is when the bytes are not UTF-16', () => {
    const html = page(TEXTS.simplified);
    for (const label of ["utf-16", "unicode", "UTF-32"]) {
      const ct = `text/html; charset=${label}`;
      expect(decodeBody(Buffer.from(html), ct, "html")).toMatchObject({ text: html, charset: "utf-8" });
      expect(decodeBody(iconv.encode(html, "gbk"), ct, "html")).toMatchObject({
        text: html,
        charset: "gb18030",
      });
    }
    // UTF-16 it really is (the zero bytes around its markup tell) stays UTF-16.
    const wide = iconv.encode(html, "utf16le");
    expect(decodeBody(wide, "text/html; charset=utf-16", "html")).toMatchObject({
      text: html,
      charset: "utf-16le",
    });
  });

  it("finds a <meta charset> that comes after a head of scripts", () => {
    // Without it, Latin-1 bytes with no label are sniffed, and read as hanzi.
    const text =
      "Le président a déclaré à la télévision qu'il était prêt à négocier. « Nous sommes là », Ça coûte.";
    const html = page(text, `<script>${"var x = 1;\n".repeat(600)}</script><meta charset="iso-8859-1">`);
    const decoded = decodeBody(iconv.encode(html, "latin1"), "text/html", "html");
    expect(decoded).toMatchObject({ text: html, charset: "windows-1252", via: "document" });
    const late = page(
      TEXTS.traditional,
      `<style>${"p { margin: 0 }\n".repeat(400)}</style><meta charset="big5">`,
    );
    expect(decodeBody(iconv.encode(late, "big5"), undefined, "html")).toMatchObject({
      text: late,
      via: "document",
    });
  });
});

describe("decodeBody on UTF-8 with a flaw", () => {
  // A CMS that cuts a summary in the middle of a character, or one stray byte: the rest is still UTF-8.
  const text = Object.values(TEXTS).join("");
  const html = page(`${text}</p><p>${text}`);
  const bytes = Buffer.from(html);
  const at = bytes.indexOf("<p>") + 3;
  const cut = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe4, 0xb8]), bytes.subarray(at)]);
  const stray = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]);
  it.each([
    ["no label", undefined],
    ["a UTF-8 header", "text/html; charset=utf-8"],
    ["a GBK header", "text/html; charset=gbk"],
  ])("reads it as UTF-8, the broken bytes replaced, with %s", (_n, contentType) => {
    for (const body of [cut, stray]) {
      const decoded = decodeBody(body, contentType, "html");
      expect(decoded.charset).toBe("utf-8");
      expect(decoded.text.replace(/\ufffd/g, "")).toBe(html);
      expect(decoded.warnings.join(" ")).toMatch(/invalid utf-8 sequences replaced/);
    }
  });

  it("still reads GBK bytes as GBK (they break as UTF-8 at nearly every character)", () => {
    const gbk = page(TEXTS.simplified);
    expect(decodeBody(iconv.encode(gbk, "gbk"), undefined, "html")).toMatchObject({
      text: gbk,
      charset: "gb18030",
    });
  });
});

describe("decodeBody and the people.com.cn page", () => {
  it("gives the same article from the GBK page (meta only) as from the UTF-8 one (header)", () => {
    const utf8 = decodeBody(fixtureUtf8, "text/html; charset=utf-8", "html");
    expect(utf8).toMatchObject({ via: "header", charset: "utf-8", warnings: [] });
    // As `iconv -t gbk//TRANSLIT` would: GBK has no U+30FB (・) or U+FFFD.
    const gbkBytes = iconv.encode(fixtureUtf8.toString("utf8").replace(/\u30fb/g, "\u00b7"), "gbk");
    const gbk = decodeBody(gbkBytes, "text/html", "html");
    expect(gbk).toMatchObject({ via: "document", charset: "gb18030" });
    const a = parseArticlePage(utf8.text, fixtureUrl);
    const b = parseArticlePage(gbk.text, fixtureUrl);
    // A GB decode shows U+2015 as the em dash and U+30FB as the middle dot, as browsers do.
    const asBrowserShowsGb = (s: string) =>
      s
        .replace(/\u2015/g, "\u2014")
        .replace(/\u30fb/g, "\u00b7")
        .replace(/\ufffd/g, "?");
    expect(b.title).toBe(asBrowserShowsGb(a.title));
    expect(b.body.map((p) => p.text)).toEqual(a.body.map((p) => asBrowserShowsGb(p.text)));
    expect(b.editors).toEqual(a.editors);
  });
});

describe("decodeBody on any bytes", () => {
  it("never throws and returns text with a known charset", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.option(fc.constantFrom("text/html", "text/html; charset=gbk", "text/html; charset=bogus")),
        (bytes, ct) => {
          const d = decodeBody(bytes, ct ?? undefined, "html");
          expect(typeof d.text).toBe("string");
          expect(d.charset).toBeTruthy();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("decodes UTF-32 with a byte order mark", () => {
    const text = "한국어 日本語";
    const cps = [...text].map((c) => c.codePointAt(0) ?? 0);
    const body = new Uint8Array(4 + cps.length * 4);
    const view = new DataView(body.buffer);
    view.setUint32(0, 0xfeff, true);
    cps.forEach((cp, i) => view.setUint32(4 + i * 4, cp, true));
    expect(decodeBody(body, undefined, "text")).toMatchObject({ text, charset: "utf-32le", via: "bom" });
  });
});
