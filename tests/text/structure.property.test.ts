// Invariants of the structured layout, on random articles of tables, lists, figures, quotes, preformatted
// text and ruby, in every ruby mode and setting, at every width the interface allows: no line wider than the
// width, and no text lost (every cell, item and caption is shown where the layout says it is).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Block, RubyAnnotation } from "../../src/model.js";
import { layoutArticle, pieceTexts, prepareArticle } from "../../src/text/article.js";
import { displayWidth } from "../../src/text/width.js";
import type { LayoutOptions } from "../../src/text/wrap.js";

const word = fc.oneof(
  fc.constantFrom(..."的一是在不了有和人这中大为上个国我以要他時來用們生到作地於出就分對成會"),
  fc.constantFrom(..."あいうえおかきくけこアイウエオ、。，「」（）・ー"),
  fc.constantFrom("가나다", "한국어", "대통령은"),
  fc.stringMatching(/^[A-Za-z]{1,12}$/),
  fc.stringMatching(/^[0-9]{1,3}(,[0-9]{3}){0,2}%?$/),
  fc.constantFrom(" ", "“", "”", "…", "——", "👍🏽", "https://example.com/a/b?x=1"),
);
const text = (max: number) =>
  fc.array(word, { minLength: 1, maxLength: max }).map((w) => w.join("").trim() || "字");
const cell = fc.oneof(text(6), fc.constant(""));

const tableBlock: fc.Arbitrary<Block> = fc
  .record({
    columns: fc.integer({ min: 1, max: 8 }),
    rows: fc.integer({ min: 1, max: 5 }),
    header: fc.boolean(),
    caption: fc.option(text(8), { nil: undefined }),
  })
  .chain(({ columns, rows, header, caption }) =>
    fc
      .array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows })
      .map((grid): Block => ({
        type: "table",
        text: grid.map((r) => r.join(" ")).join("\n"),
        rows: grid.map((cells, i) => ({ header: header && i === 0, cells })),
        ...(caption ? { caption } : {}),
      })),
  );

/** A paragraph-like block with readings over some of its characters. */
const withRuby = (type: Block["type"], extra: Partial<Block> = {}): fc.Arbitrary<Block> =>
  fc
    .record({
      body: text(40),
      readings: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 }), text(3))),
    })
    .map(({ body, readings }) => {
      const ruby: RubyAnnotation[] = [];
      let last = 0;
      for (const [at, length, reading] of readings) {
        const start = last + (at % 5);
        const end = start + length;
        if (end > body.length) break;
        // Bases never split a surrogate pair.
        if (/[\udc00-\udfff]/.test(body[start] ?? "") || /[\ud800-\udbff]/.test(body[end - 1] ?? ""))
          continue;
        ruby.push({ start, end, reading });
        last = end;
      }
      return { type, text: body, ...extra, ...(ruby.length ? { ruby } : {}) };
    });

const block: fc.Arbitrary<Block> = fc.oneof(
  tableBlock,
  withRuby("paragraph"),
  withRuby("figure"),
  fc
    .record({
      depth: fc.integer({ min: 0, max: 3 }),
      marker: fc.constantFrom("・", "1.", "（一）", "", "12."),
    })
    .chain(({ depth, marker }) => withRuby("list-item", { depth, marker })),
  fc.integer({ min: 0, max: 2 }).chain((depth) => withRuby("quote", { depth })),
  withRuby("heading"),
  fc
    .array(text(20), { minLength: 1, maxLength: 4 })
    .map((lines): Block => ({ type: "preformatted", text: lines.join("\n") })),
);

const options: fc.Arbitrary<Partial<LayoutOptions>> = fc.record({
  ambiguous: fc.constantFrom("narrow" as const, "wide" as const),
  kinsoku: fc.constantFrom("basic" as const, "strict" as const),
  indent: fc.constantFrom("none" as const, "fullwidth" as const),
  ruby: fc.constantFrom("hidden" as const, "inline" as const, "above" as const),
});
// The narrowest reading column the interface offers is 20.
const width = fc.integer({ min: 20, max: 160 });
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };
const squeeze = (s: string) => s.replace(/\s/g, "");

describe("structured layout: properties", () => {
  it("never lays out a line wider than the width", () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), options, width, (body, opts, w) => {
        const article = {
          url: "u",
          title: "標題",
          breadcrumb: [],
          editors: [],
          body,
          recommended: [],
          warnings: [],
        };
        for (const line of layoutArticle(prepareArticle(article, opts), w).lines)
          expect(displayWidth(line.text, opts.ambiguous), line.text).toBeLessThanOrEqual(w);
      }),
      RUNS,
    );
  });

  it("shows every cell of a table, at the place its segments name", () => {
    fc.assert(
      fc.property(tableBlock, options, width, (table, opts, w) => {
        const article = {
          url: "u",
          title: "",
          breadcrumb: [],
          editors: [],
          body: [table],
          recommended: [],
          warnings: [],
        };
        const prepared = prepareArticle(article, opts);
        const texts = pieceTexts(prepared);
        const layout = layoutArticle(prepared, w);
        const piece = prepared.pieces.findIndex((p) => p.kind === "table");
        const shown = layout.lines
          .filter((l) => l.piece === piece)
          .flatMap((l) => (l.segments ?? []).map((s) => ({ ...s, line: l.text })))
          .sort((a, b) => a.offset - b.offset);
        for (const s of shown) expect(s.line).toContain(texts[piece]!.slice(s.offset, s.offset + s.length));
        const cells = table.rows!.flatMap((r) => r.cells);
        // In the row form, header cells are the labels rather than values of their own.
        const values = layout.lines.some((l) => l.piece === piece && /^[┌+]/.test(l.text))
          ? cells
          : table.rows!.some((r) => !r.header)
            ? table.rows!.filter((r) => !r.header).flatMap((r) => r.cells)
            : cells;
        expect(squeeze(shown.map((s) => texts[piece]!.slice(s.offset, s.offset + s.length)).join(""))).toBe(
          squeeze(values.join("")),
        );
      }),
      RUNS,
    );
  });

  it("keeps every character of text under ruby, and never puts a reading in a text row", () => {
    fc.assert(
      fc.property(withRuby("paragraph"), options, width, (paragraph, opts, w) => {
        const article = {
          url: "u",
          title: "",
          breadcrumb: [],
          editors: [],
          body: [paragraph],
          recommended: [],
          warnings: [],
        };
        const lines = layoutArticle(prepareArticle(article, opts), w).lines.filter((l) => l.kind !== "blank");
        const rows = lines
          .filter((l) => l.kind !== "ruby")
          .map((l) => l.text)
          .join("");
        if (opts.ruby === "inline") {
          let expected = "";
          let last = 0;
          for (const r of paragraph.ruby ?? []) {
            expected += paragraph.text.slice(last, r.end) + `（${r.reading}）`;
            last = r.end;
          }
          expect(squeeze(rows)).toBe(squeeze(expected + paragraph.text.slice(last)));
        } else {
          expect(squeeze(rows)).toBe(squeeze(paragraph.text));
        }
      }),
      RUNS,
    );
  });
});
