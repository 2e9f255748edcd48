// Set-up for every test file.
import fc from "fast-check";
import { loadWidthTables } from "../src/text/width.js";

// Unit tests measure any text: load the full width tables first, as the commands and the interface do.
await loadWidthTables();

// Property tests run with a fixed seed so that a run is reproducible (CI fails or passes for a reason).
// FC_SEED=<n> explores other cases; FC_RUNS raises the count where a test honours it.
fc.configureGlobal({ seed: Number(process.env["FC_SEED"] ?? 20230918) });
