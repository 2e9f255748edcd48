// One module graph for scripts/bench-wrap.mjs (each tsx import gets its own): the layout API and the loader of
// the width tables it needs.
export { layoutPrepared, prepareParagraph, wrapParagraph } from "../src/text/wrap.js";
export { loadWidthTables } from "../src/text/width.js";
