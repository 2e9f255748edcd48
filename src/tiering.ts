// V8 optimises a function with TurboFan, on a helper thread, once it has used up an "interrupt budget" of bytecode
// run (66 KB in Node 20's V8, 11.3: `node --v8-options`). A cold refresh runs the parsers' and the archive's code a
// few thousand times at first, so at that budget TurboFan compiled ~111 functions (254 KB of code) in a 100-feed
// refresh, several of them while their feedback was still settling, to be thrown away and compiled again. Four times
// the budget leaves that code in the baseline tier (Sparkplug) a little longer and compiles what stays hot: `node
// scripts/bench-compile.mjs --scale=100 --rounds=3 --baseline=<with it>` gave 69 TurboFan compiles, 163 KB of code,
// 1 function compiled again and 0 eager deopts, against 111, 254 KB, 4 and 4. Twice the budget gave 97 compiles (231
// KB); eight times 51 (119 KB), but kept hot loops unoptimised longer for no further gain in CPU. Set at run time, it
// applies from then on: V8 reads it each time it renews a function's budget.
import { lazyBuiltin } from "./builtin.js";

const v8 = lazyBuiltin<typeof import("node:v8")>("node:v8");

/** 4 × V8's default of 66 KB. */
const INTERRUPT_BUDGET = 4 * 67_584;

export function optimiseWhatStaysHot(): void {
  try {
    v8().setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  } catch {
    // A runtime that refuses flags: V8's own budget stays.
  }
}
