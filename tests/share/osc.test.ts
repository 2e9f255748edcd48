import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inScreen, inTmux, osc52, osc8, terminalSafeUrl } from "../../src/share/osc.js";

const ESC = "\x1b";
const url = "http://sample.reader.invalid/BIG5/n1/2023/0918/c166190-40574906.html";

describe("osc8", () => {
  it("wraps the text in an OSC 8 hyperlink, ST-terminated, with empty parameters", () => {
    expect(osc8(url, "山東:以堅強組織領導確保取得實效")).toBe(
      `\x1b]8;;${url}\x1b\\山東:以堅強組織領導確保取得實效\x1b]8;;\x1b\\`,
    );
  });

  it("percent-encodes CJK and spaces in the URL (an OSC 8 URI is printable ASCII only)", () => {
    expect(osc8("http://search.people.cn/s/?keyword=主題 教育", "搜")).toBe(
      "\x1b]8;;http://search.people.cn/s/?keyword=%E4%B8%BB%E9%A1%8C%20%E6%95%99%E8%82%B2\x1b\\搜\x1b]8;;\x1b\\",
    );
  });

  it("gives the bare text for anything but http(s)", () => {
    for (const bad of ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/", "", "http://"])
      expect(osc8(bad, "link")).toBe("link");
  });

  it("a URL with ESC, BEL or ST in it cannot end the sequence or start another one", () => {
    const hostile = `http://evil.example/\x07\x1b]52;c;cHduZWQ=\x07\x1b\\\x1b[2J\x9c\x9dx`;
    const out = osc8(hostile, `click\x1b[31m\x07me`);
    expect(out).toBe("\x1b]8;;http://evil.example/]52;c;cHduZWQ=\\[2Jx\x1b\\clickme\x1b]8;;\x1b\\");
  });

  it("for any URL and text, the only escapes in the output are the two OSC 8 brackets", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (path, text) => {
        const out = osc8(`https://example.org/${path}`, text);
        const escapes = out.split(ESC).length - 1;
        expect(escapes).toBe(4); // ESC ] 8 … ESC \ text ESC ] 8 ; ; ESC \
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\x07\x80-\x9f]/);
        expect(out.startsWith(`${ESC}]8;;https://example.org/`)).toBe(true);
        expect(out.endsWith(`${ESC}]8;;${ESC}\\`)).toBe(true);
      }),
    );
  });
});

describe("osc52", () => {
  it("sets the clipboard with the base64 of the UTF-8 text, BEL-terminated", () => {
    expect(osc52(url, { tmux: false, screen: false })).toBe(
      "\x1b]52;c;aHR0cDovL3NhbXBsZS5yZWFkZXIuaW52YWxpZC9CSUc1L24xLzIwMjMvMDkxOC9jMTY2MTkwLTQwNTc0OTA2Lmh0bWw=\x07",
    );
    expect(osc52("發展", { tmux: false, screen: false })).toBe("\x1b]52;c;55m85bGV\x07");
  });

  it("inside tmux, wraps it in DCS passthrough with the inner ESC doubled", () => {
    expect(osc52("發展", { tmux: true })).toBe("\x1bPtmux;\x1b\x1b]52;c;55m85bGV\x07\x1b\\");
  });

  it("inside screen, splits the payload into 76-character passthrough pieces", () => {
    const text = "x".repeat(100); // 136 base64 characters: two pieces
    const payload = Buffer.from(text).toString("base64");
    expect(osc52(text, { tmux: false, screen: true })).toBe(
      `\x1bP\x1b]52;c;${payload.slice(0, 76)}\x1b\\\x1bP${payload.slice(76)}\x07\x1b\\`,
    );
  });

  it("follows the environment when not told: TMUX set means passthrough", () => {
    const saved = process.env.TMUX;
    try {
      process.env.TMUX = "/tmp/tmux-0/default,123,0";
      expect(osc52("a")).toBe("\x1bPtmux;\x1b\x1b]52;c;YQ==\x07\x1b\\");
      delete process.env.TMUX;
      const plain = osc52("a", { screen: false });
      expect(plain).toBe("\x1b]52;c;YQ==\x07");
    } finally {
      if (saved === undefined) delete process.env.TMUX;
      else process.env.TMUX = saved;
    }
  });

  it("the payload decodes back to the text for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const out = osc52(text, { tmux: false, screen: false });
        const payload = out.slice("\x1b]52;c;".length, -1);
        expect(payload).toMatch(/^[A-Za-z0-9+/=]*$/);
        expect(Buffer.from(payload, "base64").toString("utf8")).toBe(text);
      }),
    );
  });
});

describe("inTmux / inScreen", () => {
  it("tell the multiplexer from the environment", () => {
    expect(inTmux({ TMUX: "/tmp/tmux-1000/default,4242,0" })).toBe(true);
    expect(inTmux({})).toBe(false);
    expect(inScreen({ STY: "1234.pts-0.host" })).toBe(true);
    expect(inScreen({ STY: "1234.pts-0.host", TMUX: "/tmp/t,1,0" })).toBe(false);
  });
});

describe("terminalSafeUrl", () => {
  it("keeps an ordinary URL as it is and refuses other schemes", () => {
    expect(terminalSafeUrl(url)).toBe(url);
    expect(terminalSafeUrl("HTTPS://Example.org/a?b=c#d")).toBe("HTTPS://Example.org/a?b=c#d");
    expect(terminalSafeUrl("mailto:a@b.c")).toBeUndefined();
  });
});
