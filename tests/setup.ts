// Unit tests measure any text: load the full width tables first, as the commands and the interface do.
import { loadWidthTables } from "../src/text/width.js";

await loadWidthTables();
