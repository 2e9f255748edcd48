import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flatCopies } from "../src/model.js";

describe("flatCopies", () => {
  it("gives back every text as it was, in order, lone surrogates and control characters too", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" })), (texts) => {
        expect(flatCopies(texts)).toEqual(texts);
      }),
    );
    expect(flatCopies(["\ud800x", "a\u0000b", "\u2028"])).toEqual(["\ud800x", "a\u0000b", "\u2028"]);
  });
});
