import { describe, expect, it } from "vitest";
import { qrLines } from "../../src/share/qr.js";

import { DARK, LIGHT, photograph, scan } from "../helpers/qr-scan.js";

const URLS = [
  "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html",
  "http://politics.people.com.cn/n1/2024/0424/c1001-40222553.html",
  // A long people.com.cn URL (search results with the query and paging in it).
  "http://search.people.cn/s/?keyword=%E4%B9%A0%E8%BF%91%E5%B9%B3%E6%96%B0%E6%97%B6%E4%BB%A3%E4%B8%AD%E5%9B%BD%E7%89%B9%E8%89%B2%E7%A4%BE%E4%BC%9A%E4%B8%BB%E4%B9%89%E6%80%9D%E6%83%B3&st=0&_=1713948000000&page=2",
  // The same query as raw CJK (an IRI): encoded as UTF-8 bytes.
  "http://search.people.cn/s/?keyword=主題教育&st=0",
  "https://example.org/",
];

describe("qrLines", () => {
  it.each(URLS)("draws a code that a scanner reads back as the URL on a dark terminal: %s", (url) => {
    const lines = qrLines(url);
    // Dark terminal: the characters are drawn light on the dark background.
    expect(scan(photograph(lines, LIGHT, DARK))).toBe(url);
  });

  it.each(URLS)("with invert, draws a code that reads back on a light terminal: %s", (url) => {
    const lines = qrLines(url, { invert: true });
    expect(scan(photograph(lines, DARK, LIGHT))).toBe(url);
  });

  it("the default is the dark-terminal variant: drawn light-on-light it would not scan", () => {
    const url = URLS[1]!;
    // The same lines on a light terminal come out as a negative, which a plain scanner does not read.
    expect(scan(photograph(qrLines(url), DARK, LIGHT))).toBeUndefined();
  });

  it("reads back with the standard 4-module quiet zone and with L error correction", () => {
    const url = URLS[2]!;
    expect(scan(photograph(qrLines(url, { quietZone: 4 }), LIGHT, DARK))).toBe(url);
    expect(scan(photograph(qrLines(url, { errorCorrection: "L" }), LIGHT, DARK))).toBe(url);
  });

  it("uses only half blocks and spaces, every line 2 * quiet zone + modules wide, two modules per line", () => {
    for (const quietZone of [0, 2, 4]) {
      const lines = qrLines(URLS[0]!, { quietZone });
      const width = [...lines[0]!].length;
      const modules = width - 2 * quietZone;
      expect((modules - 21) % 4).toBe(0); // versions 1..40 are 21 + 4k modules
      expect(lines).toHaveLength(Math.ceil(width / 2));
      for (const line of lines) {
        expect([...line]).toHaveLength(width);
        expect(line).toMatch(/^[▀▄█ ]*$/u);
      }
    }
  });

  it("keeps a 200-byte URL within version 10 (57 modules) at error correction M", () => {
    const url = `http://www.people.com.cn/${"a".repeat(200 - "http://www.people.com.cn/".length)}`;
    expect(Buffer.byteLength(url)).toBe(200);
    const lines = qrLines(url, { quietZone: 0 });
    expect([...lines[0]!].length).toBeLessThanOrEqual(57);
    expect(scan(photograph(qrLines(url), LIGHT, DARK))).toBe(url);
  });
});
