// The archive's 简体 normaliser walks opencc-js's dictionaries itself (src/text/opencc.ts). What search finds
// depends on it giving what opencc-js gives for every text: an archive indexed by one and searched with the
// other would miss. Each case is checked against opencc-js's own converter.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import OpenCC from "opencc-js/t2cn";
import { configs } from "opencc-js/preset/t2cn";
import { loadConverter, type HantVariant } from "../../src/text/script.js";

const VARIANTS: HantVariant[] = ["tw", "hk", "t"];

/** Every key of the dictionaries a configuration uses, phrases and characters. */
function keysOf(variant: HantVariant): string[] {
  const config = configs[`${variant}2s`] as unknown as {
    normalizationChain?: string[][];
    segmentation?: string[];
    conversionChain: string[][];
  };
  const dicts = [
    ...(config.normalizationChain ?? []).flat(),
    ...(config.segmentation ?? []),
    ...config.conversionChain.flat(),
  ];
  return dicts.flatMap((dict) => dict.split("|").map((entry) => entry.split(" ")[0]!));
}

describe("the 繁→简 converter", () => {
  for (const variant of VARIANTS) {
    const theirs = OpenCC.Converter({ from: variant, to: "cn" });

    it(`converts every dictionary key and phrases run together as opencc-js does (${variant})`, async () => {
      const ours = await loadConverter("hans", variant);
      const keys = keysOf(variant);
      const differing = keys.filter((key) => ours(key) !== theirs(key));
      expect(differing).toEqual([]);
      // Keys side by side: a longer phrase may start inside the one before, or span two.
      for (let i = 0; i + 3 < keys.length; i += 3) {
        const text = `${keys[i]}${keys[i + 1]}的${keys[i + 2]}${keys[i + 3]}。`;
        if (ours(text) !== theirs(text)) expect(ours(text)).toBe(theirs(text));
      }
    });

    it(`converts any text as opencc-js does (${variant})`, async () => {
      const ours = await loadConverter("hans", variant);
      const keys = keysOf(variant);
      // Dictionary characters and phrases, with what the walk treats apart: ideographic description sequences,
      // astral characters, a lone surrogate, compatibility ideographs, Latin text and spaces.
      const piece = fc.oneof(
        fc.constantFrom(...keys),
        fc.constantFrom(
          ..."⿰⿱⿲⿳⿴⿻木口水",
          "𠀋",
          "𡘙",
          "\ud840",
          "\udc0b",
          "豈",
          "更",
          "a",
          " ",
          "\n",
          "。",
        ),
        fc.string({ unit: "grapheme", maxLength: 3 }),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
          const text = pieces.join("");
          expect(ours(text)).toBe(theirs(text));
        }),
        { numRuns: Number(process.env["FC_RUNS"] ?? 2000) },
      );
    });
  }

  it("cuts the text at its phrases before converting, as opencc-js does", async () => {
    // Without the cut these come out differently: a character key runs on into a phrase (什么 + 麼), or a
    // variant's phrase spans two of the cut's pieces.
    for (const [variant, text] of [
      ["tw", "什么麼"],
      ["tw", "多么麽"],
      ["hk", "衹見樹木吒"],
    ] as const)
      expect(await loadConverter("hans", variant).then((ours) => ours(text))).toBe(
        OpenCC.Converter({ from: variant, to: "cn" })(text),
      );
  });

  it("leaves text with nothing to convert as it is", async () => {
    const ours = await loadConverter("hans", "tw");
    const text = "东屿岛的渔港十年间转身为观光小镇。Korea 한국어 にほんご";
    expect(ours(text)).toBe(text);
    expect(ours("")).toBe("");
  });
});
