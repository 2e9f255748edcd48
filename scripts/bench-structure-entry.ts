// One module graph for scripts/bench-structure.mjs: the page parser, the article layout, and the DOM helpers the
// benchmark uses to find the ground truth (cells, captions, items) in each page.
export { parseArticlePage } from "../src/sources/page.js";
export { layoutArticle, prepareArticle } from "../src/text/article.js";
export { displayWidth, loadWidthTables } from "../src/text/width.js";
export { parseHtml, rawText, select, attr, textStats } from "../src/sources/html.js";
export { decodeBody } from "../src/sources/decode.js";
