// Imported by the HTTP source before undici, which compiles its HTTP parser (WebAssembly) as it loads: see
// ../liftoff.ts for why that compilation stays with Liftoff.
import { compileWasmWithLiftoffOnly } from "../liftoff.js";

compileWasmWithLiftoffOnly();
