// A feed decides how long its links are: a link too long for any QR code (over 2,331 bytes at level M) gives a
// share panel with the link and no code, never an exception from the encoder.
import { stripVTControlCharacters } from "node:util";
import { renderToString } from "ink";
import { expect, it } from "vitest";
import { qrLines } from "../../src/share/qr.js";
import { ShareScreen } from "../../src/tui/screens/share.js";
import { makeTheme } from "../../src/tui/theme.js";

const longUrl = `https://example.com/article?${"q=%E4%B8%AD&".repeat(256)}`; // ~3 KB

it("a 3 KB link has no QR code, and the share panel says so and still shows the link", () => {
  expect(longUrl.length).toBeGreaterThan(3000);
  const qr = qrLines(longUrl);
  expect(qr).toEqual([]);
  const frame = renderToString(
    <ShareScreen
      target={{ title: "長連結", url: longUrl, qr }}
      width={80}
      height={30}
      theme={makeTheme("dark")}
      canOpen={false}
    />,
    { columns: 80 },
  );
  expect(frame).toContain("https://example.com/article?q=");
  expect(frame).toContain("link too long for a QR code");
  expect(frame).not.toContain("QR…");
});

it("a link that fits still gets its code", () => {
  expect(qrLines("https://example.com/a").length).toBeGreaterThan(5);
});

it("at 40 columns, a code too big for the terminal is explained whole: the size it needs and what to do", () => {
  const url = "http://sample.reader.invalid/ja/n3/2025/0828/c94475-10384990.html";
  const frame = renderToString(
    <ShareScreen
      target={{ title: "台風10号 九州で記録的な大雨", url, qr: qrLines(url) }}
      width={40}
      height={14}
      theme={makeTheme("dark")}
      canOpen={false}
    />,
    { columns: 40 },
  );
  const text = stripVTControlCharacters(frame).replace(/\s+/g, " ");
  expect(text).toMatch(/QR code needs \d+×\d+: enlarge the terminal/);
  expect(text).not.toContain("…");
});
